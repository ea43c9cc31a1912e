package mailmsg

import (
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// decodeCharset converts text in the named charset to UTF-8. It knows the
// charsets Nordic mail arrives in besides UTF-8: ISO-8859-1, ISO-8859-15 and
// Windows-1252, decoded by golang.org/x/text/encoding/charmap. That package
// costs the browser app about 11 KB brotli (its init lists all of its 42
// tables, so all are linked in; the README's table of hand-written parts has
// the figures), where go-message's charset package, which knows every
// charset by every alias, would add 330 KB. Text in an unknown charset is
// kept if it is valid UTF-8 (a mislabelled message is more often UTF-8 than
// anything else) and otherwise read as Windows-1252, so the result is always
// valid UTF-8.
func decodeCharset(charset string, b []byte) string {
	switch normalizeCharset(charset) {
	case "iso-8859-1":
		return decodeWith(charmap.ISO8859_1, b)
	case "iso-8859-15":
		return decodeWith(charmap.ISO8859_15, b)
	case "windows-1252":
		return decodeWith(charmap.Windows1252, b)
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return decodeWith(charmap.Windows1252, b)
}

// normalizeCharset maps the common aliases of the charsets decodeCharset
// knows to one name, and drops an RFC 2231 language suffix ("utf-8*en").
// It is written out rather than taken from x/text's ianaindex, whose
// alias table links in every charset it names.
func normalizeCharset(charset string) string {
	c, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(charset)), "*")
	switch c {
	case "utf-8", "utf8":
		return "utf-8"
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819", "iso-ir-100":
		return "iso-8859-1"
	case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin-9", "latin9", "l9":
		return "iso-8859-15"
	case "windows-1252", "cp1252", "x-cp1252":
		return "windows-1252"
	case "us-ascii", "ascii":
		return "us-ascii"
	}
	return c
}

// decodeWith decodes b with a single-byte charset. A charmap maps every
// byte to a character (the bytes a charset leaves unassigned, such as
// Windows-1252's 0x81 and ISO-8859-15's 0x80-0x9F, to U+FFFD), so decoding
// never fails.
func decodeWith(cm *charmap.Charmap, b []byte) string {
	s, _ := cm.NewDecoder().Bytes(b) // never fails: every byte has a character
	return string(s)
}

// toValidUTF8 replaces invalid UTF-8 so that every string Parse returns is
// valid text.
func toValidUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// newWordDecoder returns an RFC 2047 decoder that knows the same charsets as
// decodeCharset and never fails on an unknown one.
func newWordDecoder() *mime.WordDecoder {
	return &mime.WordDecoder{
		CharsetReader: func(charset string, input io.Reader) (io.Reader, error) {
			b, err := io.ReadAll(input)
			if err != nil {
				return nil, err
			}
			return strings.NewReader(decodeCharset(charset, b)), nil
		},
	}
}

// decodeHeader decodes the encoded-words in a header value. Raw 8-bit
// header text (RFC 6532) is kept when it is UTF-8 and otherwise read as
// Windows-1252.
func decodeHeader(dec *mime.WordDecoder, s string) string {
	if !utf8.ValidString(s) {
		s = decodeCharset("windows-1252", []byte(s))
	}
	d, err := dec.DecodeHeader(s)
	if err != nil {
		return s
	}
	return toValidUTF8(d)
}
