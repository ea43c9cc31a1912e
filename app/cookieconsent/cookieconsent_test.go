package cookieconsent_test

import (
	"encoding/base64"
	"encoding/json"
	"io/fs"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"privacyportal/app/company"
	"privacyportal/app/cookieconsent"
	"privacyportal/app/i18n"
	"privacyportal/app/problem"
	"privacyportal/site/assets"
)

// hostileIDs are generated ids around the one shape: every valid id's
// every position replaced by characters a visitor, a script or a proxy
// might put there, ids cut short, lengthened, padded, in upper case, of
// another UUID version or variant, the older 32-hex form, and random
// strings. Each comes with valid ids from NewID.
func hostileIDs(r *rand.Rand, n int) []string {
	odd := []string{"A", "F", "g", "z", "G", "-", "_", " ", "\t", "\n", "\x00", "\"", "'", "<", ">", "/", "\\", "%", "=", ";", ",",
		"é", "０", "ａ", "\u200b", "\u202e", "İ", "K", "🙂", "%2d", "\r\n"}
	var out []string
	for len(out) < n {
		var b [16]byte
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		id := cookieconsent.NewID(b)
		out = append(out, id, strings.ToUpper(id), " "+id, id+"\n", id+"0", id[:35], id[1:], strings.ReplaceAll(id, "-", ""),
			id[:14]+"1"+id[15:], id[:19]+"c"+id[20:], id[:19]+"7"+id[20:], id+id, "{"+id+"}", "urn:uuid:"+id)
		pos := r.IntN(len(id))
		ch := odd[r.IntN(len(odd))]
		out = append(out, id[:pos]+ch+id[pos+1:], id[:pos]+ch+id[pos:])
		raw := make([]byte, r.IntN(80))
		for i := range raw {
			raw[i] = byte(r.IntN(256))
		}
		out = append(out, string(raw))
	}
	return out
}

// ValidID takes exactly what IDPattern describes, on generated hostile
// ids, and every id NewID makes.
func TestValidIDIsTheOneShape(t *testing.T) {
	pattern := regexp.MustCompile(cookieconsent.IDPattern)
	r := rand.New(rand.NewPCG(1, 2))
	valid := 0
	for _, id := range hostileIDs(r, 20000) {
		if got, want := cookieconsent.ValidID(id), pattern.MatchString(id); got != want {
			t.Errorf("ValidID(%q) = %v, the pattern says %v", id, got, want)
		}
		if cookieconsent.ValidID(id) {
			valid++
		}
	}
	if valid == 0 {
		t.Fatal("no generated id was valid: the test proves nothing")
	}
	for i := 0; i < 1000; i++ {
		var b [16]byte
		for j := range b {
			b[j] = byte(r.IntN(256))
		}
		if id := cookieconsent.NewID(b); !cookieconsent.ValidID(id) {
			t.Fatalf("NewID made %q, which ValidID refuses", id)
		}
	}
	for _, id := range []string{"0123456789abcdef0123", "0123456789abcdef0123456789abcdef", "c1", ""} {
		if cookieconsent.ValidID(id) {
			t.Errorf("ValidID(%q) = true; only the UUID shape is an id", id)
		}
	}
}

// The page script (site/assets/consent.js) decides before the app has
// loaded whether a cookie holds a choice; its pattern must be IDPattern,
// or a cookie Go treats as no choice would silence the banner there.
func TestPageScriptKnowsTheIDShape(t *testing.T) {
	src, err := fs.ReadFile(assets.FS(), "consent.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`var idShape = /(.+)/;`).FindSubmatch(src)
	if m == nil {
		t.Fatal("consent.js has no idShape pattern")
	}
	if string(m[1]) != cookieconsent.IDPattern {
		t.Errorf("consent.js checks ids against /%s/, Go against /%s/", m[1], cookieconsent.IDPattern)
	}
}

// A cookie whose id is of any other shape is no choice: Parse refuses it,
// so the app and the Worker ask again and no receipt is found for it.
func TestCookieWithAMalformedIDIsNoChoice(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, id := range hostileIDs(r, 3000) {
		b, _ := json.Marshal(map[string]any{"id": id, "v": "1", "c": []string{"statistics"}, "t": 1767225600, "m": "accept"})
		_, err := cookieconsent.Parse(base64.RawURLEncoding.EncodeToString(b))
		if cookieconsent.ValidID(id) != (err == nil) {
			t.Errorf("Parse of a cookie with id %q: %v", id, err)
		}
	}
}

// A record with an id of another shape is refused with a message that
// says what an id is, in each language.
func TestRecordRefusesMalformedIDs(t *testing.T) {
	k := company.Cookies{PolicyVersion: "1", Categories: []company.CookieCategory{{ID: "necessary"}, {ID: "statistics"}}}
	r := rand.New(rand.NewPCG(5, 6))
	for _, id := range hostileIDs(r, 2000) {
		rec := cookieconsent.Record{ConsentID: id, Granted: []string{"statistics"}, Version: "1", Method: cookieconsent.MethodAccept}
		errs := rec.Validate(k)
		if cookieconsent.ValidID(id) != (len(errs) == 0) {
			t.Errorf("Validate with id %q: %v", id, errs)
		}
	}
	errs := cookieconsent.Record{ConsentID: "not-an-id", Version: "1", Method: cookieconsent.MethodReject, Refused: []string{"statistics"}}.Validate(k)
	for _, l := range []i18n.Lang{i18n.NB, i18n.DA, i18n.EN} {
		msg := problem.Messages(l, errs)["consent_id"]
		if !strings.Contains(msg, "UUID") || msg == problem.Message(l, problem.FieldError{Problem: problem.ErrInvalid}) {
			t.Errorf("%s: the message for a malformed id is %q", l, msg)
		}
	}
}
