package mailmsg

import (
	"testing"
	"unicode/utf8"
)

// TestDecodeCharsetSamples decodes Norwegian and Danish text as mail
// clients write it in each charset decodeCharset knows, spelt the ways
// Content-Type fields spell it, and checks the text a reader sees. The
// bytes are written out, not made with an encoder, so the expected text
// does not come from the decoder under test.
func TestDecodeCharsetSamples(t *testing.T) {
	tests := []struct {
		name    string
		charset string
		raw     string
		want    string
	}{
		{"latin-1 æøå", "ISO-8859-1", "Bl\xe5b\xe6rsyltet\xf8y fra \xc6r\xf8 og \xd8stfold, \xc5se", "Blåbærsyltetøy fra Ærø og Østfold, Åse"},
		{"latin-1 alias with RFC 2231 language", "latin1*da", "S\xf8ren \xd8rsted, K\xf8benhavn \xa4 \xa7 3", "Søren Ørsted, København ¤ § 3"},
		{"latin-1 has no euro", "iso_8859-1", "Pris: 1\xa0299 \x80", "Pris: 1\u00a0299 \u0080"},
		{"latin-9 euro and its other differences", "ISO-8859-15", "Pris: 1\xa0299 \xa4, \xa6koda, \xb4, \xbcuvre, gr\xe5", "Pris: 1\u00a0299 €, Škoda, Ž, Œuvre, grå"},
		{"latin-9 alias", "l9", "\xa8 \xb8 \xbd \xbe", "š ž œ Ÿ"},
		{"windows-1252 quotes and dashes", "windows-1252", "\x93Hilsen\x94 \x96 S\xf8ren \x84Dansk\x93 \x85 \x80 250\x97", "“Hilsen” – Søren „Dansk“ … € 250—"},
		{"windows-1252 alias", "CP1252", "\x91Tak\x92 \x95 \x99 \x8a\x9a\x8e\x9e\x9f", "‘Tak’ • ™ ŠšŽžŸ"},
		{"windows-1252 unassigned bytes", "x-cp1252", "a\x81b\x8dc\x8fd\x90e\x9d", "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFD"},
		{"latin-9 C1 range unassigned", "ISO-8859-15", "a\x80b\x9f", "a\uFFFDb\uFFFD"},
		{"utf-8 kept", "UTF-8", "blåbær ✓", "blåbær ✓"},
		{"unknown charset, valid UTF-8 kept", "x-unknown", "Ærø", "Ærø"},
		{"unknown charset, 8-bit read as windows-1252", "x-unknown", "\x93\xc6r\xf8\x94", "“Ærø”"},
		{"us-ascii mislabelled latin-1 read as windows-1252", "us-ascii", "Troms\xf8 \x80", "Tromsø €"},
		{"no charset, invalid UTF-8", "", "K\xf8ge\xff", "Køgeÿ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decodeCharset(tt.charset, []byte(tt.raw)); got != tt.want {
				t.Errorf("decodeCharset(%q, %q) = %q, want %q", tt.charset, tt.raw, got, tt.want)
			}
		})
	}
}

// TestDecodeCharsetEveryByte checks that every byte of every charset
// decodes to exactly one character; that the ASCII half is ASCII; that
// where the charsets agree (0xA0-0xFF outside ISO-8859-15's eight changes,
// and ISO-8859-1's C1 controls) they give the code point of the byte; and
// that only the bytes a charset leaves unassigned (Windows-1252's five,
// ISO-8859-15's 0x80-0x9F) become U+FFFD.
func TestDecodeCharsetEveryByte(t *testing.T) {
	latin9 := map[byte]bool{0xa4: true, 0xa6: true, 0xa8: true, 0xb4: true, 0xb8: true, 0xbc: true, 0xbd: true, 0xbe: true}
	unassigned := map[string]func(byte) bool{
		"iso-8859-1":   func(byte) bool { return false },
		"iso-8859-15":  func(c byte) bool { return c >= 0x80 && c <= 0x9f },
		"windows-1252": func(c byte) bool { return c == 0x81 || c == 0x8d || c == 0x8f || c == 0x90 || c == 0x9d },
	}
	for charset, isUnassigned := range unassigned {
		for i := range 256 {
			c := byte(i)
			got := decodeCharset(charset, []byte{c})
			r, n := utf8.DecodeRuneInString(got)
			switch {
			case !utf8.ValidString(got) || n != len(got):
				t.Errorf("%s byte %#x decodes to %q, not one character", charset, c, got)
			case (r == utf8.RuneError) != isUnassigned(c):
				t.Errorf("%s byte %#x decodes to %U", charset, c, r)
			case c < 0x80 || c >= 0xa0 && !(charset == "iso-8859-15" && latin9[c]) || charset == "iso-8859-1":
				if r != rune(c) {
					t.Errorf("%s byte %#x decodes to %U, want %U", charset, c, r, rune(c))
				}
			}
		}
	}
}
