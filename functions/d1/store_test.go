package d1_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/i18n"
	apprequests "privacyportal/app/requests"
	. "privacyportal/functions/d1"
	"privacyportal/functions/d1/d1test"
	"privacyportal/functions/outbox"
	"privacyportal/functions/requests"
)

var t0 = time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)

func newRecord(id string) requests.Record {
	return requests.Record{
		ID: id, Reference: "REF-" + id, Controller: "werksta", Type: apprequests.TypeAccess,
		Language: i18n.NB, Status: requests.StatusUnconfirmed,
		Form:        apprequests.Form{Type: apprequests.TypeAccess, Name: "Åse Ødegård", Email: "ase@example.no", Language: i18n.NB},
		ConfirmHash: "c-" + id, CodeHash: "k-" + id,
		SubmittedAt: t0, ExpiresAt: t0.Add(48 * time.Hour),
	}
}

func confirmMail(id string) outbox.Mail {
	return outbox.Mail{OwnerID: id, Kind: requests.MailConfirm, Recipient: "ase@example.no", Message: []byte("confirm " + id)}
}

func TestCreateGetRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, _ := d1test.Open(t)
	want := newRecord("a1")
	if err := s.Create(ctx, want, confirmMail("a1")); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("record (-want +got):\n%s", diff)
	}
	if err := s.Create(ctx, want, confirmMail("a1")); err != requests.ErrDuplicate {
		t.Errorf("second Create = %v, want ErrDuplicate", err)
	}
	if _, err := s.Get(ctx, "nope"); err != requests.ErrNotFound {
		t.Errorf("Get(nope) = %v, want ErrNotFound", err)
	}
	mail, err := s.Unsent(ctx, "", t0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(mail) != 1 || string(mail[0].Message) != "confirm a1" {
		t.Fatalf("unsent mail = %+v", mail)
	}
}

func confirmed(r requests.Record, at time.Time) requests.Record {
	r.Status = requests.StatusConfirmed
	r.ConfirmedAt = at
	d := apprequests.DeadlinesFor("NO", at)
	r.DueBy, r.LatestDueBy = d.Due, d.Latest
	r.KeyID = "kid"
	r.Document = []byte(`{"id":"` + r.ID + `"}`)
	r.Signature = make([]byte, 64)
	r.DocumentSHA256 = "hash-" + r.ID
	return r
}

// Confirming twice queues the company's mail once: the second confirmation
// changes nothing.
func TestConfirmOnce(t *testing.T) {
	ctx := context.Background()
	s, _ := d1test.Open(t)
	s.Create(ctx, newRecord("b1"), confirmMail("b1"))
	forward := outbox.Mail{OwnerID: "b1", Kind: requests.MailForward, Recipient: "inbox@example.no", Message: []byte("fwd")}
	receipt := outbox.Mail{OwnerID: "b1", Kind: requests.MailReceipt, Recipient: "ase@example.no", Message: []byte("rcpt")}
	ok, err := s.Confirm(ctx, confirmed(newRecord("b1"), t0.Add(time.Hour)), forward, receipt)
	if err != nil || !ok {
		t.Fatalf("first Confirm = %v, %v", ok, err)
	}
	ok, err = s.Confirm(ctx, confirmed(newRecord("b1"), t0.Add(2*time.Hour)), forward, receipt)
	if err != nil || ok {
		t.Fatalf("second Confirm = %v, %v; want false", ok, err)
	}
	got, _ := s.Get(ctx, "b1")
	if got.Status != requests.StatusConfirmed || !got.ConfirmedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("after confirm: status %s at %s", got.Status, got.ConfirmedAt)
	}
	mail, _ := s.Unsent(ctx, "", t0.Add(3*time.Hour), 10)
	var kinds []string
	for _, m := range mail {
		kinds = append(kinds, m.Kind)
	}
	if diff := cmp.Diff([]string{"confirm", "forward", "receipt"}, kinds); diff != "" {
		t.Errorf("queued mail (-want +got):\n%s", diff)
	}
}

func TestConfirmAfterExpiryChangesNothing(t *testing.T) {
	ctx := context.Background()
	s, _ := d1test.Open(t)
	s.Create(ctx, newRecord("c1"), confirmMail("c1"))
	ok, err := s.Confirm(ctx, confirmed(newRecord("c1"), t0.Add(49*time.Hour)),
		outbox.Mail{OwnerID: "c1", Kind: requests.MailForward, Recipient: "x@example.no", Message: []byte("f")})
	if err != nil || ok {
		t.Fatalf("Confirm after expiry = %v, %v", ok, err)
	}
	n, err := s.Expire(ctx, t0.Add(49*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("Expire = %d, %v", n, err)
	}
	if _, err := s.Get(ctx, "c1"); err != requests.ErrNotFound {
		t.Errorf("expired request still there: %v", err)
	}
	if mail, _ := s.Unsent(ctx, "", t0.Add(50*time.Hour), 10); len(mail) != 0 {
		t.Errorf("expired request's mail still queued: %+v", mail)
	}
}

// A claimed message is not handed to a second sender until its lease ends;
// a sent forward makes the request delivered.
func TestClaimSendFail(t *testing.T) {
	ctx := context.Background()
	s, db := d1test.Open(t)
	s.Create(ctx, newRecord("d1"), confirmMail("d1"))
	s.Confirm(ctx, confirmed(newRecord("d1"), t0), outbox.Mail{OwnerID: "d1", Kind: requests.MailForward, Recipient: "inbox@example.no", Message: []byte("fwd")})
	mail, _ := s.Unsent(ctx, "", t0, 10)
	fwd := mail[1]
	lease := t0.Add(5 * time.Minute)
	if ok, _ := s.Claim(ctx, fwd.ID, "fwd-d1@portal.example", t0, lease); !ok {
		t.Fatal("first claim failed")
	}
	if ok, _ := s.Claim(ctx, fwd.ID, "fwd-d1@portal.example", t0, lease); ok {
		t.Fatal("second claim succeeded while leased")
	}
	if err := s.Failed(ctx, fwd.ID, t0.Add(time.Minute), "binding failed"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Claim(ctx, fwd.ID, "fwd-d1@portal.example", t0.Add(time.Minute), t0.Add(6*time.Minute)); !ok {
		t.Fatal("claim after the retry time failed")
	}
	if err := s.Sent(ctx, fwd, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Claim(ctx, fwd.ID, "fwd-d1@portal.example", t0.Add(time.Hour), t0.Add(2*time.Hour)); ok {
		t.Fatal("a sent message was claimed again")
	}
	got, _ := s.Get(ctx, "d1")
	if got.Status != requests.StatusDelivered || !got.DeliveredAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("status %s delivered %s", got.Status, got.DeliveredAt)
	}
	rows, _ := db.Query(ctx, Stmt(`SELECT attempts, message FROM mail WHERE id = ?`, fwd.ID))
	if diff := cmp.Diff([][]any{{int64(2), nil}}, rows.Values); diff != "" {
		t.Errorf("sent mail row (-want +got):\n%s", diff)
	}
}

func TestOpenHandledExtend(t *testing.T) {
	ctx := context.Background()
	s, _ := d1test.Open(t)
	s.Create(ctx, newRecord("e1"), confirmMail("e1"))
	s.Confirm(ctx, confirmed(newRecord("e1"), t0), outbox.Mail{OwnerID: "e1", Kind: requests.MailForward, Recipient: "i@example.no", Message: []byte("f")})
	s.Sent(ctx, outbox.Mail{ID: 2, OwnerID: "e1", Kind: requests.MailForward}, t0)
	due := apprequests.DeadlinesFor("NO", t0).Due // Saturday 28 February moves to Monday 2 March
	if open, _ := s.Open(ctx, due.AddDays(-1)); len(open) != 0 {
		t.Errorf("open before its due date: %d", len(open))
	}
	if open, _ := s.Open(ctx, due); len(open) != 1 {
		t.Errorf("not open on its due date: %d", len(open))
	}
	ext := outbox.Mail{OwnerID: "e1", Kind: requests.MailExtension, Recipient: "ase@example.no", Message: []byte("ext"), NextAttemptAt: t0}
	if ok, err := s.Extend(ctx, "e1", due.AddMonths(2), ext); !ok || err != nil {
		t.Fatalf("Extend = %v, %v", ok, err)
	}
	if ok, _ := s.Extend(ctx, "e1", due.AddMonths(1), ext); ok {
		t.Error("a second extension was accepted")
	}
	if open, _ := s.Open(ctx, due); len(open) != 0 {
		t.Errorf("still due on the old date after extension")
	}
	if ok, _ := s.MarkHandled(ctx, "e1", t0.Add(time.Hour)); !ok {
		t.Error("MarkHandled failed")
	}
	if ok, _ := s.MarkHandled(ctx, "e1", t0.Add(2*time.Hour)); ok {
		t.Error("MarkHandled twice")
	}
	got, _ := s.Get(ctx, "e1")
	if got.Status != requests.StatusHandled || got.ExtendedTo != due.AddMonths(2) {
		t.Errorf("status %s extended %v", got.Status, got.ExtendedTo)
	}
}

// Erasure keeps the bare record and the document's hash.
func TestErase(t *testing.T) {
	ctx := context.Background()
	s, db := d1test.Open(t)
	s.Create(ctx, newRecord("f1"), confirmMail("f1"))
	s.Confirm(ctx, confirmed(newRecord("f1"), t0), outbox.Mail{OwnerID: "f1", Kind: requests.MailForward, Recipient: "i@example.no", Message: []byte("f")})
	mail, _ := s.Unsent(ctx, "", t0, 10)
	for _, m := range mail {
		s.Sent(ctx, m, t0)
	}
	if n, _ := s.Erase(ctx, t0.Add(-time.Second), t0); n != 0 {
		t.Errorf("erased %d requests delivered later than the limit", n)
	}
	if n, err := s.Erase(ctx, t0, t0.Add(time.Hour)); n != 1 || err != nil {
		t.Fatalf("Erase = %d, %v", n, err)
	}
	got, _ := s.Get(ctx, "f1")
	if !got.Erased || got.Form != (apprequests.Form{}) || got.Document != nil || got.DocumentSHA256 != "hash-f1" || got.Type != "access" {
		t.Errorf("after erasure: %+v", got)
	}
	rows, _ := db.Query(ctx, Stmt(`SELECT COUNT(*) AS n FROM mail WHERE recipient IS NOT NULL OR message IS NOT NULL`))
	if diff := cmp.Diff([][]any{{int64(0)}}, rows.Values); diff != "" {
		t.Errorf("mail with personal data left (-want +got):\n%s", diff)
	}
}

// A request the company's inbox refused for good is never delivered; its
// personal data goes the same time after the refusal as a delivered
// request's after delivery, not never.
func TestEraseRefusedRequests(t *testing.T) {
	ctx := context.Background()
	s, db := d1test.Open(t)
	for _, id := range []string{"r1", "r2"} {
		s.Create(ctx, newRecord(id), confirmMail(id))
		s.Confirm(ctx, confirmed(newRecord(id), t0), outbox.Mail{OwnerID: id, Kind: requests.MailForward, Recipient: "left@example.no", Message: []byte("f")})
	}
	mail, _ := s.Unsent(ctx, "", t0, 10)
	for _, m := range mail {
		switch {
		case m.Kind == requests.MailForward && m.OwnerID == "r1":
			if err := s.Abandon(ctx, m, t0, "550 no such user"); err != nil {
				t.Fatal(err)
			}
		case m.Kind == requests.MailForward:
			// r2's forward is still being retried: neither delivered nor
			// refused, so its data stays.
		default:
			s.Sent(ctx, m, t0)
		}
	}
	if n, _ := s.Erase(ctx, t0.Add(-time.Second), t0); n != 0 {
		t.Errorf("erased %d requests refused later than the limit", n)
	}
	if n, err := s.Erase(ctx, t0, t0.Add(time.Hour)); n != 1 || err != nil {
		t.Fatalf("Erase = %d, %v; want the refused request", n, err)
	}
	for id, erased := range map[string]bool{"r1": true, "r2": false} {
		if got, _ := s.Get(ctx, id); got.Erased != erased || (got.Form.Email == "") != erased {
			t.Errorf("%s: erased %v, form e-mail %q", id, got.Erased, got.Form.Email)
		}
	}
	rows, _ := db.Query(ctx, Stmt(`SELECT COUNT(*) AS n FROM mail WHERE request_id = 'r1' AND (recipient IS NOT NULL OR message IS NOT NULL)`))
	if diff := cmp.Diff([][]any{{int64(0)}}, rows.Values); diff != "" {
		t.Errorf("the refused request's mail keeps personal data (-want +got):\n%s", diff)
	}
}

func TestHitCountsPerWindow(t *testing.T) {
	ctx := context.Background()
	s, _ := d1test.Open(t)
	var got []int
	hit := func(key string, start time.Time) {
		n, err := s.Hit(ctx, key, start, start.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, n)
	}
	hit("k", t0)
	hit("k", t0)
	hit("other", t0.Add(30*time.Minute)) // a later window of another key
	hit("k", t0)
	hit("k", t0.Add(time.Hour))
	hit("k", t0.Add(time.Hour))
	if diff := cmp.Diff([]int{1, 2, 1, 3, 1, 2}, got); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	n, err := s.ForgetLimits(ctx, t0.Add(time.Hour))
	if err != nil || n != 1 {
		t.Errorf("ForgetLimits = %d, %v; want the one ended window", n, err)
	}
}

// A webhook's token is taken once, even by two deliveries at once; a
// forgotten one (its webhook failed) is taken again; the schedule drops
// tokens whose webhooks would be stale anyway.
func TestWebhookTokensTakenOnce(t *testing.T) {
	ctx := context.Background()
	s, _ := d1test.Open(t)
	until := t0.Add(9 * time.Hour)
	results := make(chan bool, 20)
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := s.FirstUse(ctx, "tok-1", until)
			if err != nil {
				t.Error(err)
			}
			results <- ok
		}()
	}
	wg.Wait()
	close(results)
	first := 0
	for ok := range results {
		if ok {
			first++
		}
	}
	if first != 1 {
		t.Errorf("%d of 20 parallel uses of one token were first", first)
	}
	if err := s.ForgetToken(ctx, "tok-1"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.FirstUse(ctx, "tok-1", until); !ok {
		t.Error("a forgotten token was not taken again")
	}
	s.FirstUse(ctx, "tok-2", t0.Add(time.Hour))
	if n, err := s.ForgetTokens(ctx, t0.Add(2*time.Hour)); err != nil || n != 1 {
		t.Errorf("ForgetTokens = %d, %v; want the one past its time", n, err)
	}
	if ok, _ := s.FirstUse(ctx, "tok-1", until); ok {
		t.Error("a token still in its window was forgotten")
	}
}
