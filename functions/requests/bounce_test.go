package requests_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/calendar"
	"privacyportal/functions/outbox"
	portalmail "privacyportal/functions/outbox"
	"privacyportal/functions/requests"
)

// confirmedRequest files and confirms Åse's request to Werksta; the
// forward and the receipt are accepted by the mail service.
func confirmedRequest(t *testing.T, f *fixture) requests.Receipt {
	t.Helper()
	ctx := context.Background()
	rc, err := f.svc.Submit(ctx, "werksta", accessForm(), "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Confirm(ctx, rc.ID, requests.Proof{Code: codeRE.FindString(f.mail.parsed(t, 0).Text)}); err != nil {
		t.Fatal(err)
	}
	return rc
}

// messageIDTo is the Message-ID of the first message sent to an address.
func messageIDTo(t *testing.T, f *fixture, to string) string {
	t.Helper()
	for _, m := range f.mail.sent {
		if m.To == to {
			return portalmail.MessageID(m.Raw)
		}
	}
	t.Fatalf("nothing sent to %s", to)
	return ""
}

// A mail service that accepted the request for the company and reports
// later that the company's inbox refused it (a contact who left): the
// request is no longer delivered and the customer is told, exactly once,
// with the company's postal address and the authority, however the
// reports arrive: twice, a complaint after the failure, a temporary
// nothing in between, interleaved with the schedule, in any order.
func TestBounceAfterAcceptance(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 30; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			f := newFixture(t)
			rc := confirmedRequest(t, f)
			if rec, _ := f.svc.Status(ctx, rc.ID); rec.Status != requests.StatusDelivered {
				t.Fatalf("accepted by the service, the request is %s", rec.Status)
			}
			fwd := messageIDTo(t, f, "catherine.sahlgren@werksta.com")
			r := rand.New(rand.NewPCG(seed, 99))
			var steps []func()
			report := func(id, reason string) func() {
				return func() {
					if err := f.svc.Undelivered(ctx, id, reason); err != nil {
						t.Fatalf("report on %s: %v", id, err)
					}
				}
			}
			n := 1 + r.IntN(4)
			for range n {
				steps = append(steps, report(fwd, "mailgun: failed permanently: 550 5.1.1 no such user catherine.sahlgren@werksta.com"))
			}
			if r.IntN(2) == 0 {
				steps = append(steps, report("<"+fwd+">", "mailgun: the recipient marked it as spam"))
			}
			for range r.IntN(3) {
				steps = append(steps, func() {
					f.clock.advance(time.Duration(r.IntN(120)) * time.Minute)
					if _, err := f.svc.RunSchedule(ctx); err != nil {
						t.Fatal(err)
					}
				})
			}
			steps = append(steps, func() {
				if err := f.svc.Undelivered(ctx, "nobody@elsewhere.example", "x"); !errors.Is(err, portalmail.ErrNoMail) {
					t.Fatalf("a Message-ID none of the portal's: %v", err)
				}
			})
			r.Shuffle(len(steps), func(i, j int) { steps[i], steps[j] = steps[j], steps[i] })
			for _, step := range steps {
				step()
			}
			for range 2 {
				f.clock.advance(7 * time.Hour)
				if _, err := f.svc.RunSchedule(ctx); err != nil {
					t.Fatal(err)
				}
			}

			want := []string{
				"ase@example.no: Bekreft kravet ditt til Werksta",
				"catherine.sahlgren@werksta.com: " + f.mail.parsed(t, 1).Get("Subject"),
				"ase@example.no: Kvittering: kravet ditt er sendt til Werksta – ref. " + rc.Reference,
				"ase@example.no: Kravet ditt kom ikke fram til Werksta – ref. " + rc.Reference,
			}
			if diff := cmp.Diff(want, subjects(t, f, 0)); diff != "" {
				t.Errorf("mail (-want +got):\n%s", diff)
			}
			notice := f.mail.parsed(t, 3).Text
			for _, s := range []string{"Verkseier Furulunds vei 46", "Datatilsynet"} {
				if !strings.Contains(notice, s) {
					t.Errorf("the notice does not tell the customer %q:\n%s", s, notice)
				}
			}
			rec, _ := f.svc.Status(ctx, rc.ID)
			if rec.Status != requests.StatusConfirmed || !rec.DeliveredAt.IsZero() {
				t.Errorf("after the bounce the request is %s, delivered at %v", rec.Status, rec.DeliveredAt)
			}
			if strings.Contains(f.log.String(), "catherine.sahlgren@werksta.com") {
				t.Errorf("an address in the log:\n%s", f.log)
			}
		})
	}
}

// The report can arrive while the portal still waits for the service's
// answer to the send, before the message is marked sent: the request
// then never becomes delivered, and the customer is told once.
func TestBounceBeforeTheSendIsRecorded(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	reported := 0
	f.mail.during = func(e outbox.Envelope) {
		if e.To == "catherine.sahlgren@werksta.com" && reported == 0 {
			reported++
			if err := f.svc.Undelivered(ctx, portalmail.MessageID(e.Message), "mailgun: failed permanently: 550"); err != nil {
				t.Errorf("report during the send: %v", err)
			}
		}
	}
	rc := confirmedRequest(t, f)
	f.mail.during = nil
	f.clock.advance(time.Hour)
	if _, err := f.svc.RunSchedule(ctx); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Undelivered(ctx, messageIDTo(t, f, "catherine.sahlgren@werksta.com"), "again"); err != nil {
		t.Fatal(err)
	}
	rec, _ := f.svc.Status(ctx, rc.ID)
	if rec.Status != requests.StatusConfirmed {
		t.Errorf("the request is %s after a bounce that came before its send was recorded", rec.Status)
	}
	n := 0
	for _, s := range subjects(t, f, 0) {
		if strings.Contains(s, "kom ikke fram") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the customer was told %d times:\n%s", n, strings.Join(subjects(t, f, 0), "\n"))
	}
}

// A receipt accepted and bounced later tells the company, as a refusal at
// send time does; the request stays delivered. A report on a request the
// company already marked handled tells nobody and changes nothing.
func TestBounceOfTheReceiptAndAfterHandling(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	rc := confirmedRequest(t, f)
	if err := f.svc.Undelivered(ctx, messageIDTo(t, f, "ase@example.no")+"x", "x"); !errors.Is(err, portalmail.ErrNoMail) {
		t.Errorf("a near-miss Message-ID: %v", err)
	}
	var receipt string
	for i, m := range f.mail.sent {
		if m.To == "ase@example.no" && strings.HasPrefix(f.mail.parsed(t, i).Get("Subject"), "Kvittering") {
			receipt = portalmail.MessageID(m.Raw)
		}
	}
	if err := f.svc.Undelivered(ctx, receipt, "mailgun: failed permanently"); err != nil {
		t.Fatal(err)
	}
	got := subjects(t, f, 0)
	if last := got[len(got)-1]; last != "catherine.sahlgren@werksta.com: Kunden kan ikke nås på e-post – ref. "+rc.Reference {
		t.Errorf("last mail %q, want the company told", last)
	}
	if rec, _ := f.svc.Status(ctx, rc.ID); rec.Status != requests.StatusDelivered {
		t.Errorf("a bounced receipt changed the request to %s", rec.Status)
	}

	_, token := link(t, f.mail.parsed(t, 1), "handled")
	if _, err := f.svc.MarkHandled(ctx, rc.ID, token); err != nil {
		t.Fatal(err)
	}
	before := len(f.mail.sent)
	if err := f.svc.Undelivered(ctx, messageIDTo(t, f, "catherine.sahlgren@werksta.com"), "mailgun: the recipient marked it as spam"); err != nil {
		t.Fatal(err)
	}
	if len(f.mail.sent) != before {
		t.Errorf("a report on a handled request sent %v", subjects(t, f, 0)[before:])
	}
	if rec, _ := f.svc.Status(ctx, rc.ID); rec.Status != requests.StatusHandled {
		t.Errorf("a report on a handled request made it %s", rec.Status)
	}
}

// A complaint is no bounce: the message arrived. The company marking the
// forwarded request as spam stops neither its deadline nor its reminders,
// and the customer is not told it never arrived; a customer marking the
// receipt as spam (the service will send that address nothing more) is
// told to the company, once.
func TestComplaintsAreNotBounces(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	rc := confirmedRequest(t, f)
	sent := len(f.mail.sent)
	for range 2 {
		if err := f.svc.Complained(ctx, messageIDTo(t, f, "catherine.sahlgren@werksta.com"), "mailgun: the recipient marked it as spam"); err != nil {
			t.Fatal(err)
		}
	}
	f.svc.RunSchedule(ctx)
	if rec, _ := f.svc.Status(ctx, rc.ID); rec.Status != requests.StatusDelivered || rec.DeliveredAt.IsZero() {
		t.Errorf("after the company's complaint the request is %s, delivered at %v", rec.Status, rec.DeliveredAt)
	}
	if got := subjects(t, f, sent); len(got) != 0 {
		t.Errorf("mail after the company's complaint: %q", got)
	}
	for range 2 {
		receipt := portalmail.MessageID(f.mail.sent[2].Raw) // confirmation, forward, receipt
		if err := f.svc.Complained(ctx, receipt, "mailgun: the recipient marked it as spam"); err != nil {
			t.Fatal(err)
		}
	}
	f.svc.RunSchedule(ctx)
	got := subjects(t, f, sent)
	if len(got) != 1 || !strings.HasPrefix(got[0], "catherine.sahlgren@werksta.com: ") {
		t.Errorf("after the customer's complaint, want one notice to the company, got %q", got)
	}
	if rec, _ := f.svc.Status(ctx, rc.ID); rec.Status != requests.StatusDelivered {
		t.Errorf("after the customer's complaint the request is %s", rec.Status)
	}
}

// A company that extended the deadline has the request (the extend link
// came in it), and the customer was told the new date: a late report that
// the forward bounced changes nothing and tells nobody.
func TestLateBounceOfAnExtendedRequest(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	rc := confirmedRequest(t, f)
	fwd := f.mail.parsed(t, 1)
	_, token := link(t, fwd, "extend")
	due, _ := calendar.ParseDate("2026-04-30")
	if _, err := f.svc.Extend(ctx, rc.ID, token, due, "Mange krav nå."); err != nil {
		t.Fatal(err)
	}
	f.svc.RunSchedule(ctx)
	sent := len(f.mail.sent)
	if err := f.svc.Undelivered(ctx, messageIDTo(t, f, "catherine.sahlgren@werksta.com"), "mailgun: failed permanently"); err != nil {
		t.Fatal(err)
	}
	f.svc.RunSchedule(ctx)
	if rec, _ := f.svc.Status(ctx, rc.ID); rec.Status != requests.StatusDelivered || rec.ExtendedTo != due {
		t.Errorf("after a late bounce the extended request is %s, extended to %v", rec.Status, rec.ExtendedTo)
	}
	if got := subjects(t, f, sent); len(got) != 0 {
		t.Errorf("mail after a late bounce of an extended request: %q", got)
	}
}
