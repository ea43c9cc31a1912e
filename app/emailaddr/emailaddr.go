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

// Normalize is the one spelling of an address by which the portal knows a
// person: trimmed of surrounding white space, and in lower case throughout.
// "Kari.N@Example.NO " and "kari.n@example.no" are one mailbox, so they are
// one person at a company: the same consents, the same withdrawal, the same
// objection, one row in the marketers' export.
//
// The domain is case-insensitive by DNS. The local part is the receiving
// host's to interpret: RFC 5321 section 2.4 has SMTP keep its case, since
// some host may tell "smith" from "Smith", but adds that "exploiting the
// case sensitivity of mailbox local-parts impedes interoperability and is
// discouraged", and in practice no mailbox provider tells Kari from kari.
// The portal stores and mails the lower-case spelling, accepting that
// such a host would not get the mail (the confirmation would not arrive,
// so nothing would count). Matching case-sensitively had the opposite,
// worse cost: an objection sent with one spelling did not reach the
// consent given with another.
//
// Only ASCII letters are folded, so that no other character becomes one
// (strings.ToLower turns the Kelvin sign into "k"): an address Valid
// refuses stays one it refuses. It is the address, not a guess at its
// mailbox: "+tags" and dots stay, since at many providers they name
// another mailbox (see Mailbox for what a limit counts together).
func Normalize(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return asciiLower(s)
		}
	}
	return s
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// Mailbox is the inbox an address most likely reaches, for counting the
// mail the portal sends it (functions/limit): Normalize, less a "+tag" in
// the local part (RFC 5233's subaddress, which Gmail, Outlook.com, iCloud
// and Fastmail deliver to the address without it), and for Gmail without
// the dots, which Gmail ignores ("Dots don't matter in Gmail addresses",
// https://support.google.com/mail/answer/7436150), googlemail.com being
// gmail.com. So victim+1@, victim+2@ and v.i.c.t.i.m@gmail.com share one
// allowance and cannot each flood the same inbox with a fresh one.
//
// It over-counts rather than under-counts: where "+" is part of a
// distinct mailbox's name, two people share one allowance, which only
// slows their confirmations. It is never used to match a person (that is
// Normalize): merging kari+shop@ into kari@ would let one mailbox's
// choices stand for another's.
func Mailbox(s string) string {
	s = Normalize(s)
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return s
	}
	local, domain := s[:at], s[at+1:]
	if plus := strings.IndexByte(local, '+'); plus > 0 {
		local = local[:plus]
	}
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	if domain == "gmail.com" {
		local = strings.ReplaceAll(local, ".", "")
	}
	return local + "@" + domain
}
