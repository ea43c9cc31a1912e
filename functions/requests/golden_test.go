package requests_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/privacy"
	"privacyportal/functions/requests"
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
	form := privacy.RequestForm{
		Type: privacy.TypeRectification, Name: "Åse Ødegård", Email: "ase@example.no", Phone: "954 96 000",
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
