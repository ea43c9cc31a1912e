package api_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"privacyportal/app/company"
	appcookieconsent "privacyportal/app/cookieconsent"
	"privacyportal/functions/d1"
	"privacyportal/site/controllers"
)

// choices counts the cookie choices recorded.
func (p *portal) choices(t *testing.T) int64 {
	t.Helper()
	rows, err := p.db.Query(context.Background(), d1.Stmt(`SELECT COUNT(*) FROM cookie_consents`))
	if err != nil {
		t.Fatal(err)
	}
	return rows.Values[0][0].(int64)
}

// generatedIDs are consent ids a script might send: near misses of the
// one shape (one character changed, upper case, the older 32 hex digits,
// padded, cut) and random bytes.
func generatedIDs(r *rand.Rand, n int) []string {
	chars := []string{"A", "g", "-", " ", "\x00", "\"", "<", "%", "é", "\u202e", "０", "\n"}
	var out []string
	for len(out) < n {
		var b [16]byte
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		id := appcookieconsent.NewID(b)
		pos := r.IntN(len(id))
		raw := make([]byte, r.IntN(70))
		for i := range raw {
			raw[i] = byte(32 + r.IntN(95))
		}
		out = append(out, id[:pos]+chars[r.IntN(len(chars))]+id[pos+1:], strings.ToUpper(id), strings.ReplaceAll(id, "-", ""),
			id+"x", id[:30], " "+id, string(raw))
	}
	return out
}

// A consent id of any other shape than the one the page makes is refused
// with 422 and a message in the visitor's language that says what an id
// is; nothing is recorded. The one shape is recorded.
func TestCookieChoiceRefusesMalformedIDs(t *testing.T) {
	p := newPortal(t)
	r := rand.New(rand.NewPCG(7, 8))
	body := func(id string) map[string]any {
		return map[string]any{"consent_id": id, "granted": []string{}, "refused": []string{"statistics", "marketing"},
			"policy_version": "2026-01", "method": "reject", "language": "nb", "page": "/werksta/"}
	}
	version := werkstaPolicyVersion(t)
	words := map[string]string{"nb": "Last inn siden", "da": "Genindlæs siden", "en": "Reload the page"}
	for i, id := range generatedIDs(r, 300) {
		if appcookieconsent.ValidID(id) {
			continue
		}
		lang := []string{"nb", "da", "en"}[i%3]
		b := body(id)
		b["policy_version"], b["language"] = version, lang
		rec := p.serve(jsonRequest("/api/werksta/consent/cookies", b))
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("id %q: status %d, want 422: %s", id, rec.Code, rec.Body)
		}
		var a struct {
			Fields map[string]string `json:"fields"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		if msg := a.Fields["consent_id"]; !strings.Contains(msg, words[lang]) {
			t.Errorf("id %q in %s: fields.consent_id = %q", id, lang, msg)
		}
	}
	if n := p.choices(t); n != 0 {
		t.Fatalf("%d choices recorded with malformed ids", n)
	}
	b := body(appcookieconsent.NewID([16]byte{1, 2, 3}))
	b["policy_version"] = version
	if rec := p.serve(jsonRequest("/api/werksta/consent/cookies", b)); rec.Code != http.StatusCreated {
		t.Fatalf("a well-formed id: %d %s", rec.Code, rec.Body)
	}
	if n := p.choices(t); n != 1 {
		t.Errorf("%d choices recorded, want 1", n)
	}
}

// A cookie holding a malformed id is no choice: a form post without
// JavaScript gets a fresh id of the one shape (not the cookie's), and the
// receipt of such a cookie is not found.
func TestCookieWithMalformedIDIsNoChoice(t *testing.T) {
	p := newPortal(t)
	r := rand.New(rand.NewPCG(9, 10))
	for _, id := range generatedIDs(r, 40) {
		if appcookieconsent.ValidID(id) {
			continue
		}
		value := appcookieconsent.Choice{ID: id, Version: werkstaPolicyVersion(t), Granted: []string{"statistics"}, Time: p.clock.now().Unix(), Method: "accept"}.Encode()
		req := formRequest("https://portal.example/api/werksta/consent/cookies", url.Values{"method": {"reject"}, "return": {"/werksta/"}})
		req.AddCookie(&http.Cookie{Name: appcookieconsent.CookieName("werksta"), Value: value})
		rec := p.serve(req)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("id %q: status %d: %s", id, rec.Code, rec.Body)
		}
		set := (&http.Response{Header: rec.Header()}).Cookies()
		if len(set) != 1 {
			t.Fatalf("id %q: cookies set: %v", id, set)
		}
		got, err := appcookieconsent.Parse(set[0].Value)
		if err != nil || got.ID == id || !appcookieconsent.ValidID(got.ID) {
			t.Errorf("id %q in the cookie: the new cookie's id is %q (%v)", id, got.ID, err)
		}

		get := with(httptest.NewRequest("GET", "/api/werksta/consent/cookies/receipt", nil), "Cookie", appcookieconsent.CookieName("werksta")+"="+value)
		if rec := p.serve(get); rec.Code != http.StatusNotFound {
			t.Errorf("the receipt of a cookie with id %q: %d", id, rec.Code)
		}
	}
}

// werkstaPolicyVersion is Werksta's cookie policy version, as its pages
// send it.
func werkstaPolicyVersion(t *testing.T) string {
	t.Helper()
	reg, err := company.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := reg.Lookup("werksta")
	return c.Cookies.PolicyVersion
}
