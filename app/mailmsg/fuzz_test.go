package mailmsg

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"privacyportal/app/emailaddr"
)

// FuzzParse checks that Parse never panics, that whatever it returns is
// valid UTF-8 text, and that the helpers work on its result.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"thunderbird.eml", "gmail.eml", "outlook-latin1.eml", "request.golden", "confirmation.golden"} {
		raw, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Disposition: attachment; filename*0*=utf-8''%C3; filename*1*=%A6\n\nx\n--b--"))
	f.Add([]byte("To: =?utf-8?q?a?= \"b\\\" <c@d>, (x) e: f@g;\n\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := Parse(raw)
		if err != nil {
			return
		}
		for name, values := range p.Header {
			for _, v := range values {
				if !utf8.ValidString(v) {
					t.Errorf("header %s value %q is not valid UTF-8", name, v)
				}
			}
		}
		if !utf8.ValidString(p.Text) || !utf8.ValidString(p.HTML) {
			t.Errorf("body is not valid UTF-8: %q %q", p.Text, p.HTML)
		}
		if strings.Contains(p.Text, "\r") || strings.Contains(p.HTML, "\r") {
			t.Errorf("body has CR: %q %q", p.Text, p.HTML)
		}
		for _, a := range p.Attachments {
			if !utf8.ValidString(a.Filename) {
				t.Errorf("filename %q is not valid UTF-8", a.Filename)
			}
			if got, ok := p.Attachment(a.Filename); !ok || got.Filename != a.Filename {
				t.Errorf("Attachment(%q) = %v, %v", a.Filename, got, ok)
			}
		}
		for _, h := range []string{"From", "To", "Cc", "Reply-To"} {
			for _, a := range p.Addresses(h) {
				if !utf8.ValidString(a.Name) {
					t.Errorf("%s name %q is not valid UTF-8", h, a.Name)
				}
			}
		}
	})
}

// FuzzRoundTrip checks that whatever Bytes accepts, Parse gives back: the
// subject, the sender's name, the text and HTML (with LF line endings) and
// each attachment's name, type and exact bytes.
func FuzzRoundTrip(f *testing.F) {
	f.Add("Bekreft forespørselen din", "Åse Ødegård", "ase@example.no", "Hei!\r\n", "", "request.json", "application/json", []byte(`{"a":1}`))
	f.Add("x\r\nBcc: evil@example.com", "a\nb", "a@b.no\r\nBcc: evil@example.com", "t", "<p>h</p>", "f\x00", "", []byte{})
	f.Add(strings.Repeat("Blåbærsyltetøy ", 9), `"Nordmann, Ola"`, "o'brien+{x}@sub.example.ie", "From me \n.\n", "æ\r", "ø\"; x=y.sig", "Application/Octet-Stream", allBytes())
	f.Add(" =?utf-8?q?x?= ", "=?utf-8?b?eA==?=", "a=b?c@x.no", "=\n=3D", "\t", strings.Repeat("ø", 50), "text/plain", []byte("\r\n\r"))
	f.Fuzz(func(t *testing.T, subject, name, email, text, html, filename, contentType string, data []byte) {
		m := Message{
			From:        Address{Name: name, Email: "noreply@portal.example"},
			To:          []Address{{Name: name, Email: email}, {Email: email}},
			Subject:     subject,
			Date:        testDate,
			MessageID:   "fuzz.confirm@portal.example",
			Text:        text,
			HTML:        html,
			Attachments: []Attachment{{Filename: filename, ContentType: contentType, Data: data}},
		}
		raw, err := m.Bytes()
		if err != nil {
			return
		}
		if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
			t.Fatalf("bare LF in output:\n%s", raw)
		}
		if !emailaddr.Valid(email) {
			t.Fatalf("Bytes accepted address %q", email)
		}
		for _, s := range []string{subject, name, email, filename} {
			if hasControl(s) {
				t.Fatalf("Bytes accepted control character in %q", s)
			}
		}
		p, err := Parse(raw)
		if err != nil {
			t.Fatalf("Parse() error = %v\n%s", err, raw)
		}
		if diff := cmp.Diff(wantView(m), gotView(p, m), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("round trip mismatch (-want +got):\n%s\n%s", diff, raw)
		}
	})
}
