package privacy

import (
	"strings"
)

// ValidEmail reports whether s is an e-mail address the portal accepts: an
// ASCII local part and a domain with at least one dot, no spaces, no
// control characters, no display name. The rules are deliberately stricter
// than RFC 5322 (no quoted local parts, no IP literals) because the address
// ends up in mail headers, where anything unusual is a risk and a typo is
// likelier than a genuine exotic address.
func ValidEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at > 64 || strings.IndexByte(s, '@') != at {
		return false
	}
	local, domain := s[:at], s[at+1:]
	for i := 0; i < len(local); i++ {
		c := local[i]
		switch {
		case isAlnum(c), strings.IndexByte("!#$%&'*+/=?^_`{|}~-", c) >= 0:
		case c == '.' && i > 0 && i < len(local)-1 && local[i-1] != '.':
		default:
			return false
		}
	}
	return ValidDomain(domain)
}

// ValidDomain reports whether s is a fully qualified DNS name with at least
// two labels, each of letters, digits and inner hyphens. Internationalised
// domains must be given in their ASCII (xn--) form.
func ValidDomain(s string) bool {
	if len(s) < 3 || len(s) > 253 {
		return false
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if !isAlnum(l[i]) && l[i] != '-' {
				return false
			}
		}
	}
	// The top-level domain is never all digits; this rejects IP addresses.
	tld := labels[len(labels)-1]
	return strings.Trim(tld, "0123456789") != ""
}

// ValidE164 reports whether s is a telephone number in E.164 form: a plus
// sign and 7 to 15 digits, the first not zero.
func ValidE164(s string) bool {
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
func ValidOrgNumber(country, number string) bool {
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
func ValidPostalCode(country, code string) bool {
	switch country {
	case "NO", "DK":
		return len(code) == 4 && allDigits(code)
	}
	return code != ""
}

// ValidWebsite reports whether s is an https URL of a host, optionally with
// a path: the only kind of link the portal prints for a company or
// authority.
func ValidWebsite(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		return false
	}
	host, path, _ := strings.Cut(rest, "/")
	if !ValidDomain(host) {
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
func ValidOrigin(s string) bool {
	host, ok := strings.CutPrefix(s, "https://")
	if !ok {
		return false
	}
	host = strings.TrimPrefix(host, "*.")
	return ValidDomain(host)
}
