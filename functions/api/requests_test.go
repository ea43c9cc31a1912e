package api_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"privacyportal/functions/cookieconsent"
	"privacyportal/functions/keyring"
	"privacyportal/functions/limit"
	"privacyportal/functions/outbox"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/company"
	"privacyportal/app/headers"
	"privacyportal/app/mailmsg"
	"privacyportal/app/signature"
	"privacyportal/functions/api"
	"privacyportal/functions/d1"
	"privacyportal/functions/d1/d1test"
	"privacyportal/functions/mail"
	"privacyportal/functions/requests"
	"privacyportal/site/controllers"
)

// These tests drive the API the way the browser app, a browser with
// JavaScript off and a mail client do: through api.NewServer, with the real
// request workflow on an SQLite store, and an outbox in place of the mail
// binding.

// inbox is a Mailer that keeps every message it is given.
type inbox struct {
	mu   sync.Mutex
	sent []sentMail
}

type sentMail struct {
	To  string
	Raw []byte
}

func (o *inbox) Send(_ context.Context, e outbox.Envelope) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, sentMail{e.To, bytes.Clone(e.Message)})
	return nil
}

func (o *inbox) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.sent)
}

// recipients are the addresses of the messages sent, from the i-th on.
func (o *inbox) recipients(from int) []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var to []string
	for _, m := range o.sent[from:] {
		to = append(to, m.To)
	}
	return to
}

// parsed returns the i-th message sent, as a mail client reads it.
func (o *inbox) parsed(t *testing.T, i int) *mailmsg.Parsed {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	if i >= len(o.sent) {
		t.Fatalf("mail %d was never sent; %d were", i, len(o.sent))
	}
	p, err := mailmsg.Parse(o.sent[i].Raw)
	if err != nil {
		t.Fatalf("mail %d does not parse: %v", i, err)
	}
	return p
}

// clock is the portal's time, moved only by the test.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// portal is the API with its workflow, store and outbox.
type portal struct {
	h      http.Handler
	db     d1.SQL // the portal's database, to read what it stored
	mail   *inbox
	clock  *clock
	signer signature.Signer
}

// newPortal starts a portal at 11:20:30 UTC on 31 January 2026 (due date 28
// February, latest 30 April) that accepts three submissions per client and
// company an hour. Each test, and each subtest, gets its own database.
func newPortal(t testing.TB) *portal {
	t.Helper()
	reg, err := company.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		t.Fatal(err)
	}
	store, db := d1test.Open(t)
	p := &portal{
		db:     db,
		mail:   &inbox{},
		clock:  &clock{time.Date(2026, 1, 31, 11, 20, 30, 0, time.UTC)},
		signer: signature.NewSigner(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))),
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := requests.New(requests.Deps{
		Controllers: reg,
		Store:       store,
		Outbox:      &outbox.Outbox{Store: store, Mailer: p.mail, From: "portal@portal.example", Now: p.clock.now, Log: log},
		Signer:      p.signer,
		Links:       keyring.New([]byte("link key")),
		Limiter: &limit.Limiter{Store: store, Key: []byte("limit key"), Now: p.clock.now,
			PerRecipient: limit.Rule{Name: "recipient", Max: 50, Window: 24 * time.Hour}},
		Now:    p.clock.now,
		Random: rand.NewChaCha8([32]byte{1}),
		Log:    log,
		Config: requests.Config{
			Origin:        "https://portal.example",
			From:          mailmsg.Address{Email: "portal@portal.example"},
			ConfirmWithin: 48 * time.Hour,
			KeepFor:       30 * 24 * time.Hour,
			RateLimit:     3,
			RateWindow:    time.Hour,
		},
	})
	svc.Outbox.OnAbandoned = svc.Abandoned
	lim := &limit.Limiter{Store: store, Key: []byte("limit key"), Now: p.clock.now}
	cookies := cookieconsent.New(cookieconsent.Deps{Controllers: reg, Store: store, Signer: p.signer,
		Now: p.clock.now, Random: rand.NewChaCha8([32]byte{2}), Origin: "https://portal.example", Limiter: lim})
	p.h = api.NewServer(api.Deps{
		Controllers: reg,
		DB:          store,
		Requests:    svc,
		Cookies:     cookies,
		Keys:        func() signature.KeySet { return signature.NewKeySet(p.signer) },
		Origin:      "https://portal.example",
		Now:         p.clock.now,
		Log:         log,
		// Mailgun's event webhooks, signed with this key.
		Mailgun:       &mail.MailgunWebhook{Key: []byte(webhookKey)},
		MailReports:   svc,
		WebhookTokens: store,
	})
	return p
}

// webhookKey is the test portal's Mailgun webhook signing key.
const webhookKey = "key-webhook-test"

func (p *portal) serve(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, req)
	return rec
}

// jsonRequest is a POST from the browser app.
func jsonRequest(target string, v any) *http.Request {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	req := httptest.NewRequest("POST", target, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	return req
}

// formRequest is a form post from a browser with JavaScript off.
func formRequest(target string, v url.Values) *http.Request {
	req := httptest.NewRequest("POST", target, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// with sets a request header.
func with(req *http.Request, name, value string) *http.Request {
	req.Header.Set(name, value)
	return req
}

func form(kv map[string]string) url.Values {
	v := url.Values{}
	for k, val := range kv {
		v.Set(k, val)
	}
	return v
}

func decodeJSON(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want JSON", ct)
	}
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, rec.Body)
	}
	return m
}

func wantStatus(t *testing.T, rec *httptest.ResponseRecorder, want int) {
	t.Helper()
	if rec.Code != want {
		t.Fatalf("status = %d, want %d; body:\n%s", rec.Code, want, rec.Body)
	}
}

func errorJSON(code, message string) map[string]any {
	return map[string]any{"error": map[string]any{"code": code, "message": message}}
}

// accessRequest is a valid request for access, as the form sends it.
func accessRequest(lang string) map[string]string {
	return map[string]string{
		"type": "access", "name": "Åse Ødegård", "email": "ase@example.no", "phone": "912 34 567",
		"registration_number": "ab 12345", "text": "Gjelder verkstedbesøket i mars.", "language": lang,
	}
}

// The links and the code in the portal's e-mails.
var (
	linkRE = regexp.MustCompile(`https://portal\.example/api/requests/([0-9a-f]+)/(confirm|handled|extend)\?token=([A-Za-z0-9_-]+)`)
	codeRE = regexp.MustCompile(`(?m): (\d{6})$`)
)

// mailLink returns the request id and token of a link in a message.
func mailLink(t *testing.T, m *mailmsg.Parsed, action string) (id, token string) {
	t.Helper()
	for _, l := range linkRE.FindAllStringSubmatch(m.Text, -1) {
		if l[2] == action {
			return l[1], l[3]
		}
	}
	t.Fatalf("no %s link in:\n%s", action, m.Text)
	return "", ""
}

// mailCode returns the six-digit code of a confirmation message.
func mailCode(t *testing.T, m *mailmsg.Parsed) string {
	t.Helper()
	c := codeRE.FindStringSubmatch(m.Text)
	if c == nil {
		t.Fatalf("no code in:\n%s", m.Text)
	}
	return c[1]
}

// wrongCode is a six-digit code other than code.
func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

// submitted files a valid request by JSON and returns its id with the
// token and code of its confirmation e-mail.
func (p *portal) submitted(t *testing.T, slug string) (id, token, code string) {
	t.Helper()
	n := p.mail.count()
	rec := p.serve(jsonRequest("/api/"+slug+"/requests", accessRequest("nb")))
	wantStatus(t, rec, http.StatusAccepted)
	confirm := p.mail.parsed(t, n)
	id, token = mailLink(t, confirm, "confirm")
	return id, token, mailCode(t, confirm)
}

// confirmed files and confirms a request, so that it is delivered to the
// company, and returns its id.
func (p *portal) confirmed(t *testing.T, slug string) string {
	t.Helper()
	id, token, _ := p.submitted(t, slug)
	rec := p.serve(jsonRequest("/api/requests/"+id+"/confirm", map[string]string{"token": token}))
	wantStatus(t, rec, http.StatusOK)
	return id
}

// HTML helpers. The pages are the Worker's own, escaped by it, so regular
// expressions over them are enough: an attribute value or a text never
// contains a raw '<', '>' or '"'.

var (
	attrRE    = regexp.MustCompile(`([a-z-]+)(?:="([^"]*)")?`)
	inputRE   = regexp.MustCompile(`<input\b[^>]*>`)
	summaryRE = regexp.MustCompile(`<li><a href="([^"]*)">([^<]*)</a></li>`)
)

// htmlLang is the lang attribute of the page's html element.
func htmlLang(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`<html lang="([^"]*)">`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no <html lang> in:\n%s", body)
	}
	return m[1]
}

// textOf is the unescaped text of the first element of the given tag, or of
// the element with the given id (written "#id").
func textOf(t *testing.T, body, sel string) string {
	t.Helper()
	var re *regexp.Regexp
	if id, ok := strings.CutPrefix(sel, "#"); ok {
		re = regexp.MustCompile(`<[a-z0-9]+\b[^>]*\sid="` + regexp.QuoteMeta(id) + `"[^>]*>([^<]*)<`)
	} else {
		re = regexp.MustCompile(`<` + sel + `\b[^>]*>([^<]*)</` + sel + `>`)
	}
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in:\n%s", sel, body)
	}
	return html.UnescapeString(m[1])
}

// attrs returns the attributes of the element with the given id, unescaped;
// an attribute without a value (checked) has its name as its value.
func attrs(t *testing.T, body, id string) map[string]string {
	t.Helper()
	tag := regexp.MustCompile(`<[a-z]+\b[^>]*\sid="` + regexp.QuoteMeta(id) + `"[^>]*>`).FindString(body)
	if tag == "" {
		t.Fatalf("no element with id %q in:\n%s", id, body)
	}
	out := map[string]string{}
	_, rest, _ := strings.Cut(strings.TrimSuffix(tag, ">"), " ")
	for _, a := range attrRE.FindAllStringSubmatch(rest, -1) {
		if strings.Contains(a[0], "=") {
			out[a[1]] = html.UnescapeString(a[2])
		} else {
			out[a[1]] = a[1]
		}
	}
	return out
}

// only keeps the entries of got named in want, so that a test states just
// what it is about; an attribute that want has as "" must be absent.
func only[V any](got, want map[string]V) map[string]V {
	out := map[string]V{}
	for k := range want {
		out[k] = got[k]
	}
	return out
}

// pageForm is what a browser submits when the page's first form is sent:
// its action, and its hidden fields, to which the test adds what a person
// types.
func pageForm(t *testing.T, body string) (action string, fields url.Values) {
	t.Helper()
	start := strings.Index(body, "<form ")
	end := strings.Index(body, "</form>")
	if start < 0 || end < start {
		t.Fatalf("no form in:\n%s", body)
	}
	f := body[start:end]
	m := regexp.MustCompile(`^<form\b[^>]*\saction="([^"]*)"`).FindStringSubmatch(f)
	if m == nil {
		t.Fatalf("a form without an action:\n%s", f)
	}
	fields = url.Values{}
	for _, tag := range inputRE.FindAllString(f, -1) {
		a := map[string]string{}
		for _, m := range attrRE.FindAllStringSubmatch(strings.TrimPrefix(tag, "<input"), -1) {
			a[m[1]] = html.UnescapeString(m[2])
		}
		if a["type"] == "hidden" {
			fields.Set(a["name"], a["value"])
		}
	}
	return html.UnescapeString(m[1]), fields
}

func wantSecurityHeaders(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	got, want := map[string]string{}, map[string]string{}
	for _, h := range headers.Security() {
		want[h.Name] = h.Value
		got[h.Name] = rec.Header().Get(h.Name)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("security headers (-want +got):\n%s", diff)
	}
}

// The browser app files a request as JSON and confirms it with the link's
// token or the code; a second confirmation shows the same request and sends
// nothing more.
func TestSubmitAndConfirmJSON(t *testing.T) {
	tests := []struct {
		name  string
		proof func(token, code string) map[string]string
	}{
		{"with the link's token", func(token, _ string) map[string]string { return map[string]string{"token": token} }},
		{"with the code", func(_, code string) map[string]string { return map[string]string{"code": code} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPortal(t)
			rec := p.serve(jsonRequest("/api/werksta/requests", accessRequest("nb")))
			wantStatus(t, rec, http.StatusAccepted)
			got := decodeJSON(t, rec)

			if diff := cmp.Diff([]string{"ase@example.no"}, p.mail.recipients(0)); diff != "" {
				t.Fatalf("mail after submitting (-want +got):\n%s", diff)
			}
			confirm := p.mail.parsed(t, 0)
			if s := confirm.Get("Subject"); s != "Bekreft kravet ditt til Werksta" {
				t.Errorf("confirmation subject = %q", s)
			}
			id, token := mailLink(t, confirm, "confirm")
			want := map[string]any{
				"id": id, "reference": got["reference"], "status": "unconfirmed",
				"submitted_at": "2026-01-31T11:20:30Z",
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("202 answer (-want +got):\n%s", diff)
			}
			if ref, _ := got["reference"].(string); !regexp.MustCompile(`^[0-9A-Z]{4}-[0-9A-Z]{4}$`).MatchString(ref) {
				t.Errorf("reference = %q, want a short reference such as K7M3-Q9XT", ref)
			}

			p.clock.advance(time.Hour)
			proof := tt.proof(token, mailCode(t, confirm))
			wantConfirmed := map[string]any{
				"id": id, "reference": got["reference"], "controller": "werksta", "type": "access",
				"status": "delivered", "submitted_at": "2026-01-31T11:20:30Z",
				// Received Saturday 31 January: due Monday 2 March.
				"due_by": "2026-03-02", "latest_due_by": "2026-04-30",
				"confirmed_at": "2026-01-31T12:20:30Z", "delivered_at": "2026-01-31T12:20:30Z",
				"key_id": p.signer.KeyID(),
			}
			// Confirm, request to the company, receipt; nothing more the
			// second time.
			wantTo := []string{"ase@example.no", "catherine.sahlgren@werksta.com", "ase@example.no"}
			for i := 1; i <= 2; i++ {
				rec = p.serve(jsonRequest("/api/requests/"+id+"/confirm", proof))
				wantStatus(t, rec, http.StatusOK)
				if diff := cmp.Diff(wantConfirmed, decodeJSON(t, rec)); diff != "" {
					t.Errorf("confirmation %d (-want +got):\n%s", i, diff)
				}
				if diff := cmp.Diff(wantTo, p.mail.recipients(0)); diff != "" {
					t.Errorf("mail after confirmation %d (-want +got):\n%s", i, diff)
				}
			}
		})
	}
}

// With JavaScript off the form posts itself; the answers are pages in the
// customer's language, and the code form on the "check your e-mail" page
// confirms the request.
func TestSubmitAndConfirmFormPost(t *testing.T) {
	tests := []struct {
		lang, slug      string
		wantSubject     string
		wantCheckTitle  string
		wantCheckText   string
		wantCodeWrong   string
		wantDone        string
		wantStatusShown string
		wantPhone       string // with the company's country code, as printed there
	}{
		{
			lang: "nb", slug: "werksta",
			wantSubject:     "Bekreft kravet ditt til Werksta",
			wantCheckTitle:  "Sjekk e-posten din",
			wantCheckText:   "Vi har lagret kravet og sendt en e-post til ase@example.no.",
			wantCodeWrong:   "Koden stemmer ikke. Sjekk e-posten og prøv igjen.",
			wantDone:        "Kravet er sendt",
			wantStatusShown: "Sendt til selskapet",
			wantPhone:       "+47 91 23 45 67",
		},
		{
			lang: "da", slug: "car-room",
			wantSubject:     "Bekræft din anmodning til CAR-ROOM",
			wantCheckTitle:  "Tjek din e-mail",
			wantCheckText:   "Vi har gemt anmodningen og sendt en e-mail til ase@example.no.",
			wantCodeWrong:   "Koden passer ikke. Tjek e-mailen, og prøv igen.",
			wantDone:        "Anmodningen er sendt",
			wantStatusShown: "Sendt til virksomheden",
			wantPhone:       "+45 91 23 45 67",
		},
		{
			lang: "en", slug: "werksta",
			wantSubject:     "Confirm your request to Werksta",
			wantCheckTitle:  "Check your e-mail",
			wantCheckText:   "We have stored your request and sent an e-mail to ase@example.no.",
			wantCodeWrong:   "The code does not match. Check the e-mail and try again.",
			wantDone:        "Your request has been sent",
			wantStatusShown: "Delivered to the company",
			wantPhone:       "+47 91 23 45 67",
		},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			p := newPortal(t)
			rec := p.serve(formRequest("/api/"+tt.slug+"/requests", form(accessRequest(tt.lang))))
			wantStatus(t, rec, http.StatusAccepted)
			body := rec.Body.String()
			if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
			if got := htmlLang(t, body); got != tt.lang {
				t.Errorf("<html lang=%q>, want %q", got, tt.lang)
			}
			if got := textOf(t, body, "h1"); got != tt.wantCheckTitle {
				t.Errorf("h1 = %q, want %q", got, tt.wantCheckTitle)
			}
			if got := textOf(t, body, "p"); !strings.HasPrefix(got, tt.wantCheckText) {
				t.Errorf("lead = %q, want it to start %q", got, tt.wantCheckText)
			}
			confirm := p.mail.parsed(t, 0)
			if s := confirm.Get("Subject"); s != tt.wantSubject {
				t.Errorf("confirmation subject = %q, want %q", s, tt.wantSubject)
			}
			id, _ := mailLink(t, confirm, "confirm")
			status := decodeJSON(t, p.serve(httptest.NewRequest("GET", "/api/requests/"+id, nil)))
			if ref := status["reference"].(string); !strings.Contains(body, ref) {
				t.Errorf("the page does not show the reference %s", ref)
			}

			// A mistyped code: the same page, with the error at the field.
			action, fields := pageForm(t, body)
			wantFields := url.Values{"language": {tt.lang}}
			if action != "/api/requests/"+id+"/confirm" || !cmp.Equal(wantFields, fields) {
				t.Fatalf("code form posts %v to %s, want %v to /api/requests/%s/confirm", fields, action, wantFields, id)
			}
			code := mailCode(t, confirm)
			fields.Set("code", wrongCode(code))
			rec = p.serve(formRequest(action, fields))
			wantStatus(t, rec, http.StatusUnprocessableEntity)
			body = rec.Body.String()
			if got := htmlLang(t, body); got != tt.lang {
				t.Errorf("after a wrong code, <html lang=%q>", got)
			}
			if got := textOf(t, body, "#code-error"); got != tt.wantCodeWrong {
				t.Errorf("code error = %q, want %q", got, tt.wantCodeWrong)
			}
			wantAttrs := map[string]string{"aria-invalid": "true", "aria-describedby": "code-hint code-error", "value": ""}
			if diff := cmp.Diff(wantAttrs, only(attrs(t, body, "code"), wantAttrs)); diff != "" {
				t.Errorf("code field after a wrong code (-want +got):\n%s", diff)
			}
			if p.mail.count() != 1 {
				t.Errorf("a wrong code sent mail")
			}

			// The right code, typed into the form on that page.
			action, fields = pageForm(t, body)
			fields.Set("code", " "+code+" ")
			rec = p.serve(formRequest(action, fields))
			wantStatus(t, rec, http.StatusOK)
			body = rec.Body.String()
			if got := htmlLang(t, body); got != tt.lang {
				t.Errorf("receipt page <html lang=%q>", got)
			}
			if got := textOf(t, body, "h1"); got != tt.wantDone {
				t.Errorf("receipt page h1 = %q, want %q", got, tt.wantDone)
			}
			for _, want := range []string{tt.wantStatusShown, "Åse Ødegård", "ase@example.no", "AB12345", tt.wantPhone} {
				if !strings.Contains(body, want) {
					t.Errorf("receipt page lacks %q", want)
				}
			}
			if p.mail.count() != 3 {
				t.Errorf("after confirming, %d mails were sent, want 3", p.mail.count())
			}
		})
	}
}

// The link in the confirmation e-mail opens a page with one button: opening
// it (as mail scanners do) changes nothing; pressing the button confirms,
// and pressing it again sends nothing more.
func TestConfirmLinkPage(t *testing.T) {
	p := newPortal(t)
	id, token, _ := p.submitted(t, "werksta")

	rec := p.serve(httptest.NewRequest("GET", "/api/requests/"+id+"/confirm?token="+token, nil))
	wantStatus(t, rec, http.StatusOK)
	body := rec.Body.String()
	if got := htmlLang(t, body); got != "nb" {
		t.Errorf("the page is in %q, want the customer's nb", got)
	}
	if got := textOf(t, body, "h1"); got != "Bekreft kravet ditt" {
		t.Errorf("h1 = %q", got)
	}
	if got := textOf(t, body, "button"); got != "Bekreft kravet" {
		t.Errorf("button = %q", got)
	}
	status := decodeJSON(t, p.serve(httptest.NewRequest("GET", "/api/requests/"+id, nil)))
	if status["status"] != "unconfirmed" || p.mail.count() != 1 {
		t.Fatalf("opening the link changed the request: status %v, %d mails", status["status"], p.mail.count())
	}

	action, fields := pageForm(t, body)
	wantFields := url.Values{"token": {token}, "language": {"nb"}}
	if action != "/api/requests/"+id+"/confirm" || !cmp.Equal(wantFields, fields) {
		t.Fatalf("the button posts %v to %s", fields, action)
	}
	for i := 1; i <= 2; i++ {
		rec = p.serve(formRequest(action, fields))
		wantStatus(t, rec, http.StatusOK)
		if got := textOf(t, rec.Body.String(), "h1"); got != "Kravet er sendt" {
			t.Errorf("after pressing %d times, h1 = %q", i, got)
		}
		if p.mail.count() != 3 {
			t.Errorf("after pressing %d times, %d mails were sent, want 3", i, p.mail.count())
		}
		receiptIsComplete(t, rec.Body.String(), id, token)
	}
}

// receiptIsComplete checks the receipt the e-mail's link leads to against
// the one the app shows: the site's header with a language switch that
// keeps to this request, the navigation and footer, the company's contact
// details linked, and labels apart from their values.
func receiptIsComplete(t *testing.T, body, id, token string) {
	t.Helper()
	for _, want := range []string{
		`class="site-header"`, `class="lang-switch"`, `class="site-footer"`,
		`href="/my-requests"`,                          // Mine krav
		`href="mailto:catherine.sahlgren@werksta.com"`, // the company's privacy contact, linked
		`<dt>Referanse</dt>`,                           // a label, apart from its value
		`<dt>Registreringsnummer</dt>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the receipt has no %s:\n%s", want, body)
		}
	}
	da := "/api/requests/" + id + "/confirm?" + url.Values{"lang": {"da"}, "token": {token}}.Encode()
	if !strings.Contains(body, `href="`+html.EscapeString(da)+`"`) {
		t.Errorf("the language switch does not lead to this receipt in Danish (%s):\n%s", da, body)
	}
	if regexp.MustCompile(`>\+\d{10}<`).MatchString(body) {
		t.Errorf("a phone number is printed unformatted:\n%s", body)
	}
}

// A form with errors gets its field messages in the customer's language:
// the form's own, else the one asked for, else the company's.
func TestInvalidJSONIsLocalized(t *testing.T) {
	tests := []struct {
		name        string
		req         *http.Request
		wantMessage string
		wantFields  map[string]any
	}{
		{
			name: "nb from the form",
			req: with(jsonRequest("/api/werksta/requests?lang=en",
				map[string]string{"type": "access", "email": "ase@", "language": "nb"}), "Accept-Language", "da"),
			wantMessage: "Noen felt må rettes.",
			wantFields: map[string]any{
				"name":  "Skriv navnet ditt.",
				"email": "Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.",
			},
		},
		{
			name:        "da from Accept-Language",
			req:         with(jsonRequest("/api/werksta/requests", map[string]string{"name": "Søren"}), "Accept-Language", "da-DK,da;q=0.9,en;q=0.8"),
			wantMessage: "Nogle felter skal rettes.",
			wantFields: map[string]any{
				"type":  "Vælg, hvad du vil bede om.",
				"email": "Skriv din e-mailadresse. Vi sender en bekræftelse dertil.",
			},
		},
		{
			name: "en from the lang parameter over Accept-Language",
			req: with(jsonRequest("/api/werksta/requests?lang=en",
				map[string]string{"type": "question", "name": strings.Repeat("x", 101), "email": "a@example.com", "phone": "123"}), "Accept-Language", "nb"),
			wantMessage: "Some fields need correcting.",
			wantFields: map[string]any{
				"name":  "The text can be at most 100 characters.",
				"phone": "Enter a valid phone number, such as +47 912 34 567.",
				"text":  "Say what your request is about.",
			},
		},
		{
			name:        "the company's da when nothing else names one",
			req:         jsonRequest("/api/car-room/requests", map[string]string{"type": "portability", "name": "Søren", "email": "s@example.dk", "language": "de"}),
			wantMessage: "Nogle felter skal rettes.",
			wantFields: map[string]any{
				"format": "Vælg, hvilket format du vil have oplysningerne i.",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPortal(t)
			rec := p.serve(tt.req)
			wantStatus(t, rec, http.StatusUnprocessableEntity)
			want := map[string]any{
				"error":  map[string]any{"code": "invalid", "message": tt.wantMessage},
				"fields": tt.wantFields,
			}
			if diff := cmp.Diff(want, decodeJSON(t, rec)); diff != "" {
				t.Errorf("422 answer (-want +got):\n%s", diff)
			}
			if p.mail.count() != 0 {
				t.Errorf("a rejected form sent mail")
			}
		})
	}
}

// A form post with errors comes back as the same form, filled in as the
// customer left it (escaped, so their text is never markup), with a
// summary of the errors on top and each error at its field.
func TestInvalidFormPostKeepsValues(t *testing.T) {
	const (
		name = `<script>alert("hei")</script> Åse Ødegård`
		text = `</textarea><script>alert(1)</script> Blåbærsyltetøy & "sånn"`
	)
	tests := []struct {
		name        string
		slug        string
		values      map[string]string
		wantLang    string
		wantHeading string
		wantSummary [][2]string
		wantFields  map[string]map[string]string // element id: attributes
		wantErrors  map[string]string            // element id: the error shown there
	}{
		{
			name: "nb, a wrong e-mail address",
			slug: "werksta",
			values: map[string]string{"type": "access", "name": name, "email": " åse@ ",
				"registration_number": "ab 12345", "text": text, "language": "nb"},
			wantLang:    "nb",
			wantHeading: "Rett opp ett felt før du sender.",
			wantSummary: [][2]string{{"#f-email", "E-post: Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."}},
			wantFields: map[string]map[string]string{
				"f-type-access":         {"checked": "checked"},
				"f-name":                {"value": name, "aria-invalid": ""},
				"f-email":               {"value": "åse@", "aria-invalid": "true", "aria-describedby": "f-email-hint f-email-error"},
				"f-registration-number": {"value": "AB12345", "aria-invalid": ""},
			},
			wantErrors: map[string]string{"f-email-error": "Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."},
		},
		{
			name:        "da, no type and no name",
			slug:        "car-room",
			values:      map[string]string{"email": "soren@example.dk", "text": text, "language": "da"},
			wantLang:    "da",
			wantHeading: "Ret 2 felter, før du sender.",
			wantSummary: [][2]string{
				{"#f-type-access", "Hvad vil du bede om? Vælg, hvad du vil bede om."},
				{"#f-name", "Navn: Skriv dit navn."},
			},
			wantFields: map[string]map[string]string{
				"f-type":        {"aria-invalid": "true"},
				"f-type-access": {"checked": ""},
				"f-name":        {"value": "", "aria-invalid": "true", "aria-describedby": "f-name-error"},
				"f-email":       {"value": "soren@example.dk", "aria-invalid": ""},
			},
			wantErrors: map[string]string{"f-type-error": "Vælg, hvad du vil bede om.", "f-name-error": "Skriv dit navn."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPortal(t)
			rec := p.serve(formRequest("/api/"+tt.slug+"/requests", form(tt.values)))
			wantStatus(t, rec, http.StatusUnprocessableEntity)
			body := rec.Body.String()
			if got := htmlLang(t, body); got != tt.wantLang {
				t.Errorf("<html lang=%q>, want %q", got, tt.wantLang)
			}
			if strings.Contains(body, "<script") {
				t.Errorf("the customer's text is markup on the page:\n%s", body)
			}
			if got := textOf(t, body, "h2"); got != tt.wantHeading {
				t.Errorf("error summary = %q, want %q", got, tt.wantHeading)
			}
			summary := regexp.MustCompile(`(?s)<div[^>]*\sid="error-summary"[^>]*>.*?</div>`).FindString(body)
			var got [][2]string
			for _, m := range summaryRE.FindAllStringSubmatch(summary, -1) {
				got = append(got, [2]string{m[1], html.UnescapeString(m[2])})
			}
			if diff := cmp.Diff(tt.wantSummary, got); diff != "" {
				t.Errorf("error summary links (-want +got):\n%s", diff)
			}
			for id, want := range tt.wantFields {
				if diff := cmp.Diff(want, only(attrs(t, body, id), want)); diff != "" {
					t.Errorf("#%s (-want +got):\n%s", id, diff)
				}
			}
			for id, want := range tt.wantErrors {
				if got := textOf(t, body, "#"+id); got != want {
					t.Errorf("#%s = %q, want %q", id, got, want)
				}
			}
			// A browser drops the newline right after <textarea>.
			if got := strings.TrimPrefix(textOf(t, body, "#f-text"), "\n"); got != text {
				t.Errorf("message field = %q, want %q", got, text)
			}
			if action, fields := pageForm(t, body); action != "/api/"+tt.slug+"/requests" || fields.Get("language") != tt.wantLang {
				t.Errorf("the form posts %v to %s", fields, action)
			}
			if p.mail.count() != 0 {
				t.Errorf("a rejected form sent mail")
			}
		})
	}
}

// Bodies the API does not take are refused with the status and code of
// the contract, before anything is stored.
func TestSubmitRefusals(t *testing.T) {
	big := map[string]string{"type": "question", "name": "Åse", "email": "ase@example.no", "text": strings.Repeat("x", 33<<10)}
	chunked := func(req *http.Request) *http.Request {
		req.ContentLength = -1 // as a chunked body: the size shows only while reading
		req.Body = io.NopCloser(io.MultiReader(req.Body))
		return req
	}
	tests := []struct {
		name       string
		req        *http.Request
		wantStatus int
		wantBody   map[string]any
		wantTitle  string // of an HTML answer
	}{
		{
			name:       "too large, by its length",
			req:        with(jsonRequest("/api/werksta/requests", big), "Accept-Language", "en"),
			wantStatus: http.StatusRequestEntityTooLarge,
			wantBody:   errorJSON("too_large", "The request is too large."),
		},
		{
			name:       "too large, found while reading",
			req:        chunked(jsonRequest("/api/werksta/requests", big)),
			wantStatus: http.StatusRequestEntityTooLarge,
			wantBody:   errorJSON("too_large", "Forespørselen er for stor."),
		},
		{
			// A form post with a declared length over the limit gets JSON
			// instead (reported); a browser sends the length, but the form's
			// maxlength keeps it far below 32 KiB.
			name:       "too large form post, found while reading",
			req:        chunked(formRequest("/api/werksta/requests", form(big))),
			wantStatus: http.StatusRequestEntityTooLarge,
			wantTitle:  "Forespørselen er for stor.",
		},
		{
			name:       "plain text",
			req:        with(with(httptest.NewRequest("POST", "/api/werksta/requests", strings.NewReader("type=access")), "Content-Type", "text/plain"), "Accept-Language", "da"),
			wantStatus: http.StatusUnsupportedMediaType,
			wantBody:   errorJSON("unsupported_media", "Forespørgslen har et format, som portalen ikke modtager."),
		},
		{
			name:       "no content type",
			req:        with(httptest.NewRequest("POST", "/api/werksta/requests?lang=en", strings.NewReader(`{"type":"access"}`)), "Content-Type", ""),
			wantStatus: http.StatusUnsupportedMediaType,
			wantBody:   errorJSON("unsupported_media", "The request is in a format the portal does not accept."),
		},
		{
			name:       "multipart",
			req:        with(httptest.NewRequest("POST", "/api/werksta/requests?lang=en", strings.NewReader("--x--\r\n")), "Content-Type", "multipart/form-data; boundary=x"),
			wantStatus: http.StatusUnsupportedMediaType,
			wantBody:   errorJSON("unsupported_media", "The request is in a format the portal does not accept."),
		},
		{
			name:       "not JSON",
			req:        with(httptest.NewRequest("POST", "/api/werksta/requests?lang=en", strings.NewReader(`{"type":`)), "Content-Type", "application/json"),
			wantStatus: http.StatusBadRequest,
			wantBody:   errorJSON("bad_request", "The request could not be read."),
		},
		{
			name:       "unknown company",
			req:        jsonRequest("/api/nope/requests", accessRequest("")),
			wantStatus: http.StatusNotFound,
			wantBody:   errorJSON("unknown_controller", "The portal has no company at this address."),
		},
		{
			name:       "unknown company, in the form's language",
			req:        jsonRequest("/api/nope/requests", accessRequest("nb")),
			wantStatus: http.StatusNotFound,
			wantBody:   errorJSON("unknown_controller", "Portalen har ikke noe selskap med denne adressen."),
		},
		{
			name:       "unknown company, by form post",
			req:        formRequest("/api/nope/requests", form(accessRequest("da"))),
			wantStatus: http.StatusNotFound,
			wantTitle:  "Portalen har ingen virksomhed med denne adresse.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPortal(t)
			rec := p.serve(tt.req)
			wantStatus(t, rec, tt.wantStatus)
			if tt.wantBody != nil {
				if diff := cmp.Diff(tt.wantBody, decodeJSON(t, rec)); diff != "" {
					t.Errorf("answer (-want +got):\n%s", diff)
				}
			} else if got := textOf(t, rec.Body.String(), "h1"); got != tt.wantTitle {
				t.Errorf("h1 = %q, want %q", got, tt.wantTitle)
			}
			if p.mail.count() != 0 {
				t.Errorf("a refused request sent mail")
			}
		})
	}
}

// A client that submits too often to one company is told to wait, and for
// how long; other clients are not held up.
func TestSubmitRateLimited(t *testing.T) {
	tests := []struct {
		name      string
		request   func(client string) *http.Request
		wantBody  map[string]any
		wantTitle string
	}{
		{
			name: "JSON",
			request: func(client string) *http.Request {
				return with(jsonRequest("/api/westrum/requests", accessRequest("en")), "CF-Connecting-IP", client)
			},
			wantBody: errorJSON("rate_limited", "Too many requests. Please wait a little and try again."),
		},
		{
			name: "form post",
			request: func(client string) *http.Request {
				return with(formRequest("/api/westrum/requests", form(accessRequest("nb"))), "CF-Connecting-IP", client)
			},
			wantTitle: "For mange forespørsler. Vent litt og prøv igjen.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPortal(t)
			for i := 1; i <= 3; i++ {
				if rec := p.serve(tt.request("198.51.100.7")); rec.Code != http.StatusAccepted && rec.Code != http.StatusOK {
					t.Fatalf("submission %d: status %d, want it accepted within the limit", i, rec.Code)
				}
			}
			rec := p.serve(tt.request("198.51.100.7"))
			wantStatus(t, rec, http.StatusTooManyRequests)
			// 11:20:30 in a window of an hour that started at 11:00.
			if got := rec.Header().Get("Retry-After"); got != "2370" {
				t.Errorf("Retry-After = %q, want 2370 (seconds to 12:00)", got)
			}
			if tt.wantBody != nil {
				if diff := cmp.Diff(tt.wantBody, decodeJSON(t, rec)); diff != "" {
					t.Errorf("429 answer (-want +got):\n%s", diff)
				}
			} else if got := textOf(t, rec.Body.String(), "h1"); got != tt.wantTitle {
				t.Errorf("h1 = %q, want %q", got, tt.wantTitle)
			}
			if rec := p.serve(tt.request("203.0.113.9")); rec.Code == http.StatusTooManyRequests {
				t.Errorf("another client: status %d, want it accepted", rec.Code)
			}
			p.clock.advance(2370 * time.Second)
			if rec := p.serve(tt.request("198.51.100.7")); rec.Code == http.StatusTooManyRequests {
				t.Errorf("after Retry-After: status %d, want it accepted", rec.Code)
			}
		})
	}
}

// Nothing typed into the form can add a header to the portal's e-mails:
// line breaks in a name are folded into spaces, and an address with one is
// refused.
func TestNoHeaderInjectionByFormPost(t *testing.T) {
	tests := []struct {
		name, customer, email string
		wantName              string // the display name in To, "" if the form is refused
	}{
		{"CRLF in the name", "Eve\r\nBcc: x@evil.example", "eve@example.no", "Eve Bcc: x@evil.example"},
		{"LF and an empty line in the name", "Eve\nBcc: x@evil.example\n\nhi", "eve@example.no", "Eve Bcc: x@evil.example hi"},
		{"CR in the name", "Eve\rCc: x@evil.example", "eve@example.no", "Eve Cc: x@evil.example"},
		{"CRLF in a name without an address", "Eve\r\nBcc: someone", "eve@example.no", "Eve Bcc: someone"},
		{"a name that passes for another address", "catherine.sahlgren@werksta.com", "eve@example.no", "catherine.sahlgren@werksta.com"},
		{"an encoded word in the name", "=?utf-8?q?Eve=0D=0ABcc:_x@evil.example?=", "eve@example.no", "=?utf-8?q?Eve=0D=0ABcc:_x@evil.example?="},
		{"CRLF in the address", "Eve", "eve@example.no\r\nBcc: x@evil.example", ""},
		{"LF in the address", "Eve", "eve@example.no\nBcc: x@evil.example", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPortal(t)
			values := url.Values{"type": {"access"}, "name": {tt.customer}, "email": {tt.email}, "language": {"nb"}}
			rec := p.serve(formRequest("/api/werksta/requests", values))
			if tt.wantName == "" {
				wantStatus(t, rec, http.StatusUnprocessableEntity)
				if got := attrs(t, rec.Body.String(), "f-email")["aria-invalid"]; got != "true" {
					t.Errorf("the address field is not marked invalid")
				}
				if p.mail.count() != 0 {
					t.Errorf("a refused address got mail")
				}
				return
			}
			wantStatus(t, rec, http.StatusAccepted)
			id, token := mailLink(t, p.mail.parsed(t, 0), "confirm")
			wantStatus(t, p.serve(jsonRequest("/api/requests/"+id+"/confirm", map[string]string{"token": token})), http.StatusOK)
			if p.mail.count() != 3 {
				t.Fatalf("%d mails sent, want confirm, request and receipt", p.mail.count())
			}
			for i, m := range p.mail.sent {
				head, _, _ := strings.Cut(string(m.Raw), "\r\n\r\n")
				for _, line := range strings.Split(head, "\r\n") {
					if l := strings.ToLower(line); strings.HasPrefix(l, "bcc:") || strings.HasPrefix(l, "cc:") {
						t.Errorf("mail %d has an injected header: %q", i, line)
					}
				}
				parsed := p.mail.parsed(t, i)
				for _, h := range []string{"Bcc", "Cc"} {
					if v, ok := parsed.Header[h]; ok {
						t.Errorf("mail %d has a %s header: %q", i, h, v)
					}
				}
				header := "To"
				if m.To != "eve@example.no" {
					header = "Reply-To" // the request to the company
				}
				// A name that holds an address is never written as a
				// display name (mailmsg.LooksLikeAddress).
				name := tt.wantName
				if mailmsg.LooksLikeAddress(name) {
					name = ""
				}
				want := []mailmsg.Address{{Name: name, Email: "eve@example.no"}}
				if diff := cmp.Diff(want, parsed.Addresses(header)); diff != "" {
					t.Errorf("mail %d %s (-want +got):\n%s", i, header, diff)
				}
			}
		})
	}
}

// What went wrong with a confirmation is answered with its own status, and
// nothing reaches the company.
func TestConfirmRefusals(t *testing.T) {
	type call func(id, token, code string) *http.Request
	confirmJSON := func(body func(token, code string) map[string]string) call {
		return func(id, token, code string) *http.Request {
			return jsonRequest("/api/requests/"+id+"/confirm", body(token, code))
		}
	}
	tests := []struct {
		name       string
		wrongCodes int           // wrong codes tried first
		wait       time.Duration // time passed after submitting
		req        call
		wantStatus int
		wantBody   map[string]any
		wantTitle  string // of an HTML answer
	}{
		{
			name: "the link's page with a wrong token",
			req: func(id, token, _ string) *http.Request {
				return with(httptest.NewRequest("GET", "/api/requests/"+id+"/confirm?token=x"+token, nil), "Accept-Language", "nb")
			},
			wantStatus: http.StatusForbidden,
			wantTitle:  "Lenken virker ikke",
		},
		{
			name: "the link's page without a token",
			req: func(id, _, _ string) *http.Request {
				return httptest.NewRequest("GET", "/api/requests/"+id+"/confirm", nil)
			},
			wantStatus: http.StatusForbidden,
			wantTitle:  "The link does not work",
		},
		{
			name: "the link's page of an unknown request",
			req: func(_, token, _ string) *http.Request {
				return httptest.NewRequest("GET", "/api/requests/0123/confirm?token="+token, nil)
			},
			wantStatus: http.StatusNotFound,
			wantTitle:  "The link does not work",
		},
		{
			name: "the link's page after the time to confirm",
			wait: 48 * time.Hour,
			req: func(id, token, _ string) *http.Request {
				return httptest.NewRequest("GET", "/api/requests/"+id+"/confirm?token="+token, nil)
			},
			wantStatus: http.StatusGone,
			wantTitle:  "The link has expired",
		},
		{
			name:       "a wrong token",
			req:        confirmJSON(func(token, _ string) map[string]string { return map[string]string{"token": token + "x"} }),
			wantStatus: http.StatusForbidden,
			wantBody:   errorJSON("bad_token", "The link is wrong or incomplete."),
		},
		{
			name:       "neither token nor code",
			req:        confirmJSON(func(_, _ string) map[string]string { return map[string]string{} }),
			wantStatus: http.StatusForbidden,
			wantBody:   errorJSON("bad_token", "The link is wrong or incomplete."),
		},
		{
			name: "a wrong code",
			req: func(id, _, code string) *http.Request {
				return with(jsonRequest("/api/requests/"+id+"/confirm", map[string]string{"code": wrongCode(code)}), "Accept-Language", "nb")
			},
			wantStatus: http.StatusUnprocessableEntity,
			wantBody: map[string]any{
				"error":  map[string]any{"code": "bad_code", "message": "Koden stemmer ikke."},
				"fields": map[string]any{"code": "Koden stemmer ikke. Sjekk e-posten og prøv igjen."},
			},
		},
		{
			name:       "a fifth wrong code",
			wrongCodes: 4,
			req:        confirmJSON(func(_, code string) map[string]string { return map[string]string{"code": wrongCode(code)} }),
			wantStatus: http.StatusTooManyRequests,
			wantBody:   errorJSON("too_many_codes", "Too many wrong codes. Use the link in the e-mail."),
		},
		{
			name:       "the right code after five wrong ones",
			wrongCodes: 5,
			req:        confirmJSON(func(_, code string) map[string]string { return map[string]string{"code": code} }),
			wantStatus: http.StatusTooManyRequests,
			wantBody:   errorJSON("too_many_codes", "Too many wrong codes. Use the link in the e-mail."),
		},
		{
			name:       "the token after the time to confirm",
			wait:       48 * time.Hour,
			req:        confirmJSON(func(token, _ string) map[string]string { return map[string]string{"token": token} }),
			wantStatus: http.StatusGone,
			wantBody:   errorJSON("expired", "The time to confirm has run out, and the request has been deleted."),
		},
		{
			name: "the code by form post after the time to confirm",
			wait: 48 * time.Hour,
			req: func(id, _, code string) *http.Request {
				return formRequest("/api/requests/"+id+"/confirm", url.Values{"code": {code}, "language": {"da"}})
			},
			wantStatus: http.StatusGone,
			wantTitle:  "Linket er udløbet",
		},
		{
			name: "an unknown request",
			req: func(_, token, _ string) *http.Request {
				return jsonRequest("/api/requests/0123/confirm", map[string]string{"token": token})
			},
			wantStatus: http.StatusNotFound,
			wantBody:   errorJSON("not_found", "Nothing was found at this address."),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPortal(t)
			id, token, code := p.submitted(t, "werksta")
			for i := 0; i < tt.wrongCodes; i++ {
				p.serve(jsonRequest("/api/requests/"+id+"/confirm", map[string]string{"code": wrongCode(code)}))
			}
			p.clock.advance(tt.wait)
			rec := p.serve(tt.req(id, token, code))
			wantStatus(t, rec, tt.wantStatus)
			if tt.wantBody != nil {
				if diff := cmp.Diff(tt.wantBody, decodeJSON(t, rec)); diff != "" {
					t.Errorf("answer (-want +got):\n%s", diff)
				}
			} else if got := textOf(t, rec.Body.String(), "h1"); got != tt.wantTitle {
				t.Errorf("h1 = %q, want %q", got, tt.wantTitle)
			}
			if p.mail.count() != 1 {
				t.Errorf("%d mails were sent, want only the confirmation", p.mail.count())
			}
		})
	}
}

// Anyone holding a request's id may see where it is, but nothing of the
// person who sent it.
func TestStatusShowsNothingPersonal(t *testing.T) {
	tests := []struct {
		name       string
		confirm    bool
		wantStatus map[string]any
	}{
		{"unconfirmed", false, map[string]any{
			// No deadline before the request reaches the company.
			"controller": "werksta", "type": "access", "status": "unconfirmed",
			"submitted_at": "2026-01-31T11:20:30Z", "due_by": "", "latest_due_by": "",
		}},
		{"delivered", true, map[string]any{
			"controller": "werksta", "type": "access", "status": "delivered",
			"submitted_at": "2026-01-31T11:20:30Z", "due_by": "2026-03-02", "latest_due_by": "2026-04-30",
			"confirmed_at": "2026-01-31T11:20:30Z", "delivered_at": "2026-01-31T11:20:30Z",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPortal(t)
			id, token, _ := p.submitted(t, "werksta")
			if tt.confirm {
				wantStatus(t, p.serve(jsonRequest("/api/requests/"+id+"/confirm", map[string]string{"token": token})), http.StatusOK)
			}
			rec := p.serve(httptest.NewRequest("GET", "/api/requests/"+id, nil))
			wantStatus(t, rec, http.StatusOK)
			for _, personal := range []string{"Åse", "Ødegård", "ase@example.no", "AB12345", "91234567", "verkstedbesøket", token} {
				if strings.Contains(rec.Body.String(), personal) {
					t.Errorf("the status shows %q:\n%s", personal, rec.Body)
				}
			}
			got := decodeJSON(t, rec)
			// A confirmed request names the key that signed it.
			if kid, ok := got["key_id"]; (ok || tt.wantStatus["status"] != "unconfirmed") && kid != p.signer.KeyID() {
				t.Errorf("key_id = %v, want %s", kid, p.signer.KeyID())
			}
			delete(got, "key_id")
			want := maps.Clone(tt.wantStatus)
			want["id"], want["reference"] = id, got["reference"]
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("status (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("unknown request", func(t *testing.T) {
		rec := newPortal(t).serve(httptest.NewRequest("GET", "/api/requests/0123", nil))
		wantStatus(t, rec, http.StatusNotFound)
		if diff := cmp.Diff(errorJSON("not_found", "Nothing was found at this address."), decodeJSON(t, rec)); diff != "" {
			t.Errorf("answer (-want +got):\n%s", diff)
		}
	})
}

// The links in the company's e-mail open a page that asks before acting;
// its form carries out the action.
func TestCompanyLinks(t *testing.T) {
	tests := []struct {
		action     string
		typed      url.Values // what the company fills in
		mistyped   url.Values // what it might fill in wrongly, if anything
		wantMarked string     // the field marked invalid then
		wantTitle  string
		wantDone   string // the lead of the page after acting; {ref} is the reference
		wantStatus map[string]any
		wantMailTo []string // who is told
	}{
		{
			action:     "handled",
			wantTitle:  "Marker kravet som behandlet",
			wantDone:   "Krav {ref} er markert som behandlet. Takk.",
			wantStatus: map[string]any{"status": "handled", "handled_at": "2026-02-10T11:20:30Z"},
		},
		{
			action:     "extend",
			typed:      url.Values{"date": {"2026-04-30"}, "reasons": {"Vi har mange krav nå."}},
			mistyped:   url.Values{"date": {"2026-05-01"}, "reasons": {"Vi har mange krav nå."}},
			wantMarked: "x-date",
			wantTitle:  "Forleng fristen",
			wantDone:   "Fristen for krav {ref} er forlenget til 30. april 2026. Kunden har fått beskjed.",
			wantStatus: map[string]any{"status": "delivered", "extended_to": "2026-04-30"},
			wantMailTo: []string{"ase@example.no"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			p := newPortal(t)
			id := p.confirmed(t, "werksta")
			_, token := mailLink(t, p.mail.parsed(t, 1), tt.action)
			p.clock.advance(10 * 24 * time.Hour)
			status := func() map[string]any {
				return decodeJSON(t, p.serve(httptest.NewRequest("GET", "/api/requests/"+id, nil)))
			}
			ref := status()["reference"].(string)

			rec := p.serve(httptest.NewRequest("GET", "/api/requests/"+id+"/"+tt.action+"?token=x"+token, nil))
			wantStatus(t, rec, http.StatusForbidden)

			rec = p.serve(httptest.NewRequest("GET", "/api/requests/"+id+"/"+tt.action+"?token="+token, nil))
			wantStatus(t, rec, http.StatusOK)
			body := rec.Body.String()
			if got := htmlLang(t, body); got != "nb" {
				t.Errorf("the page is in %q, want the company's nb", got)
			}
			if got := textOf(t, body, "h1"); got != tt.wantTitle {
				t.Errorf("h1 = %q, want %q", got, tt.wantTitle)
			}
			if got := status()["status"]; got != "delivered" {
				t.Errorf("opening the link changed the status to %v", got)
			}

			action, fields := pageForm(t, body)
			if action != "/api/requests/"+id+"/"+tt.action || fields.Get("token") != token {
				t.Fatalf("the page's form posts %v to %s", fields, action)
			}
			wrongToken := url.Values{"token": {"x" + token}}
			maps.Copy(wrongToken, tt.typed)
			wantStatus(t, p.serve(formRequest(action, wrongToken)), http.StatusForbidden)
			if tt.mistyped != nil {
				maps.Copy(fields, tt.mistyped)
				rec = p.serve(formRequest(action, fields))
				wantStatus(t, rec, http.StatusUnprocessableEntity)
				if got := attrs(t, rec.Body.String(), tt.wantMarked)["aria-invalid"]; got != "true" {
					t.Errorf("after a mistake, #%s is not marked invalid", tt.wantMarked)
				}
			}
			maps.Copy(fields, tt.typed)
			mails := p.mail.count()
			rec = p.serve(formRequest(action, fields))
			wantStatus(t, rec, http.StatusOK)
			want := strings.ReplaceAll(tt.wantDone, "{ref}", ref)
			if got := textOf(t, rec.Body.String(), "p"); got != want {
				t.Errorf("after acting, the page says %q, want %q", got, want)
			}
			got := status()
			if diff := cmp.Diff(tt.wantStatus, only(got, tt.wantStatus)); diff != "" {
				t.Errorf("status after acting (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantMailTo, p.mail.recipients(mails)); diff != "" {
				t.Errorf("mail sent by acting (-want +got):\n%s", diff)
			}
		})
	}
}

// The public keys verify requests without trusting the e-mail they came
// in, so anyone may fetch them from anywhere.
func TestKeys(t *testing.T) {
	p := newPortal(t)
	rec := p.serve(httptest.NewRequest("GET", "/.well-known/privacy-portal/keys.json", nil))
	wantStatus(t, rec, http.StatusOK)
	wantHeaders := map[string]string{
		"Content-Type":                 "application/jwk-set+json",
		"Access-Control-Allow-Origin":  "*",
		"Cross-Origin-Resource-Policy": "cross-origin",
	}
	for _, h := range headers.Security() {
		if h.Name != "Cross-Origin-Resource-Policy" {
			wantHeaders[h.Name] = h.Value
		}
	}
	gotHeaders := map[string]string{}
	for name := range wantHeaders {
		gotHeaders[name] = rec.Header().Get(name)
	}
	if diff := cmp.Diff(wantHeaders, gotHeaders); diff != "" {
		t.Errorf("headers (-want +got):\n%s", diff)
	}
	ks, err := signature.ParseKeySet(rec.Body.Bytes())
	if err != nil {
		t.Fatalf("keys.json does not validate: %v\n%s", err, rec.Body)
	}
	var kids []string
	for _, k := range ks.Keys {
		kids = append(kids, k.Kid)
	}
	if diff := cmp.Diff([]string{p.signer.KeyID()}, kids); diff != "" {
		t.Errorf("key ids (-want +got):\n%s", diff)
	}
}

// Error answers and the Worker's pages carry the same security headers as
// every other answer.
func TestSecurityHeadersOnRequestAnswers(t *testing.T) {
	tests := []struct {
		name       string
		req        func(t *testing.T, p *portal) *http.Request
		wantStatus int
	}{
		{"422 JSON", func(*testing.T, *portal) *http.Request {
			return jsonRequest("/api/werksta/requests", map[string]string{})
		}, http.StatusUnprocessableEntity},
		{"422 form page", func(*testing.T, *portal) *http.Request {
			return formRequest("/api/werksta/requests", url.Values{"language": {"nb"}})
		}, http.StatusUnprocessableEntity},
		{"202 check your e-mail page", func(*testing.T, *portal) *http.Request {
			return formRequest("/api/werksta/requests", form(accessRequest("nb")))
		}, http.StatusAccepted},
		{"confirmation page", func(t *testing.T, p *portal) *http.Request {
			id, token, _ := p.submitted(t, "werksta")
			return httptest.NewRequest("GET", "/api/requests/"+id+"/confirm?token="+token, nil)
		}, http.StatusOK},
		{"403 page", func(t *testing.T, p *portal) *http.Request {
			id, _, _ := p.submitted(t, "werksta")
			return httptest.NewRequest("GET", "/api/requests/"+id+"/confirm?token=nope", nil)
		}, http.StatusForbidden},
		{"413", func(*testing.T, *portal) *http.Request {
			return jsonRequest("/api/werksta/requests", map[string]string{"text": strings.Repeat("x", 33<<10)})
		}, http.StatusRequestEntityTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPortal(t)
			rec := p.serve(tt.req(t, p))
			wantStatus(t, rec, tt.wantStatus)
			wantSecurityHeaders(t, rec)
			if got := rec.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}
		})
	}
}

// Past the first month the extend link opens a page that says why it can
// no longer extend (GDPR art. 12(3)), with no form; a post made anyway is
// refused with the same words, and the deadline stays.
func TestExtendAfterTheFirstMonthIsRefused(t *testing.T) {
	p := newPortal(t)
	id := p.confirmed(t, "werksta")
	_, token := mailLink(t, p.mail.parsed(t, 1), "extend")
	p.clock.advance(40 * 24 * time.Hour) // received 31 January, due 2 March
	rec := p.serve(httptest.NewRequest("GET", "/api/requests/"+id+"/extend?token="+token, nil))
	wantStatus(t, rec, http.StatusOK)
	body := rec.Body.String()
	want := "Fristen kan ikke lenger forlenges. Personvernforordningen art. 12 nr. 3 tillater en forlengelse bare hvis kunden får beskjed innen én måned etter at kravet kom inn, det vil si innen 2. mars 2026. Svar kunden så snart som mulig."
	if !strings.Contains(html.UnescapeString(body), want) || strings.Contains(body, "<form") {
		t.Errorf("the extend page past the first month:\n%s", body)
	}
	post := p.serve(formRequest("/api/requests/"+id+"/extend", url.Values{"token": {token}, "date": {"2026-04-30"}, "reasons": {"Mange krav."}}))
	wantStatus(t, post, http.StatusConflict)
	if !strings.Contains(html.UnescapeString(post.Body.String()), want) {
		t.Errorf("the refused post does not say why:\n%s", post.Body.String())
	}
	st := decodeJSON(t, p.serve(httptest.NewRequest("GET", "/api/requests/"+id, nil)))
	if st["due_by"] != "2026-03-02" || st["extended_to"] != nil {
		t.Errorf("status after a refused extension: %v", st)
	}
}
