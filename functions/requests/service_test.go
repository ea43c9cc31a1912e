package requests_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"privacyportal/functions/keyring"
	"privacyportal/functions/limit"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/calendar"
	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/mailmsg"
	"privacyportal/app/problem"
	apprequests "privacyportal/app/requests"
	"privacyportal/app/signature"
	"privacyportal/functions/d1/d1test"
	"privacyportal/functions/outbox"
	"privacyportal/functions/requests"
	"privacyportal/site/controllers"
)

// inbox is a Mailer that keeps what it sends and fails while told to, the
// way the send_email binding fails when Cloudflare refuses a message.
type inbox struct {
	mu      sync.Mutex
	sent    []sentMail
	failing bool
	// refused are addresses the mail service refuses for good once it has
	// taken the given number of messages to them.
	refused map[string]int
	// during, when set, is called with each message accepted, before
	// Send returns: what happens while the portal waits for the answer.
	during func(e outbox.Envelope)
}

type sentMail struct {
	From, To string
	Raw      []byte
}

func (o *inbox) Send(_ context.Context, e outbox.Envelope) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.failing {
		return errors.New("send_email: email to " + e.To + " failed")
	}
	if after, ok := o.refused[e.To]; ok {
		n := 0
		for _, m := range o.sent {
			if m.To == e.To {
				n++
			}
		}
		if n >= after {
			return outbox.Permanent("550 5.1.1 no such mailbox: " + e.To)
		}
	}
	o.sent = append(o.sent, sentMail{e.From, e.To, bytes.Clone(e.Message)})
	if during := o.during; during != nil {
		o.mu.Unlock()
		during(e)
		o.mu.Lock()
	}
	return nil
}

func (o *inbox) parsed(t *testing.T, i int) *mailmsg.Parsed {
	t.Helper()
	p, err := mailmsg.Parse(o.sent[i].Raw)
	if err != nil {
		t.Fatalf("mail %d does not parse: %v", i, err)
	}
	return p
}

// clock is a settable time.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

type fixture struct {
	svc    *requests.Service
	mail   *inbox
	clock  *clock
	signer signature.Signer
	log    *bytes.Buffer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	reg, err := company.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		t.Fatal(err)
	}
	store, _ := d1test.Open(t)
	seed := bytes.Repeat([]byte{7}, ed25519.SeedSize)
	signer := signature.NewSigner(ed25519.NewKeyFromSeed(seed))
	f := &fixture{
		mail:   &inbox{},
		clock:  &clock{time.Date(2026, 1, 31, 11, 0, 0, 0, time.UTC)},
		signer: signer,
		log:    &bytes.Buffer{},
	}
	f.svc = requests.New(requests.Deps{
		Controllers: reg,
		Store:       store,
		Outbox:      &outbox.Outbox{Store: store, Mailer: f.mail, From: "portal@portal.example", Now: f.clock.now, Log: slog.New(slog.NewTextHandler(f.log, nil))},
		Signer:      signer,
		Links:       keyring.New([]byte("link key")),
		Limiter: &limit.Limiter{Store: store, Key: []byte("limit key"), Now: f.clock.now,
			PerRecipient: limit.Rule{Name: "recipient", Max: 8, Window: 24 * time.Hour}},
		Now:    f.clock.now,
		Random: rand.NewChaCha8([32]byte{1}),
		Log:    slog.New(slog.NewTextHandler(f.log, nil)),
		Config: requests.Config{
			Origin:        "https://portal.example",
			From:          mailmsg.Address{Email: "portal@portal.example"},
			ConfirmWithin: 48 * time.Hour,
			KeepFor:       30 * 24 * time.Hour,
			RateLimit:     3,
			RateWindow:    time.Hour,
		},
	})
	f.svc.Outbox.OnAbandoned = f.svc.Abandoned
	return f
}

func accessForm() apprequests.Form {
	return apprequests.Form{
		Type: apprequests.TypeAccess, Name: "Åse Ødegård", Email: "ase@example.no",
		RegNumber: "ab 12345", Text: "Gjelder verkstedbesøket i mars.\nTakk!", Language: i18n.NB,
	}
}

var linkRE = regexp.MustCompile(`https://portal\.example/api/requests/([0-9a-f]+)/(confirm|handled|extend)\?token=([A-Za-z0-9_-]+)`)
var codeRE = regexp.MustCompile(`\b(\d{6})\b`)

func link(t *testing.T, p *mailmsg.Parsed, action string) (id, token string) {
	t.Helper()
	for _, m := range linkRE.FindAllStringSubmatch(p.Text, -1) {
		if m[2] == action {
			return m[1], m[3]
		}
	}
	t.Fatalf("no %s link in:\n%s", action, p.Text)
	return "", ""
}

func TestSubmitConfirmForward(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	rc, err := f.svc.Submit(ctx, "werksta", accessForm(), "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if rc.Status != requests.StatusUnconfirmed {
		t.Errorf("receipt = %+v", rc)
	}
	if len(f.mail.sent) != 1 || f.mail.sent[0].To != "ase@example.no" {
		t.Fatalf("after submitting, sent %d mails: %+v", len(f.mail.sent), f.mail.sent)
	}
	confirm := f.mail.parsed(t, 0)
	if got := confirm.Get("Subject"); got != "Bekreft kravet ditt til Werksta" {
		t.Errorf("confirm subject = %q", got)
	}
	id, token := link(t, confirm, "confirm")
	if id != rc.ID {
		t.Errorf("link id %s, want %s", id, rc.ID)
	}

	f.clock.advance(time.Hour)
	rec, err := f.svc.Confirm(ctx, id, requests.Proof{Token: token})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Status != requests.StatusDelivered {
		t.Errorf("status after confirming = %s, want delivered", rec.Status)
	}
	// Received Saturday 31 January: one month is Saturday 28 February, so
	// the deadline is Monday 2 March; three months, Thursday 30 April.
	if got := [2]string{rec.DueBy.String(), rec.LatestDueBy.String()}; got != [2]string{"2026-03-02", "2026-04-30"} {
		t.Errorf("deadlines stored = %v", got)
	}
	if len(f.mail.sent) != 3 {
		t.Fatalf("sent %d mails, want confirm, forward and receipt", len(f.mail.sent))
	}
	fwd := f.mail.parsed(t, 1)
	if f.mail.sent[1].To != "catherine.sahlgren@werksta.com" {
		t.Errorf("forward went to %s", f.mail.sent[1].To)
	}
	wantSubject := "Krav om innsyn – ref. " + rc.Reference + " – frist 2. mars 2026"
	if got := fwd.Get("Subject"); got != wantSubject {
		t.Errorf("forward subject = %q, want %q", got, wantSubject)
	}
	if got := fwd.Get("Reply-To"); !strings.Contains(got, "ase@example.no") {
		t.Errorf("Reply-To = %q", got)
	}
	for _, want := range []string{"Mottatt: 31. januar 2026", "Svarfrist: 2. mars 2026", "30. april 2026", "AB12345", "> Takk!"} {
		if !strings.Contains(fwd.Text, want) {
			t.Errorf("forward text lacks %q:\n%s", want, fwd.Text)
		}
	}
	doc, ok := fwd.Attachment("request.json")
	sig, ok2 := fwd.Attachment("request.json.sig")
	if !ok || !ok2 || len(sig.Data) != 64 {
		t.Fatalf("attachments: request.json %v, request.json.sig %v (%d bytes)", ok, ok2, len(sig.Data))
	}
	keys := signature.NewKeySet(f.signer)
	kid, err := keys.Verify(doc.Data, sig.Data, f.signer.KeyID())
	if err != nil || kid != f.signer.KeyID() {
		t.Fatalf("signature does not verify: %v", err)
	}
	changed := bytes.Replace(doc.Data, []byte("AB12345"), []byte("AB12346"), 1)
	if _, err := keys.Verify(changed, sig.Data, ""); !errors.Is(err, signature.ErrBadSignature) {
		t.Errorf("a changed document verified: %v", err)
	}
	parsed, err := apprequests.ParseDocument(doc.Data)
	if err != nil {
		t.Fatal(err)
	}
	want := apprequests.Document{
		Schema: apprequests.DocumentSchema, ID: rc.ID, Reference: rc.Reference,
		Controller: apprequests.DocController{Slug: "werksta", Name: "Werksta", PrivacyEmail: "catherine.sahlgren@werksta.com"},
		Type:       "access", Article: "15",
		Requester:   apprequests.DocRequester{Name: "Åse Ødegård", Email: "ase@example.no"},
		Identifiers: apprequests.DocIdentifiers{RegistrationNumber: "AB12345"},
		Text:        "Gjelder verkstedbesøket i mars.\nTakk!", Language: i18n.NB,
		SubmittedAt: "2026-01-31T11:00:00Z", ConfirmedAt: "2026-01-31T12:00:00Z",
		DueBy: "2026-03-02", LatestDueBy: "2026-04-30", Portal: "https://portal.example", KeyID: f.signer.KeyID(),
	}
	if diff := cmp.Diff(want, parsed); diff != "" {
		t.Errorf("request.json (-want +got):\n%s", diff)
	}

	receipt := f.mail.parsed(t, 2)
	if f.mail.sent[2].To != "ase@example.no" || !strings.Contains(receipt.Text, "Datatilsynet") ||
		!strings.Contains(receipt.Text, rc.Reference) || !strings.Contains(receipt.Text, "2. mars 2026") {
		t.Errorf("receipt to %s lacks reference, due date or authority:\n%s", f.mail.sent[2].To, receipt.Text)
	}

	// Confirming again shows the request and sends nothing more.
	again, err := f.svc.Confirm(ctx, id, requests.Proof{Token: token})
	if err != nil || again.Status != requests.StatusDelivered {
		t.Errorf("second confirmation: %v, %v", again.Status, err)
	}
	if _, err := f.svc.RunSchedule(ctx); err != nil {
		t.Fatal(err)
	}
	if len(f.mail.sent) != 3 {
		t.Errorf("after a second confirmation and a schedule run, %d mails were sent, want 3", len(f.mail.sent))
	}
	if strings.Contains(f.log.String(), "ase@example.no") || strings.Contains(f.log.String(), "Ødegård") {
		t.Errorf("personal data in the log:\n%s", f.log)
	}
}

func TestConfirmByCode(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	rc, _ := f.svc.Submit(ctx, "car-room", apprequests.Form{Type: "erasure", Name: "Søren Æbelø", Email: "soren@example.dk"}, "c")
	confirm := f.mail.parsed(t, 0)
	if got := confirm.Get("Subject"); got != "Bekræft din anmodning til CAR-ROOM" {
		t.Errorf("a customer of a Danish company without a language gets Danish mail; subject %q", got)
	}
	code := codeRE.FindString(confirm.Text)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	if _, err := f.svc.Confirm(ctx, rc.ID, requests.Proof{Code: wrong}); problem.Code(err) != problem.CodeBadCode {
		t.Fatalf("wrong code: %v", err)
	}
	rec, err := f.svc.Confirm(ctx, rc.ID, requests.Proof{Code: code})
	if err != nil || rec.Status != requests.StatusDelivered {
		t.Fatalf("right code: %v %v", rec.Status, err)
	}
	if f.mail.sent[1].To != "jesper@car-room.dk" {
		t.Errorf("forward to %s", f.mail.sent[1].To)
	}
	if got := f.mail.parsed(t, 1).Get("Subject"); !strings.HasPrefix(got, "Anmodning om sletning – ref. ") {
		t.Errorf("CAR-ROOM's mail is not Danish: %q", got)
	}
}

// Guessing codes stops after five tries; the link still works.
func TestCodeAttemptsLimited(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	rc, _ := f.svc.Submit(ctx, "werksta", accessForm(), "c")
	code := codeRE.FindString(f.mail.parsed(t, 0).Text)
	var got []string
	for i := 0; i < 6; i++ {
		guess := "12345" + string(rune('0'+i))
		if guess == code {
			guess = "999999"
		}
		_, err := f.svc.Confirm(ctx, rc.ID, requests.Proof{Code: guess})
		got = append(got, problem.Code(err))
	}
	want := []string{"bad_code", "bad_code", "bad_code", "bad_code", "too_many_codes", "too_many_codes"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("codes (-want +got):\n%s", diff)
	}
	if _, err := f.svc.Confirm(ctx, rc.ID, requests.Proof{Code: code}); problem.Code(err) != "too_many_codes" {
		t.Errorf("the right code after five wrong ones: %v", err)
	}
	_, token := link(t, f.mail.parsed(t, 0), "confirm")
	if _, err := f.svc.Confirm(ctx, rc.ID, requests.Proof{Token: token}); err != nil {
		t.Errorf("the link after five wrong codes: %v", err)
	}
}

func TestSubmitRejects(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		slug   string
		form   apprequests.Form
		code   string
		fields []problem.FieldError
	}{
		{"unknown company", "nope", accessForm(), problem.CodeUnknownController, nil},
		{"empty form", "werksta", apprequests.Form{}, problem.CodeInvalid, []problem.FieldError{
			{Field: "type", Problem: "required"}, {Field: "name", Problem: "required"}, {Field: "email", Problem: "required"}}},
		{"control characters in the name", "werksta", apprequests.Form{Type: "access", Name: "Eve\x00\x07", Email: "eve@example.no"},
			problem.CodeInvalid, []problem.FieldError{{Field: "name", Problem: "control_chars"}}},
		{"header injection in the address", "werksta", apprequests.Form{Type: "access", Name: "Eve", Email: "eve@example.no\r\nBcc: x@evil.example"},
			problem.CodeInvalid, []problem.FieldError{{Field: "email", Problem: "invalid"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			_, err := f.svc.Submit(ctx, tt.slug, tt.form, "c")
			var e *problem.Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Fatalf("err = %v, want %s", err, tt.code)
			}
			if diff := cmp.Diff(tt.fields, e.Fields); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
			if len(f.mail.sent) != 0 {
				t.Errorf("a rejected form sent mail")
			}
		})
	}
}

// Line breaks in a name are folded into spaces, so nothing the customer
// types can start a new header in an e-mail.
func TestNoHeaderInjection(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	form := apprequests.Form{Type: "access", Name: "Eve\r\nBcc: x@evil.example\r\n\r\nhi", Email: "eve@example.no"}
	if _, err := f.svc.Submit(ctx, "werksta", form, "c"); err != nil {
		t.Fatal(err)
	}
	raw := string(f.mail.sent[0].Raw)
	head, _, _ := strings.Cut(raw, "\r\n\r\n")
	for _, line := range strings.Split(head, "\r\n") {
		if strings.HasPrefix(strings.ToLower(line), "bcc:") {
			t.Errorf("injected header: %q", line)
		}
	}
	// The folded name holds an address, so it is not written as a
	// display name: the mailbox shows only its real address.
	if got := f.mail.parsed(t, 0).Get("To"); got != "eve@example.no" {
		t.Errorf("To = %q, want the bare address", got)
	}
	form.Name = "Eve\r\nBcc: someone\r\n\r\nhi"
	f.clock.advance(time.Hour)
	if _, err := f.svc.Submit(ctx, "werksta", form, "c"); err != nil {
		t.Fatal(err)
	}
	if got := f.mail.parsed(t, 1).Get("To"); !strings.Contains(got, "Eve Bcc: someone hi") {
		t.Errorf("To = %q", got)
	}
}

// Valid requests count towards the limit of a client and company; one with
// errors neither counts nor is refused, so a customer correcting a form is
// never locked out.
func TestRateLimit(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	var codes []string
	submit := func(slug string, form apprequests.Form) error {
		_, err := f.svc.Submit(ctx, slug, form, "198.51.100.7")
		code := "accepted"
		if err != nil {
			code = problem.Code(err)
		}
		codes = append(codes, code)
		return err
	}
	for i := 0; i < 4; i++ {
		submit("westrum", accessForm())
	}
	submit("westrum", apprequests.Form{})
	submit("werksta", accessForm())
	if diff := cmp.Diff([]string{"accepted", "accepted", "accepted", "rate_limited", "invalid", "accepted"}, codes); diff != "" {
		t.Errorf("codes (-want +got):\n%s", diff)
	}
	err := submit("westrum", accessForm())
	var e *problem.Error
	if !errors.As(err, &e) || e.RetryAfter != time.Hour {
		t.Errorf("retry after = %v (%v), want 1h at the start of the window", e, err)
	}
	f.clock.advance(time.Hour)
	if err := submit("westrum", accessForm()); err != nil {
		t.Errorf("the next window still limited: %v", err)
	}
}

// With the mail binding failing, requests are still stored and confirmed;
// when it recovers, the schedule delivers every message exactly once.
func TestNothingLostWhenMailFails(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.mail.failing = true
	var ids []string
	for i, slug := range []string{"werksta", "westrum", "car-room"} {
		form := accessForm()
		form.Email = string(rune('a'+i)) + "@example.no"
		rc, err := f.svc.Submit(ctx, slug, form, "client-"+slug)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rc.ID)
	}
	// The confirmation mails fail; retried by the schedule with backoff.
	for i := 0; i < 3; i++ {
		f.clock.advance(10 * time.Minute)
		r, err := f.svc.RunSchedule(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r.Sent != 0 {
			t.Fatalf("sent while failing: %+v", r)
		}
	}
	f.mail.failing = false
	f.clock.advance(time.Hour)
	if r, _ := f.svc.RunSchedule(ctx); r.Sent != 3 {
		t.Fatalf("after recovery sent %d confirmation mails, want 3", r.Sent)
	}
	// Confirm all three while the binding fails again.
	f.mail.failing = true
	for i := range ids {
		id, token := link(t, f.mail.parsed(t, i), "confirm")
		rec, err := f.svc.Confirm(ctx, id, requests.Proof{Token: token})
		if err != nil || rec.Status != requests.StatusConfirmed {
			t.Fatalf("confirm while mail fails: %v %v", rec.Status, err)
		}
	}
	for i := 0; i < 5; i++ {
		f.clock.advance(30 * time.Minute)
		f.svc.RunSchedule(ctx)
	}
	f.mail.failing = false
	for i := 0; i < 3; i++ {
		f.clock.advance(7 * time.Hour)
		f.svc.RunSchedule(ctx)
	}
	count := map[string]int{}
	for _, m := range f.mail.sent {
		p, _ := mailmsg.Parse(m.Raw)
		count[m.To+" "+strings.Split(p.Get("Subject"), " – ")[0]]++
	}
	for key, n := range count {
		if n != 1 {
			t.Errorf("%s: sent %d times", key, n)
		}
	}
	if len(f.mail.sent) != 9 {
		t.Errorf("sent %d mails, want 9 (confirm, forward, receipt for each of three)", len(f.mail.sent))
	}
	for _, id := range ids {
		st, _ := f.svc.Status(ctx, id)
		if st.Status != requests.StatusDelivered {
			t.Errorf("%s: status %s", id, st.Status)
		}
	}
}

func TestExpiry(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	rc, _ := f.svc.Submit(ctx, "werksta", accessForm(), "c")
	_, token := link(t, f.mail.parsed(t, 0), "confirm")
	f.clock.advance(48 * time.Hour)
	if _, err := f.svc.Confirm(ctx, rc.ID, requests.Proof{Token: token}); problem.Code(err) != problem.CodeExpired {
		t.Errorf("confirm after 48 hours: %v", err)
	}
	r, _ := f.svc.RunSchedule(ctx)
	if r.Expired != 1 {
		t.Errorf("expired %d", r.Expired)
	}
	if _, err := f.svc.Status(ctx, rc.ID); problem.Code(err) != problem.CodeNotFound {
		t.Errorf("an expired request is still stored: %v", err)
	}
}

func confirmOne(t *testing.T, f *fixture, slug string) requests.Record {
	t.Helper()
	ctx := context.Background()
	n := len(f.mail.sent)
	rc, err := f.svc.Submit(ctx, slug, accessForm(), "c")
	if err != nil {
		t.Fatal(err)
	}
	_, token := link(t, f.mail.parsed(t, n), "confirm")
	rec, err := f.svc.Confirm(ctx, rc.ID, requests.Proof{Token: token})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func subjects(t *testing.T, f *fixture, from int) []string {
	var out []string
	for i := from; i < len(f.mail.sent); i++ {
		out = append(out, f.mail.sent[i].To+": "+f.mail.parsed(t, i).Get("Subject"))
	}
	return out
}

// Reminders go to the privacy inbox seven days before the deadline and on
// the day, once each, and stop when the request is marked handled.
func TestReminders(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	rec := confirmOne(t, f, "werksta") // received Saturday 31 January, due Monday 2 March
	n := len(f.mail.sent)
	day := func(s string) { f.clock.t, _ = time.Parse(time.RFC3339, s) }
	day("2026-02-22T08:00:00Z")
	f.svc.RunSchedule(ctx)
	day("2026-02-23T08:00:00Z")
	f.svc.RunSchedule(ctx)
	f.svc.RunSchedule(ctx)
	day("2026-03-02T08:00:00Z")
	f.svc.RunSchedule(ctx)
	f.svc.RunSchedule(ctx)
	want := []string{
		"catherine.sahlgren@werksta.com: Påminnelse: frist om sju dager for krav " + rec.Reference + " (2. mars 2026)",
		"catherine.sahlgren@werksta.com: Påminnelse: fristen for krav " + rec.Reference + " er i dag",
	}
	if diff := cmp.Diff(want, subjects(t, f, n)); diff != "" {
		t.Errorf("reminders (-want +got):\n%s", diff)
	}

	handled := confirmOne(t, f, "westrum")
	n = len(f.mail.sent)
	_, token := link(t, f.mail.parsed(t, n-2), "handled")
	if _, err := f.svc.MarkHandled(ctx, handled.ID, token+"x"); problem.Code(err) != problem.CodeBadToken {
		t.Errorf("a wrong token marked the request handled: %v", err)
	}
	if _, token2 := link(t, f.mail.parsed(t, n-2), "extend"); token2 == token {
		t.Error("the handled and extend links have the same token")
	}
	if rec, err := f.svc.MarkHandled(ctx, handled.ID, token); err != nil || rec.Status != requests.StatusHandled {
		t.Fatalf("MarkHandled: %v %v", rec.Status, err)
	}
	day("2026-03-30T08:00:00Z")
	f.svc.RunSchedule(ctx)
	for _, s := range subjects(t, f, n) {
		if strings.Contains(s, handled.Reference) {
			t.Errorf("reminder for a handled request: %s", s)
		}
	}
}

func TestExtend(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	rec := confirmOne(t, f, "werksta")
	n := len(f.mail.sent)
	fwd := f.mail.parsed(t, n-2)
	_, token := link(t, fwd, "extend")
	_, handledToken := link(t, fwd, "handled")
	date := func(s string) calendar.Date { d, _ := calendar.ParseDate(s); return d }
	tests := []struct {
		name, token, date, reasons string
		code                       string
	}{
		{"the handled link cannot extend", handledToken, "2026-04-30", "Mange krav.", problem.CodeBadToken},
		{"beyond three months", token, "2026-05-01", "Mange krav.", problem.CodeInvalid},
		{"not later than the deadline", token, "2026-03-02", "Mange krav.", problem.CodeInvalid},
		{"no reasons", token, "2026-04-30", "  ", problem.CodeInvalid},
	}
	for _, tt := range tests {
		if _, err := f.svc.Extend(ctx, rec.ID, tt.token, date(tt.date), tt.reasons); problem.Code(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
	}
	got, err := f.svc.Extend(ctx, rec.ID, token, date("2026-04-30"), "Vi har mange krav\r\nnå.")
	if err != nil || got.ExtendedTo != date("2026-04-30") {
		t.Fatalf("Extend: %v %v", got.ExtendedTo, err)
	}
	if len(f.mail.sent) != n+1 || f.mail.sent[n].To != "ase@example.no" {
		t.Fatalf("extension mail: %v", subjects(t, f, n))
	}
	ext := f.mail.parsed(t, n)
	for _, want := range []string{"30. april 2026", "> Vi har mange krav\n> nå."} {
		if !strings.Contains(ext.Text, want) {
			t.Errorf("extension mail lacks %q:\n%s", want, ext.Text)
		}
	}
	if _, err := f.svc.Extend(ctx, rec.ID, token, date("2026-04-29"), "Igjen."); problem.Code(err) != problem.CodeConflict {
		t.Errorf("a second extension: %v", err)
	}
}

// Personal data is erased a set time after delivery; the bare record
// stays.
func TestErasure(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	rec := confirmOne(t, f, "werksta")
	f.clock.advance(29 * 24 * time.Hour)
	if r, _ := f.svc.RunSchedule(ctx); r.Erased != 0 {
		t.Errorf("erased after 29 days")
	}
	f.clock.advance(25 * time.Hour)
	if r, _ := f.svc.RunSchedule(ctx); r.Erased != 1 {
		t.Errorf("not erased after 30 days: %+v", r)
	}
	st, err := f.svc.Status(ctx, rec.ID)
	if err != nil || !st.Erased || st.Reference != rec.Reference || st.Type != "access" {
		t.Errorf("after erasure: %+v %v", st, err)
	}
}

// FuzzWhatValidatesIsSent checks the one rule of the form and the mail
// composer: whatever the form's validation accepts (name, address and the
// rest, as a customer could type them) is stored, confirmed and mailed,
// never an internal error; and no log line holds the name or address. An
// address with "=?" once passed the form and failed the composer: a 500,
// with the address in the log.
func FuzzWhatValidatesIsSent(f *testing.F) {
	f.Add("Åse Ødegård", "ase@example.no", "AB12345", "Gjelder mars.")
	f.Add("a=?b", "a=?b@example.no", "", "")
	f.Add("catherine.sahlgren@werksta.com", "x+tag@sub.example.co.uk", "", "=?utf-8?q?x?=")
	f.Add("\u202Emoc.atskrew@", "o'brien@example.ie", "EK12345", "\t")
	f.Add(`"Nordmann, Ola" <ola@x.no>`, "{x}|~@ex-ample.no", "ø", strings.Repeat("æ", 2000))
	f.Fuzz(func(t *testing.T, name, email, reg, text string) {
		fx := newFixture(t)
		form := apprequests.Form{Type: apprequests.TypeQuestion, Name: name, Email: email, RegNumber: reg, Text: text}
		if len(form.Normalize("NO").Validate()) > 0 {
			return
		}
		ctx := context.Background()
		rc, err := fx.svc.Submit(ctx, "werksta", form, "192.0.2.1")
		if err != nil {
			t.Fatalf("Submit of a valid form: %v", err)
		}
		code := codeRE.FindString(fx.mail.parsed(t, 0).Text)
		if _, err := fx.svc.Confirm(ctx, rc.ID, requests.Proof{Code: code}); err != nil {
			t.Fatalf("Confirm: %v", err)
		}
		if len(fx.mail.sent) != 3 {
			t.Fatalf("%d mails sent, want confirmation, request and receipt", len(fx.mail.sent))
		}
		n := form.Normalize("NO")
		for _, s := range []string{n.Name, n.Email} {
			if len(s) > 3 && strings.Contains(fx.log.String(), s) {
				t.Fatalf("the log holds %q:\n%s", s, fx.log.String())
			}
		}
	})
}

// Sixty guesses at the code sent at once are cut off at the limit: at most
// MaxCodeAttempts of them are compared.
func TestParallelCodeGuesses(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	rc, err := f.svc.Submit(ctx, "werksta", accessForm(), "c")
	if err != nil {
		t.Fatal(err)
	}
	code := codeRE.FindString(f.mail.parsed(t, 0).Text)
	var wg sync.WaitGroup
	var mu sync.Mutex
	counts := map[string]int{}
	for i := 0; i < 60; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			guess := fmt.Sprintf("%06d", i)
			if guess == code {
				guess = "999999"
			}
			_, err := f.svc.Confirm(ctx, rc.ID, requests.Proof{Code: guess})
			mu.Lock()
			counts[problem.Code(err)]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	want := map[string]int{"bad_code": requests.MaxCodeAttempts - 1, "too_many_codes": 60 - requests.MaxCodeAttempts + 1}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("answers to 60 parallel guesses (-want +got):\n%s", diff)
	}
	if _, err := f.svc.Confirm(ctx, rc.ID, requests.Proof{Code: code}); problem.Code(err) != problem.CodeTooManyCodes {
		t.Errorf("the right code after the limit: %v, want too_many_codes", err)
	}
}

// One address gets at most PerRecipient's confirmation mails a day,
// whichever clients ask for them.
func TestMailPerRecipientBounded(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	var codes []string
	for i := 0; i < 10; i++ {
		form := accessForm()
		if i%2 == 1 {
			form.Email = "ASE@Example.no"
		}
		_, err := f.svc.Submit(ctx, []string{"werksta", "westrum", "cars"}[i%3], form, fmt.Sprintf("2001:db8:%x::1", i))
		code := "accepted"
		if err != nil {
			code = problem.Code(err)
		}
		codes = append(codes, code)
	}
	want := []string{"accepted", "accepted", "accepted", "accepted", "accepted", "accepted", "accepted", "accepted", "rate_limited", "rate_limited"}
	if diff := cmp.Diff(want, codes); diff != "" {
		t.Errorf("codes (-want +got):\n%s", diff)
	}
	if n := len(f.mail.sent); n != 8 {
		t.Errorf("%d mails to one address, want 8", n)
	}
}

// A new customer's confirmation goes out in their own request, however
// many undeliverable messages are due before it.
func TestNoHeadOfLineBlocking(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.mail.failing = true
	for i := 0; i < 60; i++ {
		form := accessForm()
		form.Email = fmt.Sprintf("ugyldig.%d@example.no", i)
		if _, err := f.svc.Submit(ctx, "werksta", form, fmt.Sprintf("192.0.2.%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	f.mail.failing = false
	f.clock.advance(10 * time.Minute) // every failed message is due again
	form := accessForm()
	form.Email = "ny.kunde@example.no"
	if _, err := f.svc.Submit(ctx, "werksta", form, "198.51.100.1"); err != nil {
		t.Fatal(err)
	}
	if got := f.mail.recipients(); len(got) != 1 || got[0] != "ny.kunde@example.no" {
		t.Errorf("sent at once: %v, want only the new customer's confirmation", got)
	}
	// The schedule then drains the whole backlog in one run.
	rep, err := f.svc.RunSchedule(ctx)
	if err != nil || rep.Sent != 60 {
		t.Errorf("the schedule sent %d (%v), want the 60 waiting", rep.Sent, err)
	}
}

func (o *inbox) recipients() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var to []string
	for _, m := range o.sent {
		to = append(to, m.To)
	}
	return to
}

// Art. 12(3): the company may extend only by telling the customer within
// one month of receipt. On the deadline itself it still may; the day after,
// the extension is refused, stores nothing and sends nothing.
func TestExtendOnlyWithinTheFirstMonth(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		day  string // when the company extends, in Oslo
		want string // error code, "" for none
	}{
		{"on the day it came in", "2026-01-31T15:00:00Z", ""},
		{"on the deadline, late in the evening", "2026-03-02T22:30:00Z", ""},
		{"the day after the deadline", "2026-03-02T23:30:00Z", problem.CodeTooLate}, // 00:30 on 3 March in Oslo
		{"a month later", "2026-04-02T09:00:00Z", problem.CodeTooLate},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			rec := confirmOne(t, f, "werksta")
			if rec.DueBy.String() != "2026-03-02" {
				t.Fatalf("due %s", rec.DueBy)
			}
			n := len(f.mail.sent)
			_, token := link(t, f.mail.parsed(t, n-2), "extend")
			f.clock.t, _ = time.Parse(time.RFC3339, tc.day)
			got, err := f.svc.Extend(ctx, rec.ID, token, rec.LatestDueBy, "Vi har mange krav.")
			if (tc.want == "" && err != nil) || (tc.want != "" && problem.Code(err) != tc.want) {
				t.Fatalf("Extend on %s: %v, want %q", tc.day, err, tc.want)
			}
			if tc.want != "" {
				after, _ := f.svc.Status(ctx, rec.ID)
				if !after.ExtendedTo.IsZero() || len(f.mail.sent) != n || got.DueBy != rec.DueBy {
					t.Errorf("a refused extension changed something: extended to %s, %d mails", after.ExtendedTo, len(f.mail.sent)-n)
				}
			}
		})
	}
}

// A message the mail service refuses for good is reported to whoever can
// act, once: the customer when the company's privacy inbox refused the
// request (to send it another way; the deadline waits), the company when
// the customer's address refused the receipt. Nothing is retried.
func TestRefusedForGoodIsReported(t *testing.T) {
	ctx := context.Background()
	run := func(t *testing.T, refused map[string]int) (*fixture, requests.Receipt, []string) {
		f := newFixture(t)
		f.mail.refused = refused
		rc, err := f.svc.Submit(ctx, "werksta", accessForm(), "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Confirm(ctx, rc.ID, requests.Proof{Code: codeRE.FindString(f.mail.parsed(t, 0).Text)}); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			f.clock.advance(7 * time.Hour)
			if _, err := f.svc.RunSchedule(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		for i, m := range f.mail.sent {
			got = append(got, m.To+": "+f.mail.parsed(t, i).Get("Subject"))
		}
		return f, rc, got
	}
	t.Run("the company's inbox refuses the request", func(t *testing.T) {
		f, rc, got := run(t, map[string]int{"catherine.sahlgren@werksta.com": 0})
		ref := rc.Reference
		want := []string{
			"ase@example.no: Bekreft kravet ditt til Werksta",
			"ase@example.no: Kvittering: kravet ditt er sendt til Werksta – ref. " + ref,
			"ase@example.no: Kravet ditt kom ikke fram til Werksta – ref. " + ref,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("mail (-want +got):\n%s", diff)
		}
		notice := f.mail.parsed(t, 2).Text
		for _, s := range []string{"catherine.sahlgren@werksta.com", "Verkseier Furulunds vei 46", "Datatilsynet"} {
			if !strings.Contains(notice, s) {
				t.Errorf("the notice does not tell the customer %q:\n%s", s, notice)
			}
		}
		if rec, _ := f.svc.Status(ctx, rc.ID); rec.Status == requests.StatusDelivered {
			t.Error("a request the company never received is marked delivered")
		}
	})
	t.Run("the customer's address refuses the receipt", func(t *testing.T) {
		_, rc, got := run(t, map[string]int{"ase@example.no": 1})
		want := []string{
			"ase@example.no: Bekreft kravet ditt til Werksta",
			"catherine.sahlgren@werksta.com: " + got[1][len("catherine.sahlgren@werksta.com: "):],
			"catherine.sahlgren@werksta.com: Kunden kan ikke nås på e-post – ref. " + rc.Reference,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("mail (-want +got):\n%s", diff)
		}
	})
}
