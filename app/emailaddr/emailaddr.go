// Package emailaddr is the portal's one rule for an e-mail address: the
// request and marketing forms (in the browser and the Worker), the
// controllers' files and the mail composer all accept exactly the addresses
// Valid accepts, so an address the form takes is an address the portal can
// write into a mail header.
package emailaddr

import "strings"

// MaxLen is the longest address, in bytes (RFC 5321's path limit less the
// angle brackets).
const MaxLen = 254

// Valid reports whether s is an address the portal accepts: a local part of
// ASCII atext separated by single dots, at most 64 bytes, "@", and a domain
// of at least two labels of letters, digits and inner hyphens whose last
// label is not all digits. No quoted local parts, comments, IP literals or
// spaces, and no "=?" anywhere: a decoder that looks for RFC 2047
// encoded-words everywhere could show a different address. It is
// deliberately stricter than RFC 5322: the address ends up in mail headers,
// where anything that could be read two ways is a risk, and a typo is
// likelier than a genuine exotic address. Internationalised domains must be
// given in their ASCII (xn--) form.
func Valid(s string) bool {
	if len(s) > MaxLen || strings.Contains(s, "=?") {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || len(local) > 64 || !dotAtom(local) {
		return false
	}
	return ValidDomain(domain)
}

// ValidDomain reports whether s is a fully qualified DNS name of at least
// two labels, each of letters, digits and inner hyphens, whose last label
// is not all digits (which rejects IP addresses).
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
			if !alnum(l[i]) && l[i] != '-' {
				return false
			}
		}
	}
	return strings.Trim(labels[len(labels)-1], "0123456789") != ""
}

// dotAtom reports whether s is RFC 5322 dot-atom-text: atext separated by
// single dots.
func dotAtom(s string) bool {
	for _, atom := range strings.Split(s, ".") {
		if atom == "" {
			return false
		}
		for i := 0; i < len(atom); i++ {
			if c := atom[i]; !alnum(c) && strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) < 0 {
				return false
			}
		}
	}
	return true
}

func alnum(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' }
