package mailmsg

import (
	"io"
	"mime"
	"strings"
	"unicode/utf8"
)

// decodeCharset converts text in the named charset to UTF-8. It knows the
// charsets Nordic mail arrives in besides UTF-8: ISO-8859-1, ISO-8859-15 and
// Windows-1252. (go-message's charset package would know them all, but its
// tables, from golang.org/x/text, add about 900 KB to each WebAssembly
// binary, 330 KB once compressed.) Text in an unknown charset is kept if it is valid UTF-8 (a
// mislabelled message is more often UTF-8 than anything else) and otherwise
// read as Windows-1252, so the result is always valid UTF-8.
func decodeCharset(charset string, b []byte) string {
	switch normalizeCharset(charset) {
	case "iso-8859-1":
		return latin1(b, nil)
	case "iso-8859-15":
		return latin1(b, latin9)
	case "windows-1252":
		return latin1(b, cp1252)
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return latin1(b, cp1252)
}

// normalizeCharset maps the common aliases of the charsets decodeCharset
// knows to one name, and drops an RFC 2231 language suffix ("utf-8*en").
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

// latin1 decodes a single-byte charset that agrees with ISO-8859-1 except
// where high returns a replacement.
func latin1(b []byte, high func(byte) rune) string {
	var s strings.Builder
	s.Grow(len(b) + len(b)/4)
	for _, c := range b {
		r := rune(c)
		if high != nil && c >= 0x80 {
			if h := high(c); h != 0 {
				r = h
			}
		}
		s.WriteRune(r)
	}
	return s.String()
}

// latin9 returns the characters where ISO-8859-15 differs from ISO-8859-1.
func latin9(c byte) rune {
	switch c {
	case 0xA4:
		return '€'
	case 0xA6:
		return 'Š'
	case 0xA8:
		return 'š'
	case 0xB4:
		return 'Ž'
	case 0xB8:
		return 'ž'
	case 0xBC:
		return 'Œ'
	case 0xBD:
		return 'œ'
	case 0xBE:
		return 'Ÿ'
	}
	return 0
}

// cp1252 returns the characters Windows-1252 puts in 0x80-0x9F.
func cp1252(c byte) rune {
	if c < 0x80 || c > 0x9f {
		return 0
	}
	table := [32]rune{
		'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
		'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
	}
	return table[c-0x80]
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
		s = latin1([]byte(s), cp1252)
	}
	d, err := dec.DecodeHeader(s)
	if err != nil {
		return s
	}
	return toValidUTF8(d)
}
