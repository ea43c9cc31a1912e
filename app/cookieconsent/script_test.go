package cookieconsent_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacyportal/app/company"
	"privacyportal/app/cookieconsent"
	"privacyportal/site/assets"
)

// scriptHarness runs site/assets/consent.js once per case in a fresh
// JavaScript context with the smallest browser it touches: one cookie, the
// company's policy in its meta tag, a clock and navigator.globalPrivacyControl.
// It reports what a visitor would see: whether the stored choice stands
// (the page says data-consent "known" or "gpc" and nothing is saved anew)
// or the visitor is asked again (or, with GPC, refused without asking).
const scriptHarness = `
const vm = require("node:vm");
const fs = require("node:fs");
const src = fs.readFileSync(process.argv[2], "utf8");
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
const out = cases.map((c) => {
  const attrs = {};
  let saved = false;
  const node = () => ({ setAttribute() {}, getAttribute: () => null, hasAttribute: () => false, focus() {}, contains: () => false });
  const root = {
    lang: "nb",
    setAttribute: (k, v) => { attrs[k] = String(v); },
    removeAttribute: (k) => { delete attrs[k]; },
    getAttribute: (k) => (k in attrs ? attrs[k] : null),
    hasAttribute: (k) => k in attrs,
  };
  const document = {
    documentElement: root,
    cookie: c.cookie,
    head: { appendChild() {} },
    querySelector: (sel) => (sel.startsWith("meta") ? { getAttribute: () => c.meta } : null),
    querySelectorAll: () => [],
    getElementById: () => null,
    createElement: node,
    addEventListener() {},
    dispatchEvent() {},
    contains: () => false,
  };
  class FixedDate extends Date {
    constructor(...a) { super(...(a.length ? a : [c.now * 1000])); }
    static now() { return c.now * 1000; }
  }
  const window = { addEventListener() {} };
  const context = {
    window, document, Date: FixedDate, btoa, atob,
    navigator: { globalPrivacyControl: c.gpc },
    location: { hostname: "127.0.0.1", pathname: "/" },
    crypto: { randomUUID: () => "00000000-0000-4000-8000-000000000000", getRandomValues: (b) => b },
    CustomEvent: class {},
    fetch: () => { saved = true; return Promise.resolve(); },
  };
  vm.runInNewContext(src, context);
  const shown = attrs["data-consent"];
  return !saved && (shown === "known" || shown === "gpc");
});
process.stdout.write(JSON.stringify(out));
`

type scriptCase struct {
	Cookie string `json:"cookie"`
	Meta   string `json:"meta"`
	Now    int64  `json:"now"`
	GPC    bool   `json:"gpc"`
	name   string
	stands bool // the Go rule's answer
}

// The page script decides before the app has loaded whether a stored
// cookie choice stands; the Go rule (Parse, then Current) decides it for
// the app's settings page and the Worker. They must give one answer, or a
// visitor is asked again by one and not the other: on generated cookies
// (ages around each lifetime, clocks ahead, other policy versions, GPC on
// and off, ids of other shapes, fields of other types, keys in other case,
// encodings Go refuses) the script must say what Go says.
func TestPageScriptFollowsTheGoRule(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed to run the page script (make test installs the rest): ", err)
	}
	src, err := fs.ReadFile(assets.FS(), "consent.js")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "consent.js")
	harness := filepath.Join(dir, "harness.js")
	if err := os.WriteFile(script, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(harness, []byte(scriptHarness), 0o644); err != nil {
		t.Fatal(err)
	}

	cases := scriptCases(rand.New(rand.NewPCG(21, 7)), 1500)
	in, _ := json.Marshal(cases)
	cmd := exec.Command(node, harness, script)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the harness failed: %v\n%s", err, stderr.String())
	}
	var got []bool
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(cases) {
		t.Fatalf("the harness answered %d of %d cases (%v)", len(got), len(cases), err)
	}
	stood, wrong := 0, 0
	for i, c := range cases {
		if c.stands {
			stood++
		}
		if got[i] != c.stands {
			wrong++
			if wrong <= 10 {
				t.Errorf("%s: the page script says the choice stands=%v, Go says %v\n  cookie %s", c.name, got[i], c.stands, c.Cookie)
			}
		}
	}
	if wrong > 10 {
		t.Errorf("... and %d more", wrong-10)
	}
	// The cases must try both answers, or agreeing proves little.
	if stood < len(cases)/10 || stood > len(cases)*9/10 {
		t.Errorf("%d of %d generated choices stand; the generator must try both sides", stood, len(cases))
	}
}

// scriptCases are n cookies of one company, each with the Go rule's
// answer.
func scriptCases(r *rand.Rand, n int) []scriptCase {
	days := []int{0, 1, 30, 180, 365, 400, -5}
	const id = "3f2b6c1e-9a4d-4e2f-8b7a-1c2d3e4f5a6b"
	ids := []any{id, strings.ToUpper(id), id[:35], "x", "", nil, 7}
	versions := []any{"3", "2", "", "3 ", nil, 3}
	methods := []any{"accept", "reject", "save", "gpc", nil, 5}
	granted := []any{[]string{"statistics"}, []string{}, nil, "statistics", []any{"statistics", 5}}
	gpcs := []any{true, false, nil, "yes"}
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC).Unix()
	var out []scriptCase
	for len(out) < n {
		k := company.Cookies{PolicyVersion: "3", ConsentDays: days[r.IntN(len(days))], Categories: []company.CookieCategory{
			{ID: company.CookiesNecessary}, {ID: company.CookiesStatistics},
		}}
		meta := cookieconsent.ConfigFor(company.Controller{Slug: "werksta", Cookies: k}).Encode()
		life := int64(cookieconsent.Lifetime(k) / time.Second)
		// Ages around each edge: the lifetime's end, and an hour ahead.
		ages := []int64{0, 60, life - 1, life, life + 1, -3599, -3600, -3601, -86400, life / 2}
		var t any = now - ages[r.IntN(len(ages))]
		switch r.IntN(12) {
		case 0:
			t = fmt.Sprint(t) // a string
		case 1:
			t = json.Number(fmt.Sprintf("%de0", t)) // the same number, written otherwise
		case 2:
			t = float64(t.(int64)) + 0.5
		case 3:
			t = []any{0, -1, nil, 1e300}[r.IntN(4)]
		}
		fields := map[string]any{"id": id, "v": "3", "c": []string{"statistics"}, "t": t, "m": "accept"}
		pick := func(key string, from []any) {
			if r.IntN(4) == 0 {
				if v := from[r.IntN(len(from))]; v == nil && r.IntN(2) == 0 {
					delete(fields, key)
				} else {
					fields[key] = v
				}
			}
		}
		pick("id", ids)
		pick("v", versions)
		pick("m", methods)
		pick("c", granted)
		pick("gpc", gpcs)
		if r.IntN(15) == 0 {
			fields["ID"], fields["Id"] = fields["id"], fields["id"]
			delete(fields, "id")
		}
		body, _ := json.Marshal(fields)
		cookie := base64.RawURLEncoding.EncodeToString(body)
		name := fmt.Sprintf("%s (lifetime %d days)", body, k.ConsentDays)
		switch r.IntN(20) {
		case 0:
			cookie = base64.StdEncoding.EncodeToString(append(body, "  "...)) // + and / and padding
			name += ", standard base64"
		case 1:
			cookie = base64.RawURLEncoding.EncodeToString(append([]byte{0xff}, body...))
			name += ", not UTF-8"
		case 2:
			cookie += "=="
			name += ", padded"
		case 3:
			cookie = cookie[:len(cookie)/2] + "%" + cookie[len(cookie)/2:]
			name += ", not base64"
		}
		gpc := r.IntN(3) == 0
		c := scriptCase{Cookie: cookieconsent.CookieName("werksta") + "=" + cookie, Meta: meta, Now: now, GPC: gpc, name: name}
		if choice, err := cookieconsent.Parse(cookie); err == nil {
			c.stands = cookieconsent.Current(k, choice, time.Unix(now, 0), gpc)
		}
		if gpc {
			c.name += ", GPC on"
		}
		out = append(out, c)
	}
	return out
}
