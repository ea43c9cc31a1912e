package valid

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"privacyportal/app/runes"
)

// NormalizePhone turns a phone number as people type it ("95 49 60 00",
// "+47 954 96 000", "0045 60197071") into E.164. A number without a country
// code gets the company's; it reports false for anything that is not a
// phone number.
func NormalizePhone(s, country string) (string, bool) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", false
		}
	}
	n := b.String()
	switch {
	case n == "":
		return "", false
	case strings.HasPrefix(n, "00"):
		n = "+" + n[2:]
	case !strings.HasPrefix(n, "+"):
		cc := map[string]string{"NO": "+47", "DK": "+45"}[country]
		if cc == "" || len(n) != 8 {
			return "", false
		}
		n = cc + n
	}
	if !E164(n) {
		return "", false
	}
	// Norwegian and Danish numbers have eight digits after the country code.
	if (strings.HasPrefix(n, "+47") || strings.HasPrefix(n, "+45")) && len(n) != 11 {
		return "", false
	}
	return n, true
}

// RegNumberExample is a registration plate as a country writes it, for
// the form's hint: the company's country decides, not the reader's
// language, since the customer's car is registered where the company is.
// Norway writes two letters and five digits ("AB 12345"), Denmark two
// letters and five digits grouped 2 3 ("AB 12 345").
func RegNumberExample(country string) string {
	if country == "DK" {
		return "AB 12 345"
	}
	return "AB 12345"
}

// ValidRegNumber reports whether s (capitals, no spaces) looks like a
// Norwegian or Danish registration plate: two letters and four or five
// digits, or a personalised plate of two to seven letters and digits.
func RegNumber(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 8 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == 'Æ' || r == 'Ø' || r == 'Å') {
			return false
		}
	}
	return true
}

// ValidVIN reports whether s is a vehicle identification number: 17
// capitals and digits, without I, O and Q (ISO 3779). The check digit is
// not tested: European VINs need not have one.
func VIN(s string) bool {
	if len(s) != 17 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') || c == 'I' || c == 'O' || c == 'Q' {
			return false
		}
	}
	return true
}

// CompactUpper writes a registration number or a VIN the way the portal
// stores and compares it: no spaces or hyphens, upper case.
func CompactUpper(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
}

// HasControl reports whether s contains control characters, which have no
// place in a name or an identifier and are the raw material of header
// injection, or bidirectional controls, which make text display as
// something it is not (runes.IsBidiControl). Line breaks and tabs are
// allowed in multi-line text. The marketing form uses the same rule.
func HasControl(s string, multiline bool) bool {
	for _, r := range s {
		if r == '\n' || r == '\t' {
			if multiline {
				continue
			}
			return true
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || runes.IsBidiControl(r) {
			return true
		}
	}
	return false
}

// FormatPhone writes a Norwegian or Danish E.164 number the way it is
// printed in those countries ("+47 95 49 60 00"), any other as it is.
func FormatPhone(e164 string) string {
	for _, cc := range []string{"+47", "+45"} {
		if rest, ok := strings.CutPrefix(e164, cc); ok && len(rest) == 8 {
			return cc + " " + rest[0:2] + " " + rest[2:4] + " " + rest[4:6] + " " + rest[6:8]
		}
	}
	return e164
}
