package valid

import (
	"strings"

	"privacyportal/app/emailaddr"
)

// ValidE164 reports whether s is a telephone number in E.164 form: a plus
// sign and 7 to 15 digits, the first not zero.
func E164(s string) bool {
	if len(s) < 8 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	return allDigits(s[1:])
}

// ValidOrgNumber reports whether number is a valid registration number in
// the country's register: the Norwegian organisasjonsnummer (nine digits,
// modulus 11 with weights 3 2 7 6 5 4 3 2) or the Danish CVR number (eight
// digits, modulus 11 with weights 2 7 6 5 4 3 2 1). The check digit catches
// almost every mistyped number.
func OrgNumber(country, number string) bool {
	switch country {
	case "NO":
		if len(number) != 9 || !allDigits(number) {
			return false
		}
		weights := []int{3, 2, 7, 6, 5, 4, 3, 2}
		sum := 0
		for i, w := range weights {
			sum += int(number[i]-'0') * w
		}
		check := 11 - sum%11
		if check == 11 {
			check = 0
		}
		return check != 10 && check == int(number[8]-'0')
	case "DK":
		if len(number) != 8 || !allDigits(number) || number[0] == '0' {
			return false
		}
		weights := []int{2, 7, 6, 5, 4, 3, 2, 1}
		sum := 0
		for i, w := range weights {
			sum += int(number[i]-'0') * w
		}
		return sum%11 == 0
	}
	return false
}

// ValidPostalCode reports whether code is a postal code of the country:
// four digits in both Norway and Denmark.
func PostalCode(country, code string) bool {
	switch country {
	case "NO", "DK":
		return len(code) == 4 && allDigits(code)
	}
	return code != ""
}

// ValidWebsite reports whether s is an https URL of a host, optionally with
// a path: the only kind of link the portal prints for a company or
// authority.
func Website(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		return false
	}
	host, path, _ := strings.Cut(rest, "/")
	if !emailaddr.ValidDomain(host) {
		return false
	}
	for i := 0; i < len(path); i++ {
		if path[i] <= ' ' || path[i] == '"' || path[i] == '<' || path[i] == '>' || path[i] >= 0x7f {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ValidOrigin reports whether s is an https origin, with no path, for a
// Content-Security-Policy: "https://host.example" or, for every subdomain,
// "https://*.example.com".
func Origin(s string) bool {
	host, ok := strings.CutPrefix(s, "https://")
	if !ok {
		return false
	}
	host = strings.TrimPrefix(host, "*.")
	return emailaddr.ValidDomain(host)
}

// PortalPath reports whether s is a path on the portal itself, safe to send
// a browser to (a redirect's Location, a link on a page) or to keep as the
// page a choice was made on. It must begin with one "/" and hold only the
// characters of a URL's path and query (RFC 3986), with every "%" starting
// an escape: no scheme, no host, no "//" or "/\" that a browser would read
// as another host, no backslash, no control character (browsers drop tabs
// and line breaks from a URL before they read it, so "/\t/evil.example"
// would become "//evil.example"), no escape of one (unsafeEscape), nothing
// beyond ASCII.
func PortalPath(s string) bool {
	if len(s) == 0 || len(s) > 200 || s[0] != '/' {
		return false
	}
	if len(s) > 1 && (s[1] == '/' || s[1] == '\\') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isAlnum(c), strings.IndexByte("-._~/?=&+:@!$'()*,;", c) >= 0:
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) && !unsafeEscape(s[i+1:i+3]):
		default:
			return false
		}
	}
	return true
}

// unsafeEscape reports whether a percent-escape stands for a control
// character or a backslash: harmless in a Location a browser reads, but a
// path that anything decodes again must not become one.
func unsafeEscape(hex string) bool {
	h := strings.ToLower(hex)
	return h[0] == '0' || h[0] == '1' || h == "7f" || h == "5c"
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
