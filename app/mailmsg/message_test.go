package mailmsg

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// testDate is a fixed clock reading for composed messages.
var testDate = time.Date(2025, 3, 4, 5, 6, 7, 0, time.FixedZone("CET", 3600))

// allBytes holds every byte value twice, in two orders, so that any
// transformation of attachment data shows.
func allBytes() []byte {
	b := make([]byte, 0, 512)
	for i := range 256 {
		b = append(b, byte(i))
	}
	for i := range 256 {
		b = append(b, byte(255-i))
	}
	return b
}

// baseMessage is a valid message that the tests change one field of.
func baseMessage() Message {
	return Message{
		From:      Address{Name: "Personvernportalen", Email: "noreply@portal.example"},
		To:        []Address{{Name: "Åse Ødegård", Email: "ase@example.no"}},
		Subject:   "Bekreft forespørselen din",
		Date:      testDate,
		MessageID: "k3j4h5.confirm@portal.example",
		Text:      "Hei!\n",
	}
}

func TestBytesRejects(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *Message)
		want   error
	}{
		{"subject CRLF Bcc", func(m *Message) { m.Subject = "x\r\nBcc: evil@example.com" }, ErrHeaderInjection},
		{"subject LF", func(m *Message) { m.Subject = "x\nBcc: evil@example.com" }, ErrHeaderInjection},
		{"subject CR", func(m *Message) { m.Subject = "x\rBcc: evil@example.com" }, ErrHeaderInjection},
		{"subject U+2028", func(m *Message) { m.Subject = "x\u2028Bcc: evil@example.com" }, ErrHeaderInjection},
		{"subject U+2029", func(m *Message) { m.Subject = "x\u2029Bcc: evil@example.com" }, ErrHeaderInjection},
		{"subject NEL", func(m *Message) { m.Subject = "x\u0085Bcc: evil@example.com" }, ErrHeaderInjection},
		{"subject NUL", func(m *Message) { m.Subject = "x\x00y" }, ErrHeaderInjection},
		{"subject TAB", func(m *Message) { m.Subject = "x\ty" }, ErrHeaderInjection},
		{"subject DEL", func(m *Message) { m.Subject = "x\x7fy" }, ErrHeaderInjection},
		{"subject invalid UTF-8", func(m *Message) { m.Subject = "x\xffy" }, ErrInvalidUTF8},
		{"from name CRLF", func(m *Message) { m.From.Name = "Portal\r\nBcc: evil@example.com" }, ErrHeaderInjection},
		{"to name LF", func(m *Message) { m.To[0].Name = "Åse\nBcc: evil@example.com" }, ErrHeaderInjection},
		{"reply-to name CR", func(m *Message) { m.ReplyTo = &Address{Name: "a\rb", Email: "a@example.no"} }, ErrHeaderInjection},
		{"name U+2028", func(m *Message) { m.To[0].Name = "a\u2028b" }, ErrHeaderInjection},
		{"name NUL", func(m *Message) { m.To[0].Name = "a\x00b" }, ErrHeaderInjection},
		{"name invalid UTF-8", func(m *Message) { m.To[0].Name = "\xc3" }, ErrInvalidUTF8},
		{"from email CRLF", func(m *Message) { m.From.Email = "noreply@portal.example\r\nBcc: evil@example.com" }, ErrHeaderInjection},
		{"to email LF", func(m *Message) { m.To[0].Email = "ase@example.no\nBcc: evil@example.com" }, ErrHeaderInjection},
		{"to email CR", func(m *Message) { m.To[0].Email = "ase@example.no\r" }, ErrHeaderInjection},
		{"to email NUL", func(m *Message) { m.To[0].Email = "ase@example.no\x00" }, ErrHeaderInjection},
		{"to email U+2028", func(m *Message) { m.To[0].Email = "ase@example.no\u2028" }, ErrHeaderInjection},
		{"reply-to email CRLF", func(m *Message) { m.ReplyTo = &Address{Email: "a@example.no\r\nX: y"} }, ErrHeaderInjection},
		{"email with space", func(m *Message) { m.To[0].Email = "ase @example.no" }, ErrInvalidAddress},
		{"email two addresses", func(m *Message) { m.To[0].Email = "ase@example.no, evil@example.com" }, ErrInvalidAddress},
		{"email quoted local part", func(m *Message) { m.To[0].Email = `"ase"@example.no` }, ErrInvalidAddress},
		{"email angle brackets", func(m *Message) { m.To[0].Email = "<ase@example.no>" }, ErrInvalidAddress},
		{"email closing angle bracket", func(m *Message) { m.To[0].Email = "ase@example.no>, <evil@example.com" }, ErrInvalidAddress},
		{"email with display name", func(m *Message) { m.To[0].Email = "Evil <evil@example.com>" }, ErrInvalidAddress},
		{"email without @", func(m *Message) { m.To[0].Email = "example.no" }, ErrInvalidAddress},
		{"email two @", func(m *Message) { m.To[0].Email = "a@b@example.no" }, ErrInvalidAddress},
		{"email dotless domain", func(m *Message) { m.To[0].Email = "root@localhost" }, ErrInvalidAddress},
		{"email domain literal", func(m *Message) { m.To[0].Email = "a@[192.0.2.1]" }, ErrInvalidAddress},
		{"email domain underscore", func(m *Message) { m.To[0].Email = "a@ex_ample.no" }, ErrInvalidAddress},
		{"email domain hyphen", func(m *Message) { m.To[0].Email = "a@-example.no" }, ErrInvalidAddress},
		{"email empty label", func(m *Message) { m.To[0].Email = "a@example..no" }, ErrInvalidAddress},
		{"email double dot", func(m *Message) { m.To[0].Email = "a..b@example.no" }, ErrInvalidAddress},
		{"email leading dot", func(m *Message) { m.To[0].Email = ".a@example.no" }, ErrInvalidAddress},
		{"email non-ASCII", func(m *Message) { m.To[0].Email = "åse@example.no" }, ErrInvalidAddress},
		{"email non-ASCII domain", func(m *Message) { m.To[0].Email = "ase@blåbær.no" }, ErrInvalidAddress},
		{"email comment", func(m *Message) { m.To[0].Email = "ase(x)@example.no" }, ErrInvalidAddress},
		{"email semicolon", func(m *Message) { m.To[0].Email = "ase@example.no;" }, ErrInvalidAddress},
		{"email encoded-word", func(m *Message) { m.To[0].Email = "=?utf-8?q?evil?=@example.no" }, ErrInvalidAddress},
		{"message id encoded-word", func(m *Message) { m.MessageID = "=?utf-8?q?x?=@portal.example" }, ErrInvalidMessageID},
		{"email empty", func(m *Message) { m.To[0].Email = "" }, ErrMissingField},
		{"no recipients", func(m *Message) { m.To = nil }, ErrMissingField},
		{"no from", func(m *Message) { m.From = Address{} }, ErrMissingField},
		{"no date", func(m *Message) { m.Date = time.Time{} }, ErrMissingField},
		{"no message id", func(m *Message) { m.MessageID = "" }, ErrMissingField},
		{"message id with brackets", func(m *Message) { m.MessageID = "<a@portal.example>" }, ErrInvalidMessageID},
		{"message id with space", func(m *Message) { m.MessageID = "a b@portal.example" }, ErrInvalidMessageID},
		{"message id without @", func(m *Message) { m.MessageID = "abc" }, ErrInvalidMessageID},
		{"message id CRLF", func(m *Message) { m.MessageID = "a@portal.example\r\nBcc: evil@example.com" }, ErrHeaderInjection},
		{"header name CRLF", func(m *Message) { m.Headers = []Header{{"X-A\r\nBcc", "evil@example.com"}} }, ErrHeaderInjection},
		{"header name space", func(m *Message) { m.Headers = []Header{{"X A", "b"}} }, ErrInvalidHeaderName},
		{"header name colon", func(m *Message) { m.Headers = []Header{{"Bcc: evil@example.com\r\nX", "b"}} }, ErrHeaderInjection},
		{"header name with colon only", func(m *Message) { m.Headers = []Header{{"X-A:", "b"}} }, ErrInvalidHeaderName},
		{"header name empty", func(m *Message) { m.Headers = []Header{{"", "b"}} }, ErrInvalidHeaderName},
		{"header name non-ASCII", func(m *Message) { m.Headers = []Header{{"X-Æ", "b"}} }, ErrInvalidHeaderName},
		{"header Bcc", func(m *Message) { m.Headers = []Header{{"bcc", "evil@example.com"}} }, ErrReservedHeader},
		{"header Content-Type", func(m *Message) { m.Headers = []Header{{"content-type", "text/html"}} }, ErrReservedHeader},
		{"header From", func(m *Message) { m.Headers = []Header{{"FROM", "evil@example.com"}} }, ErrReservedHeader},
		{"header value CRLF", func(m *Message) { m.Headers = []Header{{"X-A", "b\r\nBcc: evil@example.com"}} }, ErrHeaderInjection},
		{"header value LF", func(m *Message) { m.Headers = []Header{{"X-A", "b\nBcc: evil@example.com"}} }, ErrHeaderInjection},
		{"header value U+2029", func(m *Message) { m.Headers = []Header{{"X-A", "b\u2029c"}} }, ErrHeaderInjection},
		{"header value too long", func(m *Message) { m.Headers = []Header{{"X-A", strings.Repeat("a", 1000)}} }, ErrHeaderTooLong},
		{"filename CRLF", func(m *Message) {
			m.Attachments = []Attachment{{Filename: "a.json\r\nContent-Type: text/html", Data: []byte("x")}}
		}, ErrHeaderInjection},
		{"filename NUL", func(m *Message) { m.Attachments = []Attachment{{Filename: "a\x00.json"}} }, ErrHeaderInjection},
		{"filename empty", func(m *Message) { m.Attachments = []Attachment{{Data: []byte("x")}} }, ErrMissingField},
		{"filename encoded-word", func(m *Message) { m.Attachments = []Attachment{{Filename: "=?utf-8?q?x?=.json"}} }, ErrInvalidFilename},
		{"filename too long", func(m *Message) { m.Attachments = []Attachment{{Filename: strings.Repeat("ø", 128)}} }, ErrInvalidFilename},
		{"content type too long", func(m *Message) {
			m.Attachments = []Attachment{{Filename: "a", ContentType: "application/" + strings.Repeat("x", 128)}}
		}, ErrInvalidContentType},
		{"content type CRLF", func(m *Message) {
			m.Attachments = []Attachment{{Filename: "a", ContentType: "text/plain\r\nBcc: evil@example.com"}}
		}, ErrHeaderInjection},
		{"content type with parameter", func(m *Message) {
			m.Attachments = []Attachment{{Filename: "a", ContentType: `text/plain; name="b"`}}
		}, ErrInvalidContentType},
		{"content type without subtype", func(m *Message) { m.Attachments = []Attachment{{Filename: "a", ContentType: "json"}} }, ErrInvalidContentType},
		{"no text", func(m *Message) { m.Text = "" }, ErrMissingField},
		{"text invalid UTF-8", func(m *Message) { m.Text = "a\xffb" }, ErrInvalidUTF8},
		{"html invalid UTF-8", func(m *Message) { m.HTML = "a\xffb" }, ErrInvalidUTF8},
		{"too large", func(m *Message) {
			m.Attachments = []Attachment{{Filename: "big", Data: make([]byte, MaxMessageSize*3/4+3)}}
		}, ErrTooLarge},
		{"too large once encoded", func(m *Message) {
			m.Attachments = []Attachment{{Filename: "big", Data: make([]byte, MaxMessageSize*3/4-1000)}}
		}, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := baseMessage()
			tt.change(&m)
			got, err := m.Bytes()
			if !errors.Is(err, tt.want) {
				t.Fatalf("Bytes() error = %v, want %v", err, tt.want)
			}
			if got != nil {
				t.Errorf("Bytes() returned %d bytes with the error", len(got))
			}
		})
	}
}

// view is what a round trip must preserve, in comparable form.
type view struct {
	From, To, ReplyTo   []Address
	Subject, Date, ID   string
	Extra               []string
	Text, HTML          string
	Attachments         []Attachment
	MIMEVersion, Bounce string
}

// wantView is what Parse should find in the message m composes.
// shown is a mailbox as a reader sees it: a display name that looks like
// an address is not written (LooksLikeAddress).
func shown(a Address) Address {
	if LooksLikeAddress(a.Name) {
		a.Name = ""
	}
	return a
}

func wantView(m Message) view {
	var to []Address
	for _, a := range m.To {
		to = append(to, shown(a))
	}
	v := view{
		From:        []Address{shown(m.From)},
		To:          to,
		Subject:     m.Subject,
		Date:        m.Date.Format(time.RFC1123Z),
		ID:          "<" + m.MessageID + ">",
		Text:        normalizeNewlines(m.Text),
		HTML:        normalizeNewlines(m.HTML),
		MIMEVersion: "1.0",
	}
	if m.ReplyTo != nil {
		v.ReplyTo = []Address{shown(*m.ReplyTo)}
	}
	for _, h := range m.Headers {
		v.Extra = append(v.Extra, h.Value)
	}
	for _, a := range m.Attachments {
		if a.ContentType == "" {
			a.ContentType = "application/octet-stream"
		}
		a.ContentType = strings.ToLower(a.ContentType)
		v.Attachments = append(v.Attachments, a)
	}
	return v
}

func gotView(p *Parsed, m Message) view {
	v := view{
		From:        p.Addresses("From"),
		To:          p.Addresses("to"),
		ReplyTo:     p.Addresses("REPLY-TO"),
		Subject:     p.Get("Subject"),
		Date:        p.Get("Date"),
		ID:          p.Get("Message-ID"),
		Text:        p.Text,
		HTML:        p.HTML,
		Attachments: p.Attachments,
		MIMEVersion: p.Get("Mime-Version"),
	}
	for _, h := range m.Headers {
		v.Extra = append(v.Extra, p.Get(h.Name))
	}
	return v
}

func normalizeNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

func roundTripCases() []struct {
	name   string
	change func(m *Message)
} {
	long := "Bekreft forespørselen din om innsyn hos Ærlige Øl og Ålesund Bryggeri AS – " +
		"svarfristen er 30 dager fra i dag, og du kan trekke forespørselen tilbake når som helst"
	return []struct {
		name   string
		change func(m *Message)
	}{
		{"minimal", func(m *Message) {}},
		{"ascii", func(m *Message) {
			m.Subject = "Confirm your request"
			m.To[0].Name = "Ola Nordmann"
		}},
		{"nordic everywhere", func(m *Message) {
			m.From = Address{Name: "Personvernportalen – Ærlig Øl & Ålesund", Email: "noreply@portal.example"}
			m.To = []Address{{Name: "Åse Ødegård", Email: "ase@example.no"}, {Name: "ÆØÅ æøå", Email: "x@example.dk"}}
			m.ReplyTo = &Address{Name: "Søren Kierkegård", Email: "soren@example.dk"}
			m.Subject = "Forespørsel om innsyn – Blåbærsyltetøy AS"
			m.Text = "Hei Åse,\r\n\r\nDu har bedt om innsyn hos Ærlig Øl AS.\r\nMvh\r\nPortalen\r\n"
			m.HTML = "<p>Hei Åse,</p>\n<p>Du har bedt om innsyn hos <b>Ærlig Øl AS</b>.</p>"
			m.Headers = []Header{{"Auto-Submitted", "auto-generated"}, {"X-Portal-Kind", "bekreftelse æøå"}}
			m.Attachments = []Attachment{
				{Filename: "request.json", ContentType: "application/json", Data: []byte(`{"navn":"Åse Ødegård"}`)},
				{Filename: "request.json.sig", Data: allBytes()[:64]},
				{Filename: "forespørsel æøå ÆØÅ.txt", ContentType: "Text/Plain", Data: []byte("æøå\n")},
			}
		}},
		{"all byte values", func(m *Message) {
			m.Attachments = []Attachment{{Filename: "bytes.bin", Data: allBytes()}}
		}},
		{"empty attachment", func(m *Message) {
			m.Attachments = []Attachment{{Filename: "empty", Data: []byte{}}}
		}},
		{"names with specials", func(m *Message) {
			m.To = []Address{
				{Name: "Nordmann, Ola", Email: "ola@example.no"},
				{Name: `Say "hi" \ bye`, Email: "b@example.no"},
				{Name: " leading and trailing ", Email: "c@example.no"},
				{Name: "<evil@example.com>", Email: "d@example.no"},
				{Name: "=?utf-8?q?not_encoded?=", Email: "e@example.no"},
				{Name: "Ærø, Øst <AS>", Email: "f@example.no"},
				{Name: "", Email: "g@example.no"},
			}
		}},
		{"long quoted names", func(m *Message) {
			name := "Nordmann, " + strings.Repeat("o", 56)
			m.From.Name = name
			m.To = []Address{{Name: name, Email: "a@example.no"}, {Name: name, Email: "b@example.no"}}
			m.ReplyTo = &Address{Name: name, Email: "c@example.no"}
		}},
		{"long atom names", func(m *Message) {
			name := strings.Repeat("o", 66) + " " + strings.Repeat("p", 66)
			m.From.Name = name
			m.To = []Address{{Name: name, Email: "a@example.no"}, {Name: name, Email: "b@example.no"}}
			m.ReplyTo = &Address{Name: name, Email: "c@example.no"}
		}},
		{"empty extra header", func(m *Message) { m.Headers = []Header{{"X-Empty", ""}} }},
		{"subject specials", func(m *Message) { m.Subject = `  two  spaces, "quotes" and =?utf-8?q?x?= ` }},
		{"long subject", func(m *Message) { m.Subject = long }},
		{"long ascii subject", func(m *Message) { m.Subject = strings.Repeat("Confirm your privacy request ", 8) + "now" }},
		{"long word subject", func(m *Message) { m.Subject = strings.Repeat("x", 200) }},
		{"long name", func(m *Message) { m.To[0].Name = long }},
		{"text edge cases", func(m *Message) {
			m.Text = "From here.\nLine with trailing space \nTab\tand =equals\n.\n" +
				strings.Repeat("æ", 100) + "\r" + strings.Repeat("a", 200) + "\x00\x0c end"
		}},
		{"long filename", func(m *Message) {
			m.Attachments = []Attachment{{Filename: strings.Repeat("forespørsel ", 12) + ".json", Data: []byte("{}")}}
		}},
		{"odd filenames", func(m *Message) {
			m.Attachments = []Attachment{
				{Filename: `quote".json`, Data: []byte("1")},
				{Filename: "a?=b=.json", Data: []byte("2")},
				{Filename: "semi;colon 'and' 100%.json", Data: []byte("3")},
				{Filename: " spaced ", Data: []byte("4")},
			}
		}},
	}
}

func TestRoundTrip(t *testing.T) {
	for _, tt := range roundTripCases() {
		t.Run(tt.name, func(t *testing.T) {
			m := baseMessage()
			tt.change(&m)
			raw, err := m.Bytes()
			if err != nil {
				t.Fatalf("Bytes() error = %v", err)
			}
			checkWellFormed(t, raw)
			variants := map[string][]byte{
				"CRLF": raw,
				"LF":   bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")),
			}
			for name, raw := range variants {
				p, err := Parse(raw)
				if err != nil {
					t.Fatalf("%s: Parse() error = %v", name, err)
				}
				if diff := cmp.Diff(wantView(m), gotView(p, m), cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s: round trip mismatch (-want +got):\n%s", name, diff)
				}
			}
		})
	}
}

// encodedWord matches one whole encoded-word as Bytes writes them.
var encodedWord = regexp.MustCompile(`^=\?utf-8\?b\?[^? ]*\?=$`)

// maxEncodedWord is the longest encoded-word RFC 2047 allows.
const maxEncodedWord = 75

// checkWellFormed checks the line structure of a composed message: CRLF
// only and only ASCII; header lines of at most 78 characters, 76 if they
// hold encoded-words (RFC 2047), unless a line is one word that cannot be
// folded (a long RFC 2231 filename); body lines of at most 76 (RFC 2045);
// and encoded-words of at most 75 characters, never split across lines.
// A message need not end in CRLF (RFC 5322): a single text part that does
// not end in a line break ends without one.
func checkWellFormed(t *testing.T, raw []byte) {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) ||
		bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\r")) {
		t.Errorf("message has a bare CR or LF")
	}
	inHeader := true
	for i, line := range strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n") {
		for _, c := range []byte(line) {
			if c > '~' || c < ' ' && c != '\t' {
				t.Errorf("line %d has byte %#x: %q", i+1, c, line)
				break
			}
		}
		if line == "" {
			inHeader = false
		}
		if strings.HasPrefix(line, "Content-Type:") {
			inHeader = true
		}
		limit := 76
		if inHeader {
			limit = 78
			if strings.Contains(line, "=?") {
				limit = maxLine
			}
			if !strings.Contains(strings.TrimLeft(line, " "), " ") {
				limit = 998
			}
		}
		if len(line) > limit {
			t.Errorf("line %d is %d characters long: %q", i+1, len(line), line)
		}
		if inHeader {
			for _, w := range strings.Fields(line) {
				if strings.HasPrefix(w, "=?") || strings.HasSuffix(w, "?=") {
					if !encodedWord.MatchString(w) {
						t.Errorf("line %d splits an encoded-word: %q", i+1, line)
					}
					if len(w) > maxEncodedWord {
						t.Errorf("encoded-word of %d characters: %q", len(w), w)
					}
				}
			}
		}
	}
}

func TestFolding(t *testing.T) {
	tests := []struct {
		name    string
		subject string
		lines   int // the number of lines the Subject header takes
	}{
		{"short", "Bekreft forespørselen din", 1},
		{"ascii at the limit", "Subject text " + strings.Repeat("x", 54), 1},
		{"ascii just over", "Subject text " + strings.Repeat("x", 55), 2},
		{"long ascii", strings.TrimSpace(strings.Repeat("Confirm your privacy request ", 10)), 5},
		{"long nordic", strings.Repeat("Blåbærsyltetøy ", 20), 10},
		{"only 4-byte characters", strings.Repeat("😀", 40), 5},
		{"long word", strings.Repeat("a", 300), 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := baseMessage()
			m.Subject = tt.subject
			raw, err := m.bytesWithBoundary("x")
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, raw)
			header := string(raw[:bytes.Index(raw, []byte("\r\n\r\n"))])
			start := strings.Index(header, "\r\nSubject:") + 2
			end := strings.Index(header[start:], "\r\nDate:") + start
			field := header[start:end]
			if got := strings.Count(field, "\r\n") + 1; got != tt.lines {
				t.Errorf("Subject takes %d lines, want %d:\n%s", got, tt.lines, field)
			}
			p, err := Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.subject, p.Get("Subject")); diff != "" {
				t.Errorf("Subject (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBytesBoundaries(t *testing.T) {
	m := baseMessage()
	m.HTML = "<p>Hei</p>"
	m.Attachments = []Attachment{{Filename: "request.json", Data: []byte("{}")}}
	a, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, b) {
		t.Errorf("two messages have the same boundaries")
	}
	boundary := regexp.MustCompile(`boundary="(=_[0-9a-f]{32}_[ma])"`)
	matches := boundary.FindAllSubmatch(a, -1)
	if len(matches) != 2 {
		t.Fatalf("found %d boundaries, want 2:\n%s", len(matches), a)
	}
	for _, mt := range matches {
		if got := bytes.Count(a, mt[1]); got < 3 {
			t.Errorf("boundary %s used %d times", mt[1], got)
		}
	}
}

func TestStructure(t *testing.T) {
	att := []Attachment{{Filename: "request.json", ContentType: "application/json", Data: []byte("{}")}}
	const (
		text  = "text/plain; charset=utf-8"
		html  = "text/html; charset=utf-8"
		alt   = `multipart/alternative; boundary="=_s_a"`
		mixed = `multipart/mixed; boundary="=_s_m"`
		json  = `application/json; name=request.json`
	)
	tests := []struct {
		name  string
		html  string
		att   []Attachment
		types []string // every Content-Type, in order
	}{
		{"text", "", nil, []string{text}},
		{"text and html", "<p>x</p>", nil, []string{alt, text, html}},
		{"text and attachment", "", att, []string{mixed, text, json}},
		{"all", "<p>x</p>", att, []string{mixed, alt, text, html, json}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := baseMessage()
			m.HTML, m.Attachments = tt.html, tt.att
			raw, err := m.bytesWithBoundary("s")
			if err != nil {
				t.Fatal(err)
			}
			var types []string
			for _, line := range strings.Split(string(raw), "\r\n") {
				if v, ok := strings.CutPrefix(line, "Content-Type: "); ok {
					types = append(types, v)
				}
			}
			if diff := cmp.Diff(tt.types, types); diff != "" {
				t.Errorf("Content-Types (-want +got):\n%s", diff)
			}
			p, err := Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.types[0], p.Get("Content-Type")); diff != "" {
				t.Errorf("parsed Content-Type (-want +got):\n%s", diff)
			}
		})
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		file string
		msg  Message
	}{
		{"confirmation.golden", Message{
			From:      Address{Name: "Personvernportalen", Email: "noreply@portal.example"},
			To:        []Address{{Name: "Åse Ødegård", Email: "ase@example.no"}},
			Subject:   "Bekreft forespørselen din om innsyn hos Ærlig Øl AS",
			Date:      testDate,
			MessageID: "k3j4h5.confirm@portal.example",
			Headers:   []Header{{"Auto-Submitted", "auto-generated"}},
			Text: "Hei Åse,\n\nBekreft forespørselen din ved å åpne denne lenken:\n" +
				"https://portal.example/bekreft?token=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG8\n\n" +
				"Lenken virker i 24 timer.\n",
			HTML: "<p>Hei Åse,</p>\n<p><a href=\"https://portal.example/bekreft?token=Zm9vYmFy\">Bekreft forespørselen</a></p>\n",
		}},
		{"request.golden", Message{
			From:      Address{Name: "Personvernportalen på vegne av Åse Ødegård", Email: "noreply@portal.example"},
			To:        []Address{{Name: "Ærlig Øl AS, personvernombud", Email: "privacy@company.example"}},
			ReplyTo:   &Address{Name: "Åse Ødegård", Email: "ase@example.no"},
			Subject:   "Forespørsel om innsyn (GDPR art. 15) fra Åse Ødegård – svarfrist 3. april 2025",
			Date:      testDate,
			MessageID: "q8w7e6.request@portal.example",
			Headers:   []Header{{"Auto-Submitted", "auto-generated"}, {"X-Portal-Request", "q8w7e6"}},
			Text:      "Hei,\n\nÅse Ødegård ber om innsyn etter GDPR artikkel 15.\nForespørselen er signert; se vedleggene.\n",
			Attachments: []Attachment{
				{Filename: "request.json", ContentType: "application/json",
					Data: []byte(`{"type":"access","controller":"Ærlig Øl AS","name":"Åse Ødegård"}` + "\n")},
				{Filename: "request.json.sig", ContentType: "application/octet-stream", Data: allBytes()[192:256]},
			},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := tt.msg.bytesWithBoundary("0123456789abcdef0123456789abcdef")
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, got)
			path := filepath.Join("testdata", tt.file)
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
				t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
			}
			p, err := Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantView(tt.msg), gotView(p, tt.msg), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("parsed golden mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewMessageID(t *testing.T) {
	tests := []struct {
		label, domain string
		pattern       string
		wantErr       error
	}{
		{"confirm", "portal.example", `^[0-9a-f]{24}\.confirm@portal\.example$`, nil},
		{"", "portal.example", `^[0-9a-f]{24}@portal\.example$`, nil},
		{"a b", "portal.example", "", ErrInvalidMessageID},
		{"x", "portal.example>\r\nBcc: e@example.com", "", ErrHeaderInjection},
	}
	for _, tt := range tests {
		id, err := NewMessageID(tt.label, tt.domain)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("NewMessageID(%q, %q) error = %v, want %v", tt.label, tt.domain, err, tt.wantErr)
			continue
		}
		if tt.wantErr == nil && !regexp.MustCompile(tt.pattern).MatchString(id) {
			t.Errorf("NewMessageID(%q, %q) = %q, want match for %s", tt.label, tt.domain, id, tt.pattern)
		}
	}
}
