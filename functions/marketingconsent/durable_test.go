package marketingconsent_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"log/slog"
	"math/rand/v2"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"privacyportal/app/i18n"
	"privacyportal/app/mailmsg"
	appmarketingconsent "privacyportal/app/marketingconsent"
	apprequests "privacyportal/app/requests"
	"privacyportal/app/signature"
	"privacyportal/functions/keyring"
	limiter "privacyportal/functions/limit"
	"privacyportal/functions/marketingconsent"
	"privacyportal/functions/outbox"
	"privacyportal/functions/requests"
)

// flakyStore is the store whose ApplyRequest fails while down is set, as
// D1 might for the write after a request's confirmation.
type flakyStore struct {
	marketingconsent.Store
	down atomic.Bool
}

func (s *flakyStore) ApplyRequest(ctx context.Context, r marketingconsent.RequestRecord) (marketingconsent.Applied, error) {
	if s.down.Load() {
		return marketingconsent.Applied{}, errors.New("d1: network connection lost")
	}
	return s.Store.ApplyRequest(ctx, r)
}

// An objection confirmed while the marketing write fails is not lost: the
// request is confirmed, its receipt says what will be recorded, the
// schedule records it once the database answers (and not twice), and its
// personal data is not erased before.
func TestObjectionSurvivesAFailedWrite(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 0)
	flaky := &flakyStore{Store: f.store}
	mk := marketingconsent.New(marketingconsent.Deps{
		Controllers: f.reg, Store: flaky, Links: keyring.New([]byte("link key")), Now: f.clock.now,
		Random: rand.NewChaCha8([32]byte{9}), Log: slog.New(slog.NewTextHandler(f.log, nil)), Origin: "https://portal.example",
	})
	f.optIn(t, "werksta", appmarketingconsent.Form{Channels: []string{"email"}, Email: "Kari.N@Example.NO", Language: i18n.NB})
	var hooked int
	svc := requests.New(requests.Deps{
		Controllers: f.reg, Store: f.store,
		Outbox: &outbox.Outbox{Store: f.store, Mailer: f.mail, From: "portal@portal.example", Now: f.clock.now, Log: slog.New(slog.NewTextHandler(f.log, nil))},
		Signer: signature.NewSigner(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))),
		Links:  keyring.New([]byte("link key")),
		Limiter: &limiter.Limiter{Store: f.store, Key: []byte("limit key"), Now: f.clock.now,
			PerRecipient: limiter.Rule{Name: "recipient", Max: 100, Window: 24 * time.Hour}},
		Now: f.clock.now, Random: rand.NewChaCha8([32]byte{1}), Log: slog.New(slog.NewTextHandler(f.log, nil)),
		Config: requests.Config{Origin: "https://portal.example", From: mailmsg.Address{Email: "portal@portal.example"},
			ConfirmWithin: 48 * time.Hour, KeepFor: 30 * 24 * time.Hour, RateLimit: 10, RateWindow: time.Hour},
		// As functions/worker wires it.
		Confirmed: func(ctx context.Context, r requests.Record) {
			hooked++
			mk.ApplyRequest(ctx, marketingconsent.Request{ID: r.ID, Controller: r.Controller, Type: r.Type,
				ObjectionScope: r.Form.ObjectionScope, Email: r.Form.Email, Name: r.Form.Name, Phone: r.Form.Phone,
				Language: r.Language, ConfirmedAt: r.ConfirmedAt})
		},
	})
	rc, err := svc.Submit(ctx, "werksta", apprequests.Form{Type: apprequests.TypeObjection, ObjectionScope: apprequests.ObjectDirectMarketing,
		Name: "Kari Nordmann", Email: "kari.n@example.no", Language: i18n.NB}, "192.0.2.9")
	if err != nil {
		t.Fatal(err)
	}
	confirm, _ := f.mail.last(t)
	token := regexp.MustCompile(`/api/requests/[0-9a-f]+/confirm\?token=([A-Za-z0-9_-]+)`).FindStringSubmatch(confirm.Text)
	if token == nil {
		t.Fatalf("no confirmation link in:\n%s", confirm.Text)
	}
	flaky.down.Store(true)
	f.clock.advance(time.Hour)
	if _, err := svc.Confirm(ctx, rc.ID, requests.Proof{Token: token[1]}); err != nil {
		t.Fatalf("Confirm with marketing down: %v", err)
	}
	if hooked != 1 {
		t.Fatalf("the hook ran %d times", hooked)
	}
	if got := f.current(t, "werksta", "kari.n@example.no")["email"].Status; got != appmarketingconsent.StatusGranted {
		t.Fatalf("with the write failed, e-mail is %s (the test's failure did not happen)", got)
	}
	// Still down: the schedule tries, fails, keeps the request, and
	// erasure waits.
	f.clock.advance(10 * time.Minute)
	if _, err := mk.ApplyPending(ctx); err == nil {
		t.Error("ApplyPending with the database down reported no error")
	}
	f.clock.advance(60 * 24 * time.Hour)
	if _, err := svc.RunSchedule(ctx); err != nil {
		t.Fatal(err)
	}
	if rec, _ := f.store.Get(ctx, rc.ID); rec.Erased || rec.Form.Email == "" {
		t.Fatalf("the request was erased before its objection was recorded: %+v", rec)
	}
	// Back up: the next run records it, once.
	flaky.down.Store(false)
	if n, err := mk.ApplyPending(ctx); err != nil || n != 1 {
		t.Fatalf("ApplyPending = %d, %v; want 1", n, err)
	}
	// Every channel reserved, the e-mail consent given before included.
	for _, ch := range appmarketingconsent.AllChannels() {
		want := appmarketingconsent.StatusReserved
		if got := f.current(t, "werksta", "kari.n@example.no")[ch].Status; got != want {
			t.Errorf("%s is %q, want %s", ch, got, want)
		}
	}
	if n, err := mk.ApplyPending(ctx); err != nil || n != 0 {
		t.Errorf("ApplyPending again = %d, %v; want 0", n, err)
	}
	if _, err := svc.RunSchedule(ctx); err != nil {
		t.Fatal(err)
	}
	if rec, _ := f.store.Get(ctx, rc.ID); !rec.Erased {
		t.Errorf("once recorded, the request's data is still kept")
	}
}
