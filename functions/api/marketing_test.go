package api_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/mailmsg"
	"privacyportal/functions/api"
	"privacyportal/functions/d1"
	"privacyportal/functions/d1/d1test"
	"privacyportal/functions/keyring"
	"privacyportal/functions/limit"
	"privacyportal/functions/marketingconsent"
	mailout "privacyportal/functions/outbox"
	"privacyportal/site/controllers"
)

type marketingPortal struct {
	h     http.Handler
	svc   *marketingconsent.Service
	store *d1.Store
	mail  *inbox
	clock *clock
}

func newMarketingPortal(t *testing.T) *marketingPortal {
	t.Helper()
	reg, err := company.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		t.Fatal(err)
	}
	store, _ := d1test.Open(t)
	p := &marketingPortal{store: store, mail: &inbox{}, clock: &clock{time.Date(2026, 1, 31, 11, 20, 30, 0, time.UTC)}}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	lim := &limit.Limiter{Store: store, Key: []byte("limit key"), Now: p.clock.now,
		PerRecipient: limit.Rule{Name: "recipient", Max: 50, Window: 24 * time.Hour}}
	p.svc = marketingconsent.New(marketingconsent.Deps{
		Controllers: reg, Store: store,
		Outbox: &mailout.Outbox{Store: store, Mailer: p.mail, From: "portal@portal.example", Now: p.clock.now, Log: log},
		Links:  keyring.New([]byte("link key")), Now: p.clock.now, Random: rand.NewChaCha8([32]byte{4}), Log: log,
		Origin: "https://portal.example", From: mailmsg.Address{Email: "portal@portal.example"},
		ConfirmWithin: 48 * time.Hour, Limit: 100, Limiter: lim,
	})
	p.h = api.NewServer(api.Deps{Controllers: reg, DB: store, Marketing: p.svc, Origin: "https://portal.example",
		Now: p.clock.now, Log: log})
	return p
}

func (p *marketingPortal) serve(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, req)
	return rec
}

// optIn opts kari in to Werksta's e-mail and SMS through the API, with
// the address spelt as given, and confirms.
func (p *marketingPortal) optIn(t *testing.T, email string) marketingconsent.Person {
	t.Helper()
	rec := p.serve(jsonRequest("/api/werksta/marketing", map[string]any{
		"channels": []string{"email", "sms"}, "email": email, "phone": "912 34 567", "language": "nb",
	}))
	wantStatus(t, rec, http.StatusAccepted)
	m := regexp.MustCompile(`/api/marketing/confirm\?t=([^\s]+)`).FindStringSubmatch(p.mail.parsed(t, p.mail.count()-1).Text)
	if m == nil {
		t.Fatal("no confirmation link")
	}
	person, _, err := p.svc.Confirm(context.Background(), m[1])
	if err != nil {
		t.Fatal(err)
	}
	return person
}

func (p *marketingPortal) statuses(t *testing.T, personID string) map[string]string {
	t.Helper()
	cs, err := p.store.Consents(context.Background(), personID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, c := range cs {
		out[c.Channel] = c.Status
	}
	return out
}

// notice is the text of the manage page's status or alert.
func notice(t *testing.T, body string) (role, text string) {
	t.Helper()
	m := regexp.MustCompile(`<p\b[^>]*role="(status|alert)"[^>]*>([^<]*)</p>`).FindStringSubmatch(body)
	if m == nil {
		return "", ""
	}
	return m[1], html.UnescapeString(m[2])
}

// The manage page answers what a withdrawal did: consent withdrawn, or
// nothing changed; a channel it does not know, or none, is refused with
// a message in the person's language and changes nothing. Never
// "Samtykket er trukket tilbake" for nothing.
func TestManageSaysWhatChanged(t *testing.T) {
	p := newMarketingPortal(t)
	person := p.optIn(t, "Kari.N@Example.NO")
	token := p.svc.ManageToken(person.ID)
	k := i18n.Marketing(i18n.NB)
	steps := []struct {
		channel    string
		status     int
		role, text string
		after      map[string]string
	}{
		{"", http.StatusUnprocessableEntity, "alert", i18n.FieldErrors(i18n.NB)["channel.choice"], map[string]string{"email": "granted", "sms": "granted"}},
		{"fax", http.StatusUnprocessableEntity, "alert", i18n.FieldErrors(i18n.NB)["channel.choice"], map[string]string{"email": "granted", "sms": "granted"}},
		{"Email", http.StatusUnprocessableEntity, "alert", i18n.FieldErrors(i18n.NB)["channel.choice"], map[string]string{"email": "granted", "sms": "granted"}},
		{"post", http.StatusOK, "status", "Ingenting er endret: du hadde ikke noe samtykke til markedsføring i posten å trekke tilbake.", map[string]string{"email": "granted", "sms": "granted"}},
		{"email", http.StatusOK, "status", k.Withdrawn, map[string]string{"email": "withdrawn", "sms": "granted"}},
		{"email", http.StatusOK, "status", "Ingenting er endret: du hadde ikke noe samtykke til markedsføring på e-post å trekke tilbake.", map[string]string{"email": "withdrawn", "sms": "granted"}},
		{"all", http.StatusOK, "status", k.Withdrawn, map[string]string{"email": "withdrawn", "sms": "withdrawn"}},
		{"all", http.StatusOK, "status", k.NothingWithdrawnAll, map[string]string{"email": "withdrawn", "sms": "withdrawn"}},
	}
	for _, s := range steps {
		rec := p.serve(formRequest("/api/marketing/manage", url.Values{"p": {person.ID}, "t": {token}, "channel": {s.channel}}))
		body := rec.Body.String()
		if rec.Code != s.status {
			t.Errorf("channel %q: status %d, want %d", s.channel, rec.Code, s.status)
		}
		role, text := notice(t, body)
		if diff := cmp.Diff([2]string{s.role, s.text}, [2]string{role, text}); diff != "" {
			t.Errorf("channel %q: the page says (-want +got):\n%s", s.channel, diff)
		}
		if htmlLang(t, body) != "nb" {
			t.Errorf("channel %q: page in %s", s.channel, htmlLang(t, body))
		}
		if diff := cmp.Diff(s.after, p.statuses(t, person.ID)); diff != "" {
			t.Errorf("after channel %q (-want +got):\n%s", s.channel, diff)
		}
	}
	// A wrong link changes nothing and is not told apart by channel.
	rec := p.serve(formRequest("/api/marketing/manage", url.Values{"p": {person.ID}, "t": {"nope"}, "channel": {"fax"}}))
	if rec.Code != http.StatusForbidden {
		t.Errorf("a wrong link: %d, want 403", rec.Code)
	}
}

// Every spelling of one address is one person: opting in again as
// kari.n@example.no finds Kari.N@Example.NO's consents; an unknown
// channel in the opt-in is refused with the field's message.
func TestOptInMatchesAnySpellingAndRefusesUnknownChannels(t *testing.T) {
	p := newMarketingPortal(t)
	first := p.optIn(t, "Kari.N@Example.NO")
	again := p.optIn(t, "  kari.n@example.no ")
	if first.ID != again.ID || again.Email != "kari.n@example.no" {
		t.Errorf("opting in again made %+v, want the same person as %+v", again, first)
	}
	for _, channels := range [][]string{{"fax"}, {"email", ""}, {"post", "telegram"}} {
		rec := p.serve(jsonRequest("/api/werksta/marketing", map[string]any{"channels": channels, "email": "ola@example.no", "language": "en"}))
		wantStatus(t, rec, http.StatusUnprocessableEntity)
		fields, _ := decodeJSON(t, rec)["fields"].(map[string]any)
		if fields["channels"] != i18n.FieldErrors(i18n.EN)["channels.choice"] {
			t.Errorf("channels %q: fields %v", channels, fields)
		}
	}
	for _, reserve := range [][]string{{"email"}, {""}, {"fax"}} {
		rec := p.serve(jsonRequest("/api/werksta/marketing", map[string]any{"reserve": reserve, "email": "ola@example.no", "language": "en"}))
		wantStatus(t, rec, http.StatusUnprocessableEntity)
		fields, _ := decodeJSON(t, rec)["fields"].(map[string]any)
		if fields["reserve"] == nil {
			t.Errorf("reserve %q: fields %v", reserve, fields)
		}
	}
}
