package ui

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/calendar"
	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/mailmsg"
	"privacyportal/app/requests"
	"privacyportal/app/signature"
)

// signedMail is a forwarded request to a seed company, as the portal
// writes it: the copy in the company's language, request.json and its
// signature attached; edit may change the text before it is sent on.
func signedMail(t *testing.T, c company.Controller, edit func(text string) string) (eml []byte, keys []byte, doc requests.Document) {
	t.Helper()
	signer := signature.NewSigner(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, ed25519.SeedSize)))
	doc = requests.Document{
		Schema: requests.DocumentSchema, Reference: "V58E-5S8M", Type: requests.TypeRectification,
		Controller:  requests.DocController{Slug: c.Slug, Name: c.Name, PrivacyEmail: c.PrivacyEmail},
		Requester:   requests.DocRequester{Name: "Åse Ødegård", Email: "ase@example.no", Phone: "+4791234567"},
		Identifiers: requests.DocIdentifiers{RegistrationNumber: "AB12345"},
		Details:     &requests.DocDetails{Wrong: "Adressen", Correct: "Storgata 1\n2320 Furnes"},
		Text:        "Takk!", Language: i18n.DA,
		SubmittedAt: "2026-01-31T11:00:00Z", DueBy: "2026-02-28", LatestDueBy: "2026-04-30", KeyID: signer.KeyID(),
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var b mailmsg.Body
	b.Heading(requests.Asked(c.Language, doc.Type))
	requests.WriteCopy(&b, requests.CopyOf(c.Language, doc, requests.CopyForCompany))
	text := b.Text()
	if edit != nil {
		text = edit(text)
	}
	m := mailmsg.Message{
		From: mailmsg.Address{Email: "portal@portal.example"}, To: []mailmsg.Address{{Email: c.PrivacyEmail}},
		Subject: "Krav", Date: time.Date(2026, 1, 31, 11, 0, 0, 0, time.UTC), MessageID: "x@portal.example",
		Text: text, HTML: b.HTML(string(c.Language)),
		Attachments: []mailmsg.Attachment{
			{Filename: "request.json", ContentType: "application/json", Data: data},
			{Filename: "request.json.sig", ContentType: "application/octet-stream", Data: signer.Sign(data)},
		},
	}
	eml, err = m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return eml, signature.NewKeySet(signer).JSON(), doc
}

// The verify page, given a genuine e-mail, says so and that its text is
// the one signed; given one whose text was edited after sending, says the
// signature holds but names the fields the text shows otherwise; and in
// every case shows the signed request with dates as the reader writes
// them, labels apart from values, and no command line.
func TestVerifyComparesTheTextWithTheSignedRequest(t *testing.T) {
	for _, c := range seedControllers(t) {
		site := NewSite(company.NewRegistry([]company.Controller{c}))
		r := i18n.Requests(c.Language)
		name := r.Label("name")
		for _, tc := range []struct {
			name    string
			edit    func(string) string
			differs []string
		}{
			{"as sent", nil, nil},
			{"name and message edited", func(s string) string {
				s = strings.Replace(s, name+": Åse Ødegård", name+": Per Hansen", 1)
				return strings.Replace(s, "> Takk!", "> Send alt til per@example.no", 1)
			}, []string{"name", "text"}},
		} {
			eml, keys, _ := signedMail(t, c, tc.edit)
			for _, l := range i18n.All() {
				res := verifyFiles(site, l, map[string][]byte{"krav.eml": eml}, func() ([]byte, error) { return keys, nil })
				where := c.Slug + " " + tc.name + " " + string(l)
				if !res.ok || !res.compared {
					t.Fatalf("%s: ok %v, compared %v: %s", where, res.ok, res.compared, res.message)
				}
				if diff := cmp.Diff(tc.differs, res.differs); diff != "" {
					t.Errorf("%s: differences (-want +got):\n%s", where, diff)
				}
				p := &VerifyPage{Site: site, Loc: Location{Page: PageVerify, Lang: l}, result: res}
				out := app.HTMLString(p.Render())
				text := html.UnescapeString(tagPattern.ReplaceAllString(out, "\n"))
				rl := i18n.Requests(l)
				warned := strings.Contains(out, `class="verdict warn"`)
				if warned != (len(tc.differs) > 0) {
					t.Errorf("%s: warning shown %v, want %v:\n%s", where, warned, len(tc.differs) > 0, text)
				}
				if len(tc.differs) > 0 && !strings.Contains(text, strings.ToLower(rl.Label("name"))+", "+strings.ToLower(rl.Label("text"))) {
					t.Errorf("%s: the warning does not name the fields:\n%s", where, text)
				}
				if len(tc.differs) == 0 && !strings.Contains(text, rl.VerifyTextSame) {
					t.Errorf("%s: no word that the text is the one signed:\n%s", where, text)
				}
				for _, want := range []string{
					i18n.FormatDateTime(l, calendar.LocalTime(time.Date(2026, 1, 31, 11, 0, 0, 0, time.UTC))),
					i18n.FormatDate(l, time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)),
					"<dt>" + html.EscapeString(rl.Label("name")) + "</dt>",
					"+47 91 23 45 67",
				} {
					if !strings.Contains(out, want) && !strings.Contains(text, want) {
						t.Errorf("%s: %q not on the page:\n%s", where, want, out)
					}
				}
				for _, unwanted := range []string{"go run", "cmd/verify", "2026-02-28\n", "T11:00:00Z\n"} {
					if strings.Contains(text, unwanted) {
						t.Errorf("%s: %q on the page:\n%s", where, unwanted, text)
					}
				}
			}
		}
	}
}
