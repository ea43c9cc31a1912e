package mailmsg

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-message/textproto"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The signed request the fixtures in testdata carry.
const fixtureRequest = `{"version":1,"type":"access","controller":"Ærlig Øl AS","name":"Åse Ødegård","text":"Jeg ber om innsyn."}` + "\n"

func fixtureSignature() []byte {
	sig := make([]byte, 64)
	for i := range sig {
		sig[i] = byte((i*37 + 11) % 256)
	}
	return sig
}

// parsedView is what the fixture tests compare.
type parsedView struct {
	Subject     string
	From, To    []Address
	Text, HTML  string
	Attachments []Attachment
	Headers     map[string]string // selected headers, by the name asked for
}

func TestParseFixtures(t *testing.T) {
	kopi := Attachment{Filename: "æøå kopi av forespørsel.txt", ContentType: "text/plain",
		Data: []byte("Kopi av forespørselen: æøå ÆØÅ\n")}
	request := Attachment{Filename: "request.json", ContentType: "application/json", Data: []byte(fixtureRequest)}
	sig := Attachment{Filename: "request.json.sig", ContentType: "application/octet-stream", Data: fixtureSignature()}
	tests := []struct {
		file    string
		headers []string
		want    parsedView
	}{
		{"thunderbird.eml", []string{"message-id", "Dkim-Signature", "arc-seal", "Received"}, parsedView{
			Subject: "Forespørsel om innsyn – Ærlig Øl AS",
			From:    []Address{{Name: "Åse Ødegård", Email: "ase@example.no"}},
			To:      []Address{{Name: "Personvern", Email: "privacy@company.example"}},
			Text: "Hei,\n\nVedlagt er en signert forespørsel om innsyn etter personvernforordningen artikkel 15.\n\n" +
				"Med vennlig hilsen\nÅse Ødegård\n",
			HTML: "<!DOCTYPE html>\n<html>\n  <body>\n    <p>Vedlagt er en signert forespørsel om innsyn.</p>\n" +
				"    <img src=\"cid:part1.logo@example.no\" alt=\"\">\n  </body>\n</html>\n",
			Attachments: []Attachment{
				{Filename: "logo.png", ContentType: "image/png", Data: []byte("\x89PNG\r\n\x1a\n")},
				request, sig, kopi,
			},
			Headers: map[string]string{
				"message-id":     "<4f1c2d3e-5a6b-7c8d-9e0f-a1b2c3d4e5f6@example.no>",
				"Dkim-Signature": "v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.no;\ts=mail; t=1741061167;\tbh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\th=Date:To:From:Subject;\tb=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZQ==",
				"arc-seal":       "i=1; a=rsa-sha256; t=1741061168; cv=none; d=company.example; s=arc;\tb=bm90IGEgcmVhbCBzZWFs",
				"Received":       "from mx.example.no (mx.example.no [192.0.2.10])\tby mail.company.example (Postfix) with ESMTPS id 4Z6abc1XyZz9sT\tfor <privacy@company.example>; Tue, 04 Mar 2025 05:06:08 +0100 (CET)",
			},
		}},
		{"gmail.eml", []string{"Message-Id", "Received", "Content-Type"}, parsedView{
			Subject:     "Forespørsel om sletting av personopplysninger fra Åse Ødegård",
			From:        []Address{{Name: "Personvernportalen", Email: "noreply@portal.example"}},
			To:          []Address{{Email: "privacy@company.example"}},
			Text:        "Se vedlagt signert forespørsel.\nSignaturen ligger i request.json.sig.\n",
			HTML:        "<div dir=\"ltr\">Se vedlagt signert forespørsel.<div>Signaturen ligger i request.json.sig.</div></div>\n",
			Attachments: []Attachment{request, sig, kopi},
			Headers: map[string]string{
				"Message-Id":   "<CAF=x9QkYw1@mail.portal.example>",
				"Received":     "by 2002:a05:6a10:8e0d:b0:5c4:1a2b:3c4d with SMTP id x13csp2716483pxb;        Tue, 4 Mar 2025 04:06:09 -0800 (PST)",
				"Content-Type": "multipart/mixed; boundary=000000000000d2e9f1062f4b1c3a",
			},
		}},
		{"outlook-latin1.eml", []string{"Thread-Topic", "Mime-Version"}, parsedView{
			Subject: "Forespørsel om sletting",
			From:    []Address{{Name: "Nordmann, Ola", Email: "ola@example.no"}},
			To:      []Address{{Name: "Personvernombud Ærlig Øl", Email: "privacy@company.example"}},
			Text:    "Hei,\nJeg ønsker at dere sletter alle opplysninger om meg. Blåbærsyltetøy!\n",
			Attachments: []Attachment{{Filename: "forespørsel.json", ContentType: "application/json",
				Data: []byte(fixtureRequest)}},
			Headers: map[string]string{"Thread-Topic": "Forespørsel om sletting", "Mime-Version": "1.0"},
		}},
	}
	for _, tt := range tests {
		raw, err := os.ReadFile(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		// However the file was checked out, try both line endings.
		lf := bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
		variants := map[string][]byte{
			"LF":   lf,
			"CRLF": bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n")),
		}
		for ending, raw := range variants {
			t.Run(tt.file+"/"+ending, func(t *testing.T) {
				p, err := Parse(raw)
				if err != nil {
					t.Fatalf("Parse() error = %v", err)
				}
				got := parsedView{
					Subject:     p.Get("subject"),
					From:        p.Addresses("From"),
					To:          p.Addresses("To"),
					Text:        p.Text,
					HTML:        p.HTML,
					Attachments: p.Attachments,
					Headers:     map[string]string{},
				}
				for _, h := range tt.headers {
					got.Headers[h] = p.Get(h)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Parse(%s) mismatch (-want +got):\n%s", tt.file, diff)
				}
				for _, name := range []string{"request.json", "request.json.sig"} {
					if _, ok := p.Attachment(name); !ok && tt.file != "outlook-latin1.eml" {
						t.Errorf("Attachment(%q) not found", name)
					}
				}
			})
		}
	}
}

func TestParseHeader(t *testing.T) {
	raw := "From sender@example.no Tue Mar  4 05:06:07 2025\n" + // an mbox separator
		"Received: from a\n\tby b\n" +
		"Received: from c\n" +
		"x-custom-HEADER:   spaced value   \n" +
		"Subject : obsolete space before colon\n" +
		"garbage line without colon\n" +
		"Keywords: =?utf-8?q?bl=C3=A5?= =?utf-8?q?b=C3=A6r?= and =?x-unknown?q?caf=E9?=\n" +
		"Comments: =?iso-8859-15?q?=A4uro?= =?windows-1252?q?=80uro?=\n" +
		"X-Raw: Blåbær\n" +
		"X-Latin1: Bl\xe5b\xe6r\n" +
		"X-Empty:\n" +
		"\n" +
		"body\n"
	p, err := Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"Received":        {"from a\tby b", "from c"},
		"X-Custom-Header": {"spaced value"},
		"Subject":         {"obsolete space before colon"},
		"Keywords":        {"blåbær and café"},
		"Comments":        {"€uro€uro"},
		"X-Raw":           {"Blåbær"},
		"X-Latin1":        {"Blåbær"},
		"X-Empty":         {""},
	}
	if diff := cmp.Diff(want, p.Header); diff != "" {
		t.Errorf("Header (-want +got):\n%s", diff)
	}
	if got := p.Get("X-CUSTOM-header"); got != "spaced value" {
		t.Errorf("Get(X-CUSTOM-header) = %q", got)
	}
	if got := p.Get("Missing"); got != "" {
		t.Errorf("Get(Missing) = %q", got)
	}
	if p.Text != "body\n" {
		t.Errorf("Text = %q, want %q", p.Text, "body\n")
	}
}

func TestParseBodies(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want Parsed
	}{
		{
			name: "no header at all",
			raw:  "\nJust a body\n",
			want: Parsed{Text: "Just a body\n"},
		},
		{
			name: "header only",
			raw:  "Subject: x\n",
			want: Parsed{Header: map[string][]string{"Subject": {"x"}}},
		},
		{
			name: "iso-8859-1 quoted-printable",
			raw:  "Content-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: Quoted-Printable\n\nBl=E5b=E6r=\nsyltet=F8y\n",
			want: Parsed{Text: "Blåbærsyltetøy\n"},
		},
		{
			name: "windows-1252 8bit",
			raw:  "Content-Type: text/plain; charset=\"windows-1252\"\nContent-Transfer-Encoding: 8bit\n\n\x93Bl\xe5\x94 \x80\n",
			want: Parsed{Text: "“Blå” €\n"},
		},
		{
			name: "unknown charset keeps UTF-8",
			raw:  "Content-Type: text/plain; charset=x-unknown\n\nblåbær",
			want: Parsed{Text: "blåbær"},
		},
		{
			name: "base64 text with CRLF",
			raw:  "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nYmzDpWLDpnINCnN5bHRldMO4eQ0K\n",
			want: Parsed{Text: "blåbær\nsyltetøy\n"},
		},
		{
			name: "binary attachment keeps CRLF and bare CR",
			raw: "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\n" +
				"Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=x.bin\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
				"a\r\nb\rc\x00\n\r\n--b--\r\n",
			want: Parsed{Text: "hi", Attachments: []Attachment{{Filename: "x.bin", ContentType: "application/octet-stream", Data: []byte("a\r\nb\rc\x00\n")}}},
		},
		{
			name: "attachment by disposition without filename",
			raw: "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\n\nplain part without headers\n--b\n" +
				"Content-Type: application/pdf\nContent-Disposition: ATTACHMENT\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n--b--\n",
			want: Parsed{Text: "plain part without headers", Attachments: []Attachment{{ContentType: "application/pdf", Data: []byte("%PDF-")}}},
		},
		{
			name: "filename forms",
			raw: "Content-Type: multipart/mixed; boundary=b\n\n" +
				"--b\nContent-Type: application/json; name=unquoted.json\n\n{}\n" +
				"--b\nContent-Disposition: attachment; filename=\"quoted \\\"name\\\".json\"; size=2\n\n{}\n" +
				"--b\nContent-Disposition: attachment; filename=\"=?windows-1252?q?bl=E5b=E6r.json?=\"\n\n{}\n" +
				"--b\nContent-Disposition: attachment; filename=\"fallback.json\"; filename*=UTF-8''bl%C3%A5.json\n\n{}\n" +
				"--b\nContent-Disposition: attachment;\n filename*1=\"second\";\n filename*0=\"first-\"; filename*2*=%C3%A6.json\n\n{}\n" +
				"--b\nContent-Type: application/json; name=\"=?UTF-8?Q?r=C3=A9sum=C3=A9?= .json\"\n\n{}\n" +
				"--b\nContent-Disposition: attachment; filename=with spaces.json\n\n{}\n" +
				"--b--\n",
			want: Parsed{Attachments: []Attachment{
				{Filename: "unquoted.json", ContentType: "application/json", Data: []byte("{}")},
				{Filename: `quoted "name".json`, ContentType: "text/plain", Data: []byte("{}")},
				{Filename: "blåbær.json", ContentType: "text/plain", Data: []byte("{}")},
				{Filename: "blå.json", ContentType: "text/plain", Data: []byte("{}")},
				{Filename: "first-secondæ.json", ContentType: "text/plain", Data: []byte("{}")},
				{Filename: "résumé .json", ContentType: "application/json", Data: []byte("{}")},
				{Filename: "with spaces.json", ContentType: "text/plain", Data: []byte("{}")},
			}},
		},
		{
			name: "preamble, epilogue, transport padding and a longer boundary",
			raw: "Content-Type: multipart/alternative; boundary=\"ab\"\n\npreamble\n--abc\nnot a delimiter\n" +
				"--ab  \t\nContent-Type: text/plain\n\nplain\n--abc\n--ab \nContent-Type: text/html\n\n<p>html</p>\n--ab--  \nepilogue\n--ab\n",
			want: Parsed{Text: "plain\n--abc", HTML: "<p>html</p>"},
		},
		{
			name: "truncated multipart keeps the last part",
			raw:  "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\ncut off",
			want: Parsed{Text: "cut off"},
		},
		{
			name: "multipart without boundary is a leaf",
			raw:  "Content-Type: multipart/mixed\n\n--b\n",
			want: Parsed{},
		},
		{
			name: "base64 with indented lines and a comment",
			raw: "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream; name=a\n" +
				"Content-Transfer-Encoding: base64 (comment)\n\n YWJj  \n\tZA=\n =\n--b--\n",
			want: Parsed{Attachments: []Attachment{{Filename: "a", ContentType: "application/octet-stream", Data: []byte("abcd")}}},
		},
		{
			name: "unquoted parameters with specials",
			raw: "Content-Type: multipart/mixed; boundary=----=_Part_1_2.3\n\n------=_Part_1_2.3\n" +
				"Content-Disposition: attachment; filename=with spaces.json; filename=second.json\n\n{}\n------=_Part_1_2.3--\n",
			want: Parsed{Attachments: []Attachment{{Filename: "with spaces.json", ContentType: "text/plain", Data: []byte("{}")}}},
		},
		{
			name: "first text and html win, nested",
			raw: "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/alternative; boundary=i\n\n" +
				"--i\nContent-Type: text/plain\n\none\n--i\nContent-Type: text/html\n\n<b>one</b>\n--i--\n" +
				"--o\nContent-Type: text/plain\n\ntwo\n--o\nContent-Type: text/html\n\n<b>two</b>\n--o--\n",
			want: Parsed{Text: "one", HTML: "<b>one</b>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse([]byte(tt.raw))
			if err != nil {
				t.Fatalf("Parse() error = %v", err)
			}
			ignoreHeader := cmpopts.IgnoreFields(Parsed{}, "Header")
			if tt.want.Header != nil {
				ignoreHeader = cmp.Options{}
			}
			if diff := cmp.Diff(&tt.want, p, cmpopts.IgnoreUnexported(Parsed{}), cmpopts.EquateEmpty(), ignoreHeader); diff != "" {
				t.Errorf("Parse() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	nested := func(depth int) string {
		var b strings.Builder
		b.WriteString("Subject: deep\n")
		for i := range depth {
			b.WriteString("Content-Type: multipart/mixed; boundary=b" + string(rune('a'+i)) + "\n\n--b" + string(rune('a'+i)) + "\n")
		}
		b.WriteString("Content-Type: text/plain\n\ndeep text\n")
		return b.String()
	}
	many := "Content-Type: multipart/mixed; boundary=b\n\n" + strings.Repeat("--b\n\nx\n", maxParts) + "--b--\n"
	tests := []struct {
		name    string
		raw     []byte
		wantErr error
	}{
		{"nested 10 deep", []byte(nested(MaxNesting)), nil},
		{"nested 11 deep", []byte(nested(MaxNesting + 1)), ErrTooDeep},
		{"exactly the size limit", append([]byte("\n"), bytes.Repeat([]byte("a"), MaxMessageSize-1)...), nil},
		{"over the size limit", make([]byte, MaxMessageSize+1), ErrTooLarge},
		{"too many parts", []byte(many), ErrTooManyParts},
		{"too many header fields", []byte(strings.Repeat("X-A: b\n", maxFields+1)), ErrMalformed},
		{"too many part header fields", []byte("Content-Type: multipart/mixed; boundary=b\n\n--b\n" + strings.Repeat("X-A: b\n", maxFields+1)), ErrMalformed},
		{"many header fields", []byte(strings.Repeat("Received: from a\n", maxFields)), nil},
		{"part without a header block", []byte("Content-Type: multipart/mixed; boundary=b\n\n--b\nno headers here\n--b--\n"), ErrMalformed},
		{"base64 padded line by line", []byte("Content-Type: a/b; name=a\nContent-Transfer-Encoding: base64\n\nYQ==\nYg==\n"), ErrMalformed},
		{"base64 without padding", []byte("Content-Type: a/b; name=a\nContent-Transfer-Encoding: base64\n\nYWJjZA\n"), ErrMalformed},
		{"quoted-printable with a control character", []byte("Content-Transfer-Encoding: quoted-printable\n\na\x00b\n"), ErrMalformed},
		{"bad base64", []byte("Content-Type: application/octet-stream; name=a\nContent-Transfer-Encoding: base64\n\nYW*J\n"), ErrMalformed},
		{"truncated base64", []byte("Content-Type: application/octet-stream; name=a\nContent-Transfer-Encoding: base64\n\nYWJjZ\n"), ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.raw)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Parse() error = %v, want %v", err, tt.wantErr)
			}
			if err == nil && tt.name == "nested 10 deep" && p.Text != "deep text\n" {
				t.Errorf("Text = %q", p.Text)
			}
		})
	}
}

func TestAddresses(t *testing.T) {
	tests := []struct {
		header string
		want   []Address
	}{
		{"a@example.no", []Address{{Email: "a@example.no"}}},
		{"<a@example.no>", []Address{{Email: "a@example.no"}}},
		{"Ola Nordmann <ola@example.no>", []Address{{Name: "Ola Nordmann", Email: "ola@example.no"}}},
		{`"Nordmann, Ola" <ola@example.no>, b@example.no`, []Address{{Name: "Nordmann, Ola", Email: "ola@example.no"}, {Email: "b@example.no"}}},
		{`"Say \"hi\"" <a@example.no>`, []Address{{Name: `Say "hi"`, Email: "a@example.no"}}},
		{"=?utf-8?q?=C3=86rl=C3=B8?= =?utf-8?b?IMOYbA==?= <a@example.no>", []Address{{Name: "Ærlø Øl", Email: "a@example.no"}}},
		{"=?utf-8?b?Tm9yZG1hbm4sIE9sYQ==?= <ola@example.no>", []Address{{Name: "Nordmann, Ola", Email: "ola@example.no"}}},
		// RFC 2047 forbids encoded-words in a quoted-string: it is shown as written.
		{`"=?utf-8?q?=C3=85se?=" <a@example.no>`, []Address{{Name: "=?utf-8?q?=C3=85se?=", Email: "a@example.no"}}},
		{"Mr. Ola N. Nordmann <ola@example.no>", []Address{{Name: "Mr. Ola N. Nordmann", Email: "ola@example.no"}}},
		{"ola@example.no (Ola Nordmann)", []Address{{Name: "Ola Nordmann", Email: "ola@example.no"}}},
		{"Team: a@example.no, B <b@example.no>;, c@example.no", []Address{{Email: "a@example.no"}, {Name: "B", Email: "b@example.no"}, {Email: "c@example.no"}}},
		{"undisclosed-recipients:;", nil},
		{`"john doe"@example.no`, []Address{{Email: "john doe@example.no"}}},
		{"Bl\xe5b\xe6r <a@example.no>", []Address{{Name: "Blåbær", Email: "a@example.no"}}},
		// What net/mail cannot read gives nothing rather than a guess.
		{"<@relay.example:a@example.no>", nil},
		{"broken <a@example.no", nil},
		{"=?utf-8?q?Nordmann,_Ola?= <ola@example.no>", nil}, // a comma in a Q-encoded name
		{"", nil},
	}
	for _, tt := range tests {
		p, err := Parse([]byte("To: " + tt.header + "\n\n"))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, p.Addresses("To")); diff != "" {
			t.Errorf("Addresses(%q) (-want +got):\n%s", tt.header, diff)
		}
	}
}

func TestCanonicalHeaderKey(t *testing.T) {
	tests := map[string]string{
		"message-id":     "Message-Id",
		"MESSAGE-ID":     "Message-Id",
		"dkim-signature": "Dkim-Signature",
		"x-a--b":         "X-A--B",
		"subject":        "Subject",
		"with space":     "with space",
		"æøå":            "æøå",
		"":               "",
	}
	for in, want := range tests {
		if got := CanonicalHeaderKey(in); got != want {
			t.Errorf("CanonicalHeaderKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTransferEncodings checks how go-message's decoders, as Parse uses
// them, read what encoders and relays write.
func TestTransferEncodings(t *testing.T) {
	tests := []struct {
		name, encoding, body string
		want                 string
		wantErr              error
	}{
		{"base64", "base64", "YWJj", "abc", nil},
		{"base64 padded", "BASE64", "YWJjZA==", "abcd", nil},
		{"base64 lines", "base64", "YW\r\nJj\r\nZA\r\n=\r\n=", "abcd", nil},
		{"base64 spaces", "base64", "YW Jj ZA =\t=", "abcd", nil},
		{"base64 empty", "base64", "", "", nil},
		{"base64 junk", "base64", "YWJj!", "", ErrMalformed},
		{"base64 NUL", "base64", "YWJj\x00", "", ErrMalformed},
		{"base64 cut", "base64", "Y", "", ErrMalformed},
		{"quoted-printable", "quoted-printable", "a=3Db", "a=b", nil},
		{"soft break", "quoted-printable", "soft=\r\nbreak", "softbreak", nil},
		{"soft break LF", "quoted-printable", "soft=\nbreak LF", "softbreak LF", nil},
		{"soft break and padding", "quoted-printable", "soft= \t\r\nwith padding", "softwith padding", nil},
		{"trailing space", "quoted-printable", "trailing   \r\nspace", "trailing\r\nspace", nil},
		{"lower-case hex", "quoted-printable", "lower=c3=a6", "lower\xc3\xa6", nil},
		{"bad escapes", "quoted-printable", "bad=zz=", "bad=zz", nil},
		{"short escape", "quoted-printable", "bad=4", "bad=4", nil},
		{"soft break at the end", "quoted-printable", "a=", "a", nil},
		{"LF kept", "quoted-printable", "a\nb\n", "a\nb\n", nil},
		{"7bit", "7bit", "a\r\nb", "a\r\nb", nil},
		{"unknown encoding kept", "x-uuencode", "begin 644", "begin 644", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := "Content-Type: application/octet-stream; name=a\r\nContent-Transfer-Encoding: " + tt.encoding + "\r\n\r\n" + tt.body
			p, err := Parse([]byte(raw))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Parse() error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			want := []Attachment{{Filename: "a", ContentType: "application/octet-stream", Data: []byte(tt.want)}}
			if diff := cmp.Diff(want, p.Attachments, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Attachments (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParams(t *testing.T) {
	tests := []struct {
		in     string
		value  string
		params map[string]string
	}{
		{"text/plain", "text/plain", map[string]string{}},
		{`Text/HTML; Charset="UTF-8"`, "text/html", map[string]string{"charset": "UTF-8"}},
		{"multipart/mixed; boundary=----=_Part_1_2.3", "multipart/mixed", map[string]string{"boundary": "----=_Part_1_2.3"}},
		{`multipart/mixed; boundary="a;b"; x=y;`, "multipart/mixed", map[string]string{"boundary": "a;b", "x": "y"}},
		{"a/b; c=1; c=2", "a/b", map[string]string{"c": "1"}},
		{"a/b; ;; noval; d = 4 ", "a/b", map[string]string{"d": "4"}},
		{`a/b; e="unterminated`, "a/b", map[string]string{"e": "unterminated"}},
		{`a/b; e="a \"quoted\" \\ value"`, "a/b", map[string]string{"e": `a "quoted" \ value`}},
		{"a/b; f*=utf-8'en'%C3%A6", "a/b", map[string]string{"f": "æ"}},
		{"a/b; h*0=x; h*2=z", "a/b", map[string]string{"h": "x"}},
		{"a/b; i*1=x", "a/b", map[string]string{}},
		{"a/b; boundary=\"=?utf-8?q?x?=\"", "a/b", map[string]string{"boundary": "=?utf-8?q?x?="}},
		{"a/b; name=\"=?utf-8?q?x?=\"", "a/b", map[string]string{"name": "x"}},
		{"a/b; filename=\"Bl\xe5b\xe6r\"", "a/b", map[string]string{"filename": "Blåbær"}},
		{"a/b; name=with space; filename*=utf-8''%C3%A6", "a/b", map[string]string{"name": "with space", "filename": "æ"}},
		{"attachment", "attachment", map[string]string{}},
		{"Attachment (a comment); name", "attachment", nil},
		{"", "", nil},
	}
	for _, tt := range tests {
		var h textproto.Header
		h.Add("Content-Type", tt.in)
		ps := parser{dec: newWordDecoder()}
		value, params := ps.params(h, "Content-Type")
		if value != tt.value {
			t.Errorf("params(%q) value = %q, want %q", tt.in, value, tt.value)
		}
		if diff := cmp.Diff(tt.params, params, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("params(%q) params (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestParseHostile parses inputs built to make a careless parser take
// quadratic time; it only has to finish (the test timeout is the check).
func TestParseHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	// Each input is a quarter of MaxMessageSize of one construct that a
	// careless parser handles in quadratic time or memory. Each must come
	// back whole (nothing dropped or decoded twice) or be refused with the
	// reason, never half-read.
	n := MaxMessageSize / 4
	words := strings.Repeat("=?a?q?x", n/7)
	tests := []struct {
		name, in string
		err      string // a refusal: the error names this; else parsed
		check    func(t *testing.T, p *Parsed)
	}{
		{"unterminated encoded-words in an address", "To: " + strings.Repeat("=?a?b?<", n/7) + "\n\n", "",
			func(t *testing.T, p *Parsed) {
				if got := p.Addresses("To"); len(got) != 0 {
					t.Errorf("found %d addresses in a header holding none", len(got))
				}
			}},
		{"unterminated encoded-words in a subject", "Subject: " + words + "\n\n", "",
			func(t *testing.T, p *Parsed) {
				if got := p.Header["Subject"]; len(got) != 1 || got[0] != words {
					t.Errorf("the subject is not kept as written (%d values)", len(got))
				}
			}},
		{"lines that almost delimit", "Content-Type: multipart/mixed; boundary=b\n\n" + strings.Repeat("--bx\n", n/5), "multipart", nil},
		{"many parameter sections", "Content-Type: text/plain" + strings.Repeat("; a*1*=b", n/8) + "\n\nx", "",
			func(t *testing.T, p *Parsed) {
				if p.Text != "x" {
					t.Errorf("text %q, want %q", p.Text, "x")
				}
			}},
		{"one header folded many times", "Subject: x" + strings.Repeat("\n x", n/3) + "\n\n", "",
			func(t *testing.T, p *Parsed) {
				if got, want := p.Header["Subject"], "x"+strings.Repeat(" x", n/3); len(got) != 1 || got[0] != want {
					t.Errorf("the folded subject is not unfolded whole")
				}
			}},
		{"unclosed comments", "To: " + strings.Repeat("(", n) + "\n\n", "",
			func(t *testing.T, p *Parsed) {
				if got := p.Addresses("To"); len(got) != 0 {
					t.Errorf("found %d addresses in a header holding none", len(got))
				}
			}},
		{"equals signs in quoted-printable", "Content-Transfer-Encoding: quoted-printable\n\n" + strings.Repeat("=", n), "unexpected EOF", nil},
		{"padding everywhere in base64", "Content-Type: a/b; name=x\nContent-Transfer-Encoding: base64\n\n" + strings.Repeat("QQ=\n", n/4), "base64", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse([]byte(tt.in))
			switch {
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("Parse: %v, want an error about %q", err, tt.err)
			case tt.err == "" && err != nil:
				t.Fatalf("Parse: %v, want it read", err)
			case tt.err == "":
				tt.check(t, p)
			}
		})
	}
}
