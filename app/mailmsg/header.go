package mailmsg

import (
	"encoding/base64"
	"fmt"
	"net/textproto"
	"strings"
	"unicode/utf8"

	"privacyportal/app/emailaddr"
	"privacyportal/app/runes"
)

// The values of the header fields Bytes writes. go-message folds a field
// at the spaces in its value, before the line passes maxLine characters;
// a word it cannot fit puts the rest of the field on one long line. So
// every value here is made of words short enough for their line, and text
// that has none (or that a reader would not give back as it is) is
// written as encoded-words, which can be as short as needed.

// maxLine is the line length go-message folds at, and the limit RFC 2047
// sets for a line that holds encoded-words.
const maxLine = 76

// wordLimit is the longest word in the value of the field key: the first
// word shares its line with "key: ", and each later one has a line to
// itself after the space it is folded at. It is never less than an
// encoded-word holding one 4-byte character.
func wordLimit(key string) int {
	return max(maxLine-len(key)-len(": "), len("=?utf-8?b?8J+YgA==?="))
}

// addressList writes mailboxes for the field key. A display name that
// looks like an address is left out (see LooksLikeAddress).
func addressList(key string, list []Address) string {
	limit := wordLimit(key)
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Email
		if a.Name != "" && !LooksLikeAddress(a.Name) {
			out[i] = phrase(a.Name, limit) + " <" + a.Email + ">"
		}
	}
	return strings.Join(out, ", ")
}

// LooksLikeAddress reports whether a display name holds an at sign (or a
// character a reader takes for one): a name such as
// "ceo@werksta.com" before someone else's address is how a message passes
// for another sender's. Such a name is not written; the mailbox goes out
// bare, showing only its real address.
func LooksLikeAddress(name string) bool {
	return strings.ContainsAny(name, "@\uFF20\uFE6B")
}

// phrase writes a display name: as atoms when it is made of them, as a
// quoted-string when it is other printable ASCII, otherwise as
// encoded-words. All three read back as the same name; a quoted-string
// keeps its spaces however it is folded.
func phrase(name string, limit int) string {
	switch {
	case plain(name, limit, isAtextByte):
		return name
	case only(name, isPrintable) && !strings.Contains(name, "=?") && foldable(quote(name), limit):
		return quote(name)
	}
	return encodeWords(name, limit)
}

// unstructured writes free text such as the Subject: as it is when it is
// plain ASCII, otherwise as encoded-words.
func unstructured(key, s string) string {
	if s == "" || plain(s, wordLimit(key), isPrintable) {
		return s
	}
	return encodeWords(s, wordLimit(key))
}

// extraValue writes the value of a caller's header. ASCII values may be
// structured (a URL in angle brackets, a list), so they are written as they
// are, never encoded; others are unstructured text.
func extraValue(h Header) string {
	if only(h.Value, func(c byte) bool { return c < utf8.RuneSelf }) {
		// Spaces around the value would be dropped by any reader anyway.
		return strings.Trim(h.Value, " ")
	}
	return unstructured(h.Name, h.Value)
}

// plain reports whether s can be written as it is: words of allowed
// characters and at most limit long, separated by single spaces (which
// readers keep when they unfold), and nothing a reader could take for an
// encoded-word.
func plain(s string, limit int, allowed func(byte) bool) bool {
	return s != "" && only(s, func(c byte) bool { return c == ' ' || allowed(c) }) &&
		!strings.Contains(" "+s+" ", "  ") && !strings.Contains(s, "=?") && foldable(s, limit)
}

// foldable reports whether every space-separated word of s is at most
// limit long.
func foldable(s string, limit int) bool {
	for _, w := range strings.Split(s, " ") {
		if len(w) > limit {
			return false
		}
	}
	return true
}

// encodeWords writes s as RFC 2047 encoded-words in UTF-8 and base64, each
// at most limit characters long and made of whole characters, separated by
// spaces: go-message folds the field at those spaces, and a reader joins
// adjacent encoded-words without them, so every space of s is kept.
// go-message's own encoder (mime.QEncoding) makes its first word too long
// for the line after a field's name, and leaves ASCII as it is even when
// it holds "=?" or spaces a reader drops.
func encodeWords(s string, limit int) string {
	const frame = len("=?utf-8?b??=")
	maxBytes := (limit - frame) / 4 * 3 // base64 has 4 characters for 3 bytes
	var words []string
	for s != "" {
		n := 0
		for n < len(s) {
			_, size := utf8.DecodeRuneInString(s[n:])
			if n > 0 && n+size > maxBytes {
				break
			}
			n += size
		}
		// A word ends after a space where it can: readers that wrongly
		// keep the white space between encoded-words then show a
		// double space rather than a split word.
		if i := strings.LastIndexByte(s[:n], ' '); n < len(s) && i > 0 {
			n = i + 1
		}
		words = append(words, "=?utf-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(words, " ")
}

// quote returns s as an RFC 5322 quoted-string.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// checkAddress validates a mailbox for the header field with the portal's
// one rule for addresses.
func checkAddress(field string, a Address) error {
	if hasControl(a.Email) || hasControl(a.Name) {
		return fmt.Errorf("mailmsg: %s: %w", field, ErrHeaderInjection)
	}
	if a.Email == "" {
		return fmt.Errorf("mailmsg: %s: %w", field, ErrMissingField)
	}
	if !emailaddr.Valid(a.Email) {
		// Not the address itself: errors reach the log, which holds no
		// personal data.
		return fmt.Errorf("mailmsg: %s: %w", field, ErrInvalidAddress)
	}
	return checkText(field+" name", a.Name)
}

// hasControl reports whether s contains a character that could end or split
// a header line, or hide in one: C0 and C1 controls (CR, LF, NUL, TAB, NEL
// included), DEL, the Unicode line and paragraph separators, and the
// bidirectional controls.
func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || 0x80 <= r && r <= 0x9f || r == '\u2028' || r == '\u2029' || runes.IsBidiControl(r) {
			return true
		}
	}
	return false
}

// only reports whether every byte of s is allowed.
func only(s string, allowed func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !allowed(s[i]) {
			return false
		}
	}
	return true
}

// isPrintable reports whether c is printable ASCII or a space.
func isPrintable(c byte) bool { return ' ' <= c && c <= '~' }

// isAtextByte reports whether c is RFC 5322 atext.
func isAtextByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// isDotAtom reports whether s is RFC 5322 dot-atom-text: atext separated by
// single dots.
func isDotAtom(s string) bool {
	for _, atom := range strings.Split(s, ".") {
		if atom == "" || !only(atom, isAtextByte) {
			return false
		}
	}
	return true
}

// isToken reports whether s is an RFC 7230 token.
func isToken(s string) bool {
	return s != "" && only(s, func(c byte) bool {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
	})
}

// isMediaType reports whether s is a bare type/subtype of tokens, each at
// most 127 characters long (RFC 6838), so go-message never has to split it.
func isMediaType(s string) bool {
	t, sub, ok := strings.Cut(s, "/")
	return ok && isToken(t) && isToken(sub) && len(t) <= 127 && len(sub) <= 127
}

// CanonicalHeaderKey returns the canonical form of a header name, the keys
// of Parsed.Header: the first letter and each letter after a hyphen upper
// case, the rest lower case ("message-id" becomes "Message-Id"), as
// net/textproto (and so go-message) does. Names that are not tokens are
// returned unchanged.
func CanonicalHeaderKey(s string) string {
	return textproto.CanonicalMIMEHeaderKey(s)
}
