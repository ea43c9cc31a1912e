package company

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func readExample(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile("testdata/example.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func encode(t *testing.T, m map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseExample(t *testing.T) {
	c, err := Parse("example.json", encode(t, readExample(t)))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.StatementDate().Format("2006-01-02"); got != "2024-02-29" {
		t.Errorf("StatementDate = %s", got)
	}
	if !c.HasOptionalCookies() {
		t.Error("HasOptionalCookies = false, want true (statistics)")
	}
}

// Each broken file is rejected with a message that names the file and the
// field, so the operator knows what to fix.
func TestParseRejects(t *testing.T) {
	tests := []struct {
		name   string
		change func(m map[string]any)
		want   []string // substrings of the error, in order
	}{
		{"missing privacy e-mail", func(m map[string]any) { delete(m, "privacy_email") },
			[]string{"example.json: ", `field "privacy_email": missing`}},
		{"malformed privacy e-mail", func(m map[string]any) { m["privacy_email"] = "personvern(at)example.no" },
			[]string{`field "privacy_email": is not a valid e-mail address`}},
		{"unknown field", func(m map[string]any) { m["privacy_mail"] = "x@example.no" },
			[]string{`field "privacy_mail": unknown field`}},
		{"wrong type", func(m map[string]any) { m["name"] = 42 },
			[]string{`field "name": must be a string, not number`}},
		{"slug not the file name", func(m map[string]any) { m["slug"] = "other" },
			[]string{`field "slug": must match the file name ("example")`}},
		{"reserved slug", func(m map[string]any) { m["slug"] = "api" },
			[]string{`field "slug": is reserved by the portal`}},
		{"bad check digit", func(m map[string]any) {
			m["legal_entities"].([]any)[0].(map[string]any)["org_number"] = "985758221"
		}, []string{`field "legal_entities[0].org_number": is not a valid registration number in NO`}},
		{"org number neither given nor declared unstated", func(m map[string]any) {
			delete(m["legal_entities"].([]any)[1].(map[string]any), "org_number_unstated")
		}, []string{`field "legal_entities[1].org_number": missing`}},
		{"bad date", func(m map[string]any) { m["statement"].(map[string]any)["date"] = "22.06.2023" },
			[]string{`field "statement.date": must be a date in the form YYYY-MM-DD`}},
		{"legal basis out of range", func(m map[string]any) {
			m["purposes"].([]any)[0].(map[string]any)["legal_bases"] = []any{"b", "g"}
		}, []string{`field "purposes[0].legal_bases[1]": must be one of the letters a to f`}},
		{"legitimate interest without that basis", func(m map[string]any) {
			m["purposes"].([]any)[0].(map[string]any)["legitimate_interest"] = "å selge mer"
		}, []string{`field "purposes[0].legitimate_interest": must be left out unless legal_bases has f`}},
		{"transfer neither yes nor no", func(m map[string]any) {
			m["transfers"].(map[string]any)["outside_eea"] = "maybe"
		}, []string{`field "transfers.outside_eea": must be "yes", "may" or "no", or left out`}},
		{"recipient role unknown", func(m map[string]any) {
			m["recipients"].([]any)[0].(map[string]any)["role"] = "partner"
		}, []string{`field "recipients[0].role": must be processor, controller, authority or group`}},
		{"unknown right", func(m map[string]any) {
			m["rights"].([]any)[0].(map[string]any)["right"] = "forget"
		}, []string{`field "rights[0].right": must be one of access`}},
		{"consent lifetime over a year", func(m map[string]any) {
			m["cookies"].(map[string]any)["consent_days"] = 400
		}, []string{`field "cookies.consent_days": must be between 1 and 365`}},
		{"unknown marketing channel", func(m map[string]any) {
			m["marketing"].(map[string]any)["channels"].([]any)[0].(map[string]any)["channel"] = "fax"
		}, []string{`field "marketing.channels[0].channel": must be email, sms, phone or post`}},
		{"a purpose that switches person in the consent wording", func(m map[string]any) {
			m["marketing"].(map[string]any)["channels"].([]any)[0].(map[string]any)["purposes"] = []any{"nyhetsbrev", "tilbud du har fått"}
		}, []string{`field "marketing.channels[0].purposes[1]": must not say "du"`}},
		{"a purpose in the company's voice", func(m map[string]any) {
			m["marketing"].(map[string]any)["channels"].([]any)[0].(map[string]any)["purposes"] = []any{"Markedsføring af vores ydelser"}
		}, []string{`field "marketing.channels[0].purposes[0]": must not say "vores"`}},
		{"a script from a known tool's host without its facts", func(m map[string]any) {
			svc := m["cookies"].(map[string]any)["categories"].([]any)[1].(map[string]any)["services"].([]any)[0].(map[string]any)
			svc["scripts"] = []any{"https://www.googletagmanager.com/gtag/js"}
		}, []string{`field "cookies.categories[1].services[0].known": must be set to "google-analytics"`}},
		{"a script of one known tool tied to another", func(m map[string]any) {
			svc := m["cookies"].(map[string]any)["categories"].([]any)[1].(map[string]any)["services"].([]any)[0].(map[string]any)
			svc["scripts"] = []any{"https://connect.facebook.net/en_US/fbevents.js"}
			svc["known"] = "google-analytics"
		}, []string{`field "cookies.categories[1].services[0].known": must be set to "meta-pixel"`}},
		{"Privacy Shield named as a safeguard without the portal's note", func(m map[string]any) {
			m["transfers"].(map[string]any)["safeguards"] = "Vi bruker standard avtaleklausuler eller Privacy Shield."
		}, []string{`field "transfers.portal_notes": must include "privacy_shield"`}},
		{"a note the portal does not have", func(m map[string]any) {
			m["cookies"].(map[string]any)["portal_notes"] = []any{"looks_fine"}
		}, []string{`field "cookies.portal_notes[0]": must be one of`}},
		{"a known tool the portal does not know", func(m map[string]any) {
			svc := m["cookies"].(map[string]any)["categories"].([]any)[1].(map[string]any)["services"].([]any)[0].(map[string]any)
			svc["known"] = "hotjar"
		}, []string{`field "cookies.categories[1].services[0].known": must name a service the portal knows`}},
		{"an authority of the company's own, and several problems at once", func(m map[string]any) {
			// The authority is the portal's, per country: a company file
			// cannot name one (an old address would send complaints astray).
			m["supervisory_authority"] = map[string]any{"name": "Datatilsynet"}
			m["address"].(map[string]any)["postal_code"] = "06555"
		}, []string{`supervisory_authority`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := readExample(t)
			tt.change(m)
			_, err := Parse("site/controllers/example.json", encode(t, m))
			if err == nil {
				t.Fatal("Parse accepted the file")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "site/controllers/example.json: ") {
				t.Errorf("error does not name the file: %s", msg)
			}
			rest := msg
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("error lacks %q:\n%s", w, msg)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

func TestParseSyntaxErrorNamesLine(t *testing.T) {
	_, err := Parse("x.json", []byte("{\n  \"slug\": \"x\",\n  oops\n}"))
	if err == nil || !strings.Contains(err.Error(), "x.json: invalid JSON at line 3") {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadSortsAndLooksUp(t *testing.T) {
	a := readExample(t)
	b := readExample(t)
	b["slug"], b["name"] = "aaa", "Aaa Bil"
	fsys := fstest.MapFS{
		"example.json": {Data: encode(t, a)},
		"aaa.json":     {Data: encode(t, b)},
		"README.md":    {Data: []byte("not a controller")},
	}
	reg, err := Load(fsys, "site/controllers")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range reg.All() {
		names = append(names, c.Name)
	}
	if diff := cmp.Diff([]string{"Aaa Bil", "Eksempel Bil"}, names); diff != "" {
		t.Errorf("All() order (-want +got):\n%s", diff)
	}
	if c, ok := reg.Lookup("example"); !ok || c.PrivacyEmail != "personvern@example.no" {
		t.Errorf("Lookup(example) = %v, %v", c.PrivacyEmail, ok)
	}
	if _, ok := reg.Lookup("nope"); ok {
		t.Error("Lookup(nope) found something")
	}
}

func TestLoadReportsTheBrokenFile(t *testing.T) {
	m := readExample(t)
	delete(m, "purposes")
	_, err := Load(fstest.MapFS{"example.json": {Data: encode(t, m)}}, "site/controllers")
	if err == nil || !strings.Contains(err.Error(), `site/controllers/example.json: field "purposes": missing`) {
		t.Fatalf("err = %v", err)
	}
}

// A Danish company that asks for consent to marketing names what it will
// market: without it the wording would not say what the customer agrees
// to hear about.
func TestDanishConsentNamesItsProducts(t *testing.T) {
	b, err := os.ReadFile("../../site/controllers/car-room.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse("car-room.json", b); err != nil {
		t.Fatalf("CAR-ROOM as it is: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	delete(m["marketing"].(map[string]any), "products")
	b, _ = json.Marshal(m)
	if _, err := Parse("car-room.json", b); err == nil || !strings.Contains(err.Error(), `field "marketing.products": missing`) {
		t.Errorf("CAR-ROOM without products: %v", err)
	}
}
