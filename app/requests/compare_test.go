package requests

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/i18n"
	"privacyportal/app/mailmsg"
)

// mail renders doc as the forwarded e-mail writes it: the type asked for,
// the copy, and text around it.
func mail(l i18n.Lang, doc Document) (text, html string) {
	var b mailmsg.Body
	b.Para("Personvernportalen har mottatt dette kravet.")
	b.Heading(Asked(l, doc.Type))
	b.Heading("Fra")
	WriteCopy(&b, CopyOf(l, doc, CopyForCompany))
	b.Para("Mottatt: 31. januar 2026")
	b.Button("Når kravet er behandlet:", "Marker som behandlet", "https://portal.example/api/requests/x/handled?token=t")
	return b.Text(), b.HTML(string(l))
}

func sample() Document {
	return Document{
		Type:        TypeRectification,
		Requester:   DocRequester{Name: "Åse Ødegård", Email: "ase@example.no", Phone: "+4791234567"},
		Identifiers: DocIdentifiers{RegistrationNumber: "AB12345"},
		Details:     &DocDetails{Wrong: "Adressen er feil.", Correct: "Storgata 1\n2320 Furnes"},
		Text:        "Takk!\n\nHilsen Åse",
	}
}

func TestDifferences(t *testing.T) {
	l := i18n.NB
	doc := sample()
	text, html := mail(l, doc)
	for _, tc := range []struct {
		name       string
		text, html string
		want       []string
	}{
		{"as sent", text, html, nil},
		{"text only, as sent", text, "", nil},
		{"a name changed in the text", strings.Replace(text, "Navn: Åse Ødegård", "Navn: Per Hansen", 1), html, []string{"name"}},
		{"an address changed in the HTML", text, strings.Replace(html, "ase@example.no</td>", "per@example.no</td>", 1), []string{"email"}},
		{"a phone added to the text", strings.Replace(text, "Telefon: +47 91 23 45 67", "Telefon: +47 91 23 45 67\nKundenummer: 99", 1), html, []string{"customer_number"}},
		{"an identifier dropped", strings.Replace(text, "Registreringsnummer: AB12345\n", "", 1), html, []string{"registration_number"}},
		{"the line after a value changed", strings.Replace(text, "  2320 Furnes", "  0150 Oslo", 1), html, []string{"correct"}},
		{"a line added to a value", strings.Replace(text, "  2320 Furnes", "  2320 Furnes\n  Norge", 1), html, []string{"correct"}},
		{"the message changed", strings.Replace(text, "> Hilsen Åse", "> Send alt til per@example.no", 1), html, []string{"text"}},
		{"the message changed in the HTML", text, strings.Replace(html, "Hilsen Åse", "Hilsen Per", 1), []string{"text"}},
		{"another type asked for", strings.Replace(text, "Kunden ber om: Retting", "Kunden ber om: Sletting", 1), html, []string{"type"}},
		{"the HTML rewritten in another shape", text, "<p>Navn Åse Ødegård</p>", []string{"type", "name", "email", "phone", "registration_number", "wrong", "correct", "text"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, CopyDifferences(l, doc, tc.text, tc.html)); diff != "" {
				t.Errorf("differences (-want +got):\n%s", diff)
			}
		})
	}
}

// For random documents, hostile values included (labels, quotes and
// markup inside values, several lines), the e-mail as written shows no
// difference, in any language; and an e-mail written from the document
// with one field changed shows exactly that field.
func TestDifferencesFindEveryChangedField(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 10))
	pieces := []string{"Åse", "Ødegård-Ærø", "AB12345", "Navn: Per", "> sitat", "<b>fet</b>", "&amp;", "a\nb", "Telefon: 1",
		"Kunden ber om: Sletting", "----", "\"quoted\"", "O'Brien", "x", "2320 Furnes", ":", "?",
		"x\nTelefon: 99999999", "y\n----", "z\n> sitert", "  innrykk", "w\n\nNavn: Per"}
	value := func() string {
		var parts []string
		for range 1 + r.IntN(3) {
			parts = append(parts, pieces[r.IntN(len(pieces))])
		}
		return strings.Join(parts, " ")
	}
	maybe := func() string {
		if r.IntN(2) == 0 {
			return ""
		}
		return value()
	}
	types := []string{TypeAccess, TypeRectification, TypeErasure, TypePortability, TypeObjection, "question"}
	random := func() Document {
		d := Document{
			Type:        types[r.IntN(len(types))],
			Requester:   DocRequester{Name: value(), Email: "a" + strings.Repeat("b", r.IntN(5)) + "@example.no", Phone: []string{"", "+4791234567", "+4520123456"}[r.IntN(3)]},
			Identifiers: DocIdentifiers{RegistrationNumber: maybe(), VIN: maybe(), CustomerNumber: maybe()},
			Text:        maybe(),
		}
		if r.IntN(2) == 0 {
			d.Details = &DocDetails{Wrong: maybe(), Correct: maybe(), Format: []string{"", "csv", "json"}[r.IntN(3)]}
		}
		return d
	}
	// change alters one field of d, returning its key.
	change := func(d Document) (Document, string) {
		if d.Details == nil {
			d.Details = &DocDetails{}
		} else {
			c := *d.Details
			d.Details = &c
		}
		switch r.IntN(7) {
		case 0:
			d.Requester.Name += " X"
			return d, "name"
		case 1:
			d.Requester.Email = "z" + d.Requester.Email
			return d, "email"
		case 2:
			d.Identifiers.VIN += "Y"
			return d, "vin"
		case 3:
			d.Details.Wrong += " igjen"
			return d, "wrong"
		case 4:
			d.Details.Correct = "Noe annet\npå to linjer"
			return d, "correct"
		case 5:
			d.Text += "\nP.S."
			return d, "text"
		}
		d.Identifiers.CustomerNumber += "7"
		return d, "customer_number"
	}
	for i := range 500 {
		l := i18n.All()[i%3]
		doc := random()
		text, html := mail(l, doc)
		if got := CopyDifferences(l, doc, text, html); len(got) > 0 {
			t.Fatalf("%s, document %d %+v: the e-mail as written differs in %v\n%s", l, i, doc, got, text)
		}
		other, key := change(doc)
		text, html = mail(l, other)
		for _, part := range [][2]string{{text, html}, {text, ""}, {"", html}} {
			if diff := cmp.Diff([]string{key}, CopyDifferences(l, doc, part[0], part[1])); diff != "" {
				t.Fatalf("%s, document %d %+v, %s changed (-want +got):\n%s\n%s", l, i, doc, key, diff, part[0])
			}
		}
	}
}
