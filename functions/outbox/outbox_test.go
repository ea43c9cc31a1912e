package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"privacyportal/functions/d1/d1test"
	"privacyportal/functions/outbox"
)

// service is a mail service with recipients it refuses for a while
// (down), for good (refused), or never.
type service struct {
	mu      sync.Mutex
	down    map[string]bool
	refused map[string]bool
	sent    map[string]int    // recipient: deliveries
	keys    map[string]string // recipient: the key of its first attempt
	changed []string          // recipients whose key changed between attempts
}

func newService() *service {
	return &service{down: map[string]bool{}, refused: map[string]bool{}, sent: map[string]int{}, keys: map[string]string{}}
}

func (s *service) Send(_ context.Context, e outbox.Envelope) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.keys[e.To]; ok && k != e.Key {
		s.changed = append(s.changed, e.To)
	}
	s.keys[e.To] = e.Key
	switch {
	case s.refused[e.To]:
		return outbox.Permanent("550 no such user " + e.To)
	case s.down[e.To]:
		return errors.New("451 try again later, " + e.To)
	}
	s.sent[e.To]++
	return nil
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func message(to string) []byte {
	return []byte("Message-ID: <" + to + "@portal.example>\r\nTo: " + to + "\r\n\r\nhei\r\n")
}

// A permanent refusal is recorded once and never retried, the one who can
// act is told, and the message's content is gone; a temporary failure is
// retried with the same idempotency key until it goes, exactly once.
func TestPermanentAndTemporaryFailures(t *testing.T) {
	ctx := context.Background()
	store, db := d1test.Open(t)
	c := &clock{t: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)}
	svc := newService()
	svc.refused["gone@example.no"] = true
	svc.down["later@example.no"] = true
	var abandoned []string
	o := &outbox.Outbox{Store: store, Mailer: svc, From: "portal@portal.example", Now: c.now,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		OnAbandoned: func(_ context.Context, m outbox.Mail, reason string) error {
			abandoned = append(abandoned, m.OwnerID+" "+m.Kind+": "+reason)
			return nil
		}}
	if _, err := store.Queue(ctx,
		outbox.Mail{OwnerID: "r1", Kind: "forward", Recipient: "gone@example.no", Message: message("gone@example.no"), NextAttemptAt: c.now()},
		outbox.Mail{OwnerID: "r2", Kind: "confirm", Recipient: "later@example.no", Message: message("later@example.no"), NextAttemptAt: c.now()},
		outbox.Mail{OwnerID: "r3", Kind: "confirm", Recipient: "fine@example.no", Message: message("fine@example.no"), NextAttemptAt: c.now()},
	); err != nil {
		t.Fatal(err)
	}
	got := o.Deliver(ctx, "")
	if diff := cmp.Diff(outbox.Report{Sent: 1, Failed: 1, Abandoned: 1}, got); diff != "" {
		t.Errorf("first run (-want +got):\n%s", diff)
	}
	// The reason is kept and reported without the address.
	if diff := cmp.Diff([]string{"r1 forward: permanent: 550 no such user [address]"}, abandoned); diff != "" {
		t.Errorf("reported (-want +got):\n%s", diff)
	}
	var failedAt, lastError string
	var hasMessage bool
	row := db.DB.QueryRow(`SELECT COALESCE(failed_at, ''), COALESCE(last_error, ''), message IS NOT NULL FROM mail WHERE request_id = 'r1'`)
	if err := row.Scan(&failedAt, &lastError, &hasMessage); err != nil {
		t.Fatal(err)
	}
	if failedAt == "" || hasMessage || strings.Contains(lastError, "@") {
		t.Errorf("abandoned mail: failed_at %q, message kept %v, last_error %q", failedAt, hasMessage, lastError)
	}
	// Later runs: the refused one is never tried again; the other goes
	// once the service is back.
	for range 3 {
		c.add(time.Hour)
		o.Deliver(ctx, "")
	}
	svc.mu.Lock()
	svc.down["later@example.no"] = false
	svc.mu.Unlock()
	c.add(7 * time.Hour)
	o.Deliver(ctx, "")
	c.add(7 * time.Hour)
	o.Deliver(ctx, "")
	if diff := cmp.Diff(map[string]int{"fine@example.no": 1, "later@example.no": 1}, svc.sent); diff != "" {
		t.Errorf("deliveries (-want +got):\n%s", diff)
	}
	if len(abandoned) != 1 {
		t.Errorf("the refused message was reported %d times", len(abandoned))
	}
	if len(svc.changed) > 0 {
		t.Errorf("idempotency keys changed between attempts for %v", svc.changed)
	}
}

// No message waits behind others: with 1,000 undeliverable messages due,
// a new owner's message is sent by its owner at once, in one call that
// reads only its own; and the drain takes the longest due first.
func TestNoHeadOfLineBlocking(t *testing.T) {
	ctx := context.Background()
	store, _ := d1test.Open(t)
	c := &clock{t: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)}
	svc := newService()
	var backlog []outbox.Mail
	for i := range 1000 {
		to := fmt.Sprintf("down%04d@example.no", i)
		svc.down[to] = true
		backlog = append(backlog, outbox.Mail{OwnerID: fmt.Sprintf("old%04d", i), Kind: "confirm", Recipient: to,
			Message: message(to), NextAttemptAt: c.now().Add(-time.Duration(1000-i) * time.Minute)})
	}
	if _, err := store.Queue(ctx, backlog...); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Queue(ctx, outbox.Mail{OwnerID: "new", Kind: "confirm", Recipient: "new@example.no", Message: message("new@example.no"), NextAttemptAt: c.now()}); err != nil {
		t.Fatal(err)
	}
	o := &outbox.Outbox{Store: store, Mailer: svc, From: "portal@portal.example", Now: c.now, Log: slog.New(slog.DiscardHandler)}
	if got := o.Deliver(ctx, "new"); got != (outbox.Report{Sent: 1}) {
		t.Errorf("the new message's own delivery = %+v, want it sent alone", got)
	}
	if svc.sent["new@example.no"] != 1 {
		t.Error("the new confirmation did not go out")
	}
	due, oldest, err := store.Backlog(ctx, c.now())
	if err != nil || due != 1000 || !oldest.Equal(c.now().Add(-1000*time.Minute)) {
		t.Errorf("Backlog = %d, %v, %v; want 1000 due since 1000 minutes ago", due, oldest, err)
	}
	// The schedule's drain tries all 1,000, with no fixed cap.
	if got := o.Deliver(ctx, ""); got.Failed != 1000 {
		t.Errorf("drain = %+v, want 1000 tried and failed", got)
	}
}

// A drain stops when its budget is spent; the next run goes on with what
// is left, the longest due first.
func TestDrainKeepsToItsBudget(t *testing.T) {
	ctx := context.Background()
	store, _ := d1test.Open(t)
	c := &clock{t: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)}
	var order []string
	slow := mailerFunc(func(_ context.Context, e outbox.Envelope) error {
		order = append(order, e.To)
		time.Sleep(5 * time.Millisecond)
		return nil
	})
	var mail []outbox.Mail
	for i := range 200 {
		to := fmt.Sprintf("k%03d@example.no", 199-i)
		// Queued newest first: the drain must still take the oldest due.
		mail = append(mail, outbox.Mail{OwnerID: to, Kind: "confirm", Recipient: to, Message: message(to),
			NextAttemptAt: c.now().Add(-time.Duration(i) * time.Second)})
	}
	if _, err := store.Queue(ctx, mail...); err != nil {
		t.Fatal(err)
	}
	o := &outbox.Outbox{Store: store, Mailer: slow, Now: c.now, Budget: 100 * time.Millisecond, Log: slog.New(slog.DiscardHandler)}
	first := o.Deliver(ctx, "").Sent
	if first == 0 || first >= 200 {
		t.Fatalf("a run with a budget of 100 ms sent %d of 200 slow messages", first)
	}
	// Runs until all is sent (a run on a busy machine may spend its budget
	// before its first message, and send none), but not for ever.
	for runs := 0; len(order) < 200 && runs < 2000 && !t.Failed(); runs++ {
		o.Deliver(ctx, "")
	}
	if len(order) != 200 {
		t.Fatalf("%d sent in all, want 200", len(order))
	}
	for i, to := range order {
		if want := fmt.Sprintf("k%03d@example.no", i); to != want {
			t.Fatalf("message %d sent was %s, want %s (longest due first)", i, to, want)
		}
	}
}

type mailerFunc func(context.Context, outbox.Envelope) error

func (f mailerFunc) Send(ctx context.Context, e outbox.Envelope) error { return f(ctx, e) }

// Two Workers draining at once never send a message twice: each claim is a
// lease. Random failures on the way lose nothing.
func TestConcurrentDrainsSendEachOnce(t *testing.T) {
	ctx := context.Background()
	store, _ := d1test.Open(t)
	c := &clock{t: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)}
	var mu sync.Mutex
	sent := map[string]int{}
	r := rand.New(rand.NewPCG(1, 2))
	flaky := mailerFunc(func(_ context.Context, e outbox.Envelope) error {
		mu.Lock()
		defer mu.Unlock()
		if r.IntN(4) == 0 {
			return errors.New("421 busy")
		}
		sent[e.To]++
		return nil
	})
	var mail []outbox.Mail
	for i := range 300 {
		to := fmt.Sprintf("p%03d@example.no", i)
		mail = append(mail, outbox.Mail{OwnerID: to, Kind: "confirm", Recipient: to, Message: message(to), NextAttemptAt: c.now()})
	}
	if _, err := store.Queue(ctx, mail...); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 20; round++ {
		var wg sync.WaitGroup
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				(&outbox.Outbox{Store: store, Mailer: flaky, Now: c.now, Log: slog.New(slog.DiscardHandler)}).Deliver(ctx, "")
			}()
		}
		wg.Wait()
		c.add(7 * time.Hour)
	}
	if len(sent) != 300 {
		t.Errorf("%d of 300 messages delivered", len(sent))
	}
	for to, n := range sent {
		if n != 1 {
			t.Errorf("%s delivered %d times", to, n)
		}
	}
}

func TestKey(t *testing.T) {
	a, b := outbox.Key(message("a@example.no")), outbox.Key(message("b@example.no"))
	if a == b || a != outbox.Key(message("a@example.no")) || !strings.HasPrefix(a, "pp-") || len(a) != 35 {
		t.Errorf("keys %q and %q: want stable, distinct, pp- and 32 hex digits", a, b)
	}
}

func TestRedactAddresses(t *testing.T) {
	tests := []struct{ in, want string }{
		{"550 no such user kari@example.no", "550 no such user [address]"},
		{"email to <kari.nordmann+x@example.no> not allowed", "email to <[address]> not allowed"},
		{`"ola@example.no",'per@example.dk'`, `"[address]",'[address]'`},
		{"rcpt æøå@eksempel.no refused", "rcpt [address] refused"},
		{"two@at@signs.no", "[address]"},
		{"no address @ here", "no address @ here"},
		{"trailing@", "trailing@"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := outbox.RedactAddresses(tt.in); got != tt.want {
			t.Errorf("RedactAddresses(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// idService is a mail service that answers each message with an id of its
// own, as the send_email binding does.
type idService struct{ n int }

func (s *idService) Send(ctx context.Context, e outbox.Envelope) error {
	_, err := s.SendID(ctx, e)
	return err
}

func (s *idService) SendID(_ context.Context, e outbox.Envelope) (string, error) {
	s.n++
	return fmt.Sprintf("cf-msg-%d", s.n), nil
}

// A service's later report may name a message by the service's own id or
// by its Message-ID: either finds it, and it is reported once.
func TestReportsByEitherID(t *testing.T) {
	ctx := context.Background()
	store, db := d1test.Open(t)
	c := &clock{t: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)}
	var told []string
	o := &outbox.Outbox{Store: store, Mailer: &idService{}, From: "portal@portal.example", Now: c.now,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		OnAbandoned: func(_ context.Context, m outbox.Mail, reason string) error {
			told = append(told, m.OwnerID+": "+reason)
			return nil
		}}
	if _, err := store.Queue(ctx,
		outbox.Mail{OwnerID: "r1", Kind: "forward", Recipient: "a@example.no", Message: message("a@example.no"), NextAttemptAt: c.now()},
		outbox.Mail{OwnerID: "r2", Kind: "forward", Recipient: "b@example.no", Message: message("b@example.no"), NextAttemptAt: c.now()},
	); err != nil {
		t.Fatal(err)
	}
	if got := o.Deliver(ctx, ""); got.Sent != 2 {
		t.Fatalf("delivered %+v", got)
	}
	var ids []string
	rows, _ := db.DB.Query(`SELECT request_id || ' ' || COALESCE(message_id, '') || ' ' || COALESCE(service_id, '') FROM mail ORDER BY id`)
	for rows.Next() {
		var s string
		rows.Scan(&s)
		ids = append(ids, s)
	}
	rows.Close()
	if diff := cmp.Diff([]string{"r1 a@example.no@portal.example cf-msg-1", "r2 b@example.no@portal.example cf-msg-2"}, ids); diff != "" {
		t.Errorf("ids kept (-want +got):\n%s", diff)
	}
	for _, id := range []string{"cf-msg-1", "<a@example.no@portal.example>", "cf-msg-1", "b@example.no@portal.example", "cf-msg-2"} {
		if _, err := o.Undelivered(ctx, id, "bounced for post@westrum.no"); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
	}
	if _, err := o.Undelivered(ctx, "cf-msg-3", "x"); !errors.Is(err, outbox.ErrNoMail) {
		t.Errorf("an id of none of the portal's: %v", err)
	}
	if diff := cmp.Diff([]string{"r1: bounced for [address]", "r2: bounced for [address]"}, told); diff != "" {
		t.Errorf("told (-want +got):\n%s", diff)
	}
}

// A reason cut to its limit stays UTF-8, whatever it holds.
func TestClipReasonKeepsUTF8(t *testing.T) {
	for _, s := range []string{strings.Repeat("æ", 400), strings.Repeat("a", 499) + "ø" + "x", strings.Repeat("€", 300), "short"} {
		got := outbox.ClipReason(s)
		if len(got) > outbox.MaxReason || !utf8.ValidString(got) || !strings.HasPrefix(s, got) {
			t.Errorf("ClipReason(%d bytes) = %d bytes, valid %v", len(s), len(got), utf8.ValidString(got))
		}
	}
}
