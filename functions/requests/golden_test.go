package requests_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
	apprequests "privacyportal/app/requests"
	"privacyportal/functions/requests"
	"privacyportal/site/controllers"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update, so
// that a reviewer sees exactly what a privacy contact and a customer
// receive.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

// The mails of one rectification request to Westrum, as their recipients
// read them: the confirmation, the signed request, the receipt, and
// request.json itself.
func TestGoldenMails(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	form := apprequests.Form{
		Type: apprequests.TypeRectification, Name: "Åse Ødegård", Email: "ase@example.no", Phone: "912 34 567",
		RegNumber: "ab 12345", Wrong: "Adressen er feil.", Correct: "Storgata 1, 2320 Furnes", Text: "Takk!",
	}
	rc, err := f.svc.Submit(ctx, "westrum", form, "c")
	if err != nil {
		t.Fatal(err)
	}
	id, token := link(t, f.mail.parsed(t, 0), "confirm")
	f.clock.advance(90 * time.Minute)
	if _, err := f.svc.Confirm(ctx, id, requests.Proof{Token: token}); err != nil {
		t.Fatal(err)
	}
	render := func(i int) []byte {
		p := f.mail.parsed(t, i)
		out := "To: " + p.Get("To") + "\nSubject: " + p.Get("Subject") + "\n"
		if rt := p.Get("Reply-To"); rt != "" {
			out += "Reply-To: " + rt + "\n"
		}
		for _, a := range p.Attachments {
			out += "Attachment: " + a.Filename + "\n"
		}
		return []byte(out + "\n" + p.Text)
	}
	// The random parts (id, token, code, reference, key) vary with the
	// fixture's random source, which is seeded: the files are stable.
	golden(t, "confirm.txt", render(0))
	golden(t, "forward.txt", render(1))
	golden(t, "receipt.txt", render(2))
	doc, _ := f.mail.parsed(t, 1).Attachment("request.json")
	golden(t, "request.json", doc.Data)
	_ = rc
}

// The receipts of an objection to direct marketing (to Werksta, in
// Norwegian) and of a withdrawal of consent (to CAR-ROOM, in English), as
// the customer reads them: what the portal records in the company's
// marketing, channel by channel, and that its marketers get the
// suppression list.
func TestGoldenMarketingReceipts(t *testing.T) {
	for _, tt := range []struct {
		slug, file string
		form       apprequests.Form
	}{
		{"werksta", "receipt-objection.txt", apprequests.Form{Type: apprequests.TypeObjection, ObjectionScope: apprequests.ObjectDirectMarketing,
			Name: "Åse Ødegård", Email: "Ase@Example.no", Language: i18n.NB}},
		{"car-room", "receipt-withdrawal.txt", apprequests.Form{Type: apprequests.TypeWithdrawConsent,
			Name: "Åse Ødegård", Email: "ase@example.no", Language: i18n.EN}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t)
			if _, err := f.svc.Submit(ctx, tt.slug, tt.form, "c"); err != nil {
				t.Fatal(err)
			}
			id, token := link(t, f.mail.parsed(t, 0), "confirm")
			if _, err := f.svc.Confirm(ctx, id, requests.Proof{Token: token}); err != nil {
				t.Fatal(err)
			}
			p := f.mail.parsed(t, 2)
			golden(t, tt.file, []byte("To: "+p.Get("To")+"\nSubject: "+p.Get("Subject")+"\n\n"+p.Text))
		})
	}
}

// The forwarded e-mail, as a privacy contact's mail program reads it back
// (MIME parsed, quoted-printable decoded), shows every field of its signed
// request.json as signed, in text and HTML, for every company and every
// type, multi-line and look-alike values included: what the verify page
// checks (requests.CopyDifferences) matches what the composer writes.
func TestForwardReadsBackAsSigned(t *testing.T) {
	types := []string{apprequests.TypeAccess, apprequests.TypeRectification, apprequests.TypeErasure, apprequests.TypeRestriction,
		apprequests.TypePortability, apprequests.TypeObjection, apprequests.TypeWithdrawConsent, apprequests.TypeQuestion}
	for _, slug := range []string{"werksta", "westrum", "carglass", "cars", "car-room"} {
		for i, typ := range types {
			t.Run(slug+"/"+typ, func(t *testing.T) { forwardReadsBack(t, slug, typ, i) })
		}
	}
}

func forwardReadsBack(t *testing.T, slug, typ string, i int) {
	ctx := context.Background()
	{
		{
			f := newFixture(t)
			form := apprequests.Form{
				Type: typ, Name: "Åse Ødegård-Ærø", Email: "ase@example.no", Phone: "912 34 567", RegNumber: "ab 12345",
				Text: "Hei!\n\nTelefon: 99999999\n> sitat\n  innrykk", Language: []i18n.Lang{i18n.NB, i18n.DA, i18n.EN}[i%3],
			}
			switch typ {
			case apprequests.TypeRectification:
				form.Wrong, form.Correct = "Adressen\nTelefon: 99999999", "Storgata 1\n\n2320 Furnes  "
			case apprequests.TypePortability:
				form.Format = "json"
			case apprequests.TypeObjection:
				form.ObjectionScope = "direct_marketing"
			}
			if _, err := f.svc.Submit(ctx, slug, form, "c"); err != nil {
				t.Fatal(err)
			}
			id, token := link(t, f.mail.parsed(t, 0), "confirm")
			if _, err := f.svc.Confirm(ctx, id, requests.Proof{Token: token}); err != nil {
				t.Fatal(err)
			}
			p := f.mail.parsed(t, 1)
			// Each type named as a request in running text, in the
			// company's language, and as the customer reads it in theirs.
			c0, _ := controllersOf(t).Lookup(slug)
			wantSubject := requests.Capitalise(i18n.Requests(c0.Language).Requests[typ]) + " – ref. "
			if got := p.Get("Subject"); !strings.HasPrefix(got, wantSubject) || awkward.MatchString(got) {
				t.Errorf("subject %q, want it to start %q", got, wantSubject)
			}
			if confirm := f.mail.parsed(t, 0); !strings.Contains(confirm.Text, ": "+i18n.Requests(form.Language).Requests[typ]+".") {
				t.Errorf("the confirmation does not name the request:\n%s", confirm.Text)
			}
			// Each type's duties, and the deadline and the extend link only
			// for the rights of arts. 15-22 (not a withdrawal or a question).
			m := i18n.Mail(c0.Language)
			duty := m.Duties[typ]
			if typ == apprequests.TypeObjection {
				duty = m.Objections[form.ObjectionScope]
			}
			if duty == "" || !strings.Contains(p.Text, duty) {
				t.Errorf("the e-mail does not state the duties of %s (%q):\n%s", typ, duty, p.Text)
			}
			deadline := apprequests.HasDeadline(typ)
			for what, shown := range map[string]bool{
				"the extend link":           strings.Contains(p.Text, "/extend?token="),
				"the timeline":              strings.Contains(p.Text, m.ForwardTimeline),
				"art. 12(4)":                strings.Contains(p.Text, i18n.Fill(m.Refusal, "authority", c0.Authority().Title(c0.Language))),
				"a due date in the subject": strings.Contains(p.Get("Subject"), " – frist ") || strings.Contains(p.Get("Subject"), " – due "),
			} {
				if shown != deadline {
					t.Errorf("%s: %s shown %v, want %v", typ, what, shown, deadline)
				}
			}
			if receipt := f.mail.parsed(t, 2); !deadline && !strings.Contains(receipt.Text, i18n.Requests(form.Language).DueNone[typ]) {
				t.Errorf("the receipt of a %s does not say there is no deadline:\n%s", typ, receipt.Text)
			}
			if !deadline {
				// No reminders for what has no deadline.
				n := len(f.mail.sent)
				f.clock.advance(60 * 24 * time.Hour)
				f.svc.RunSchedule(ctx)
				for i := n; i < len(f.mail.sent); i++ {
					if strings.Contains(f.mail.parsed(t, i).Get("Subject"), "Påminnelse") || f.mail.sent[i].To == c0.PrivacyEmail {
						t.Errorf("%s: the schedule sent %q", typ, f.mail.parsed(t, i).Get("Subject"))
					}
				}
			}
			a, _ := p.Attachment("request.json")
			doc, err := apprequests.ParseDocument(a.Data)
			if err != nil {
				t.Fatal(err)
			}
			c, _ := controllersOf(t).Lookup(slug)
			if got := apprequests.CopyDifferences(c.Language, doc, p.Text, p.HTML); len(got) > 0 {
				t.Errorf("%s %s: the e-mail as sent differs from request.json in %v:\n%s", slug, typ, got, p.Text)
			}
			// And a copy whose text was edited after sending is caught.
			edited := strings.Replace(p.Text, "Åse Ødegård-Ærø", "Per Hansen", 1)
			if diff := cmp.Diff([]string{"name"}, apprequests.CopyDifferences(c.Language, doc, edited, p.HTML)); diff != "" {
				t.Errorf("%s %s: an edited name (-want +got):\n%s", slug, typ, diff)
			}
		}
	}
}

// awkward matches the names a type's label gave in running text before:
// "Krav om trekke tilbake samtykke", "Anmodning om spørgsmål om ...".
var awkward = regexp.MustCompile(`(?i)krav om (trekke|spørsmål)|anmodning om (spørgsmål|tilbagetrækning)|request for (withdrawal|privacy)`)

func controllersOf(t *testing.T) *company.Registry {
	reg, err := company.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}
