package mailmsg

import (
	"bytes"
	"encoding/base64"
	"privacyportal/app/runes"
	"strings"
	"unicode/utf8"
)

// maxLine is the line length RFC 5322 asks headers to stay within.
const maxLine = 78

// maxPlainWord is the longest word written as is in a Subject or display
// name: it still fits on the first line after "Reply-To: ". Longer words are
// sent as encoded-words, which can be split.
const maxPlainWord = 66

// maxEncodedWord is the longest encoded-word RFC 2047 allows.
const maxEncodedWord = 75

// headerWriter writes one header field at a time, folding with CRLF and a
// space wherever the next word would pass maxLine. Every word is preceded by
// exactly one space (or CRLF and a space), so unfolding gives back the
// original spacing.
type headerWriter struct {
	buf   *bytes.Buffer
	line  int  // length of the current line so far
	fresh bool // nothing has been written after "Name:" or a fold yet
}

func (w *headerWriter) start(name string) {
	w.buf.WriteString(name)
	w.buf.WriteByte(':')
	w.line = len(name) + 1
	w.fresh = true
}

func (w *headerWriter) end() {
	w.buf.WriteString("\r\n")
}

// fold starts a continuation line.
func (w *headerWriter) fold() {
	w.buf.WriteString("\r\n")
	w.line = 0
	w.fresh = true
}

// token writes a space and t, folding first if t would not fit on the line.
func (w *headerWriter) token(t string) {
	if !w.fresh && w.line+1+len(t) > maxLine {
		w.fold()
	}
	w.buf.WriteByte(' ')
	w.buf.WriteString(t)
	w.line += 1 + len(t)
	w.fresh = false
}

// unstructured writes free text such as the Subject: as is when it is plain
// ASCII that survives folding and unfolding unchanged, otherwise as UTF-8
// encoded-words.
func (w *headerWriter) unstructured(s string) {
	if isPlainText(s, isPrintableASCII) {
		for _, word := range strings.Split(s, " ") {
			if word != "" { // s == ""
				w.token(word)
			}
		}
		return
	}
	w.encodedWords(s)
}

// extra writes the value of a caller-supplied header. ASCII values may be
// structured (a URL in angle brackets, a list), so they are only folded at
// spaces, never encoded; others are treated as unstructured text.
func (w *headerWriter) extra(s string) {
	if !isASCII(s) {
		w.encodedWords(s)
		return
	}
	// Spaces around the value would be dropped by any reader anyway.
	s = strings.Trim(s, " ")
	if s == "" {
		return
	}
	for _, word := range strings.Split(s, " ") {
		w.token(word)
	}
}

// address writes a mailbox, with a trailing comma when more follow.
func (w *headerWriter) address(a Address, comma bool) {
	sep := ""
	if comma {
		sep = ","
	}
	if a.Name == "" || LooksLikeAddress(a.Name) {
		w.token(a.Email + sep)
		return
	}
	w.phrase(a.Name)
	w.token("<" + a.Email + ">" + sep)
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
// quoted-string when it is short ASCII with specials, otherwise as
// encoded-words. All three read back as the same name.
func (w *headerWriter) phrase(name string) {
	switch {
	case isPlainText(name, isAtext):
		for _, word := range strings.Split(name, " ") {
			w.token(word)
		}
	case isPrintableASCII(name) && !strings.Contains(name, "=?") && len(quote(name)) <= maxPlainWord+2:
		w.token(quote(name))
	default:
		w.encodedWords(name)
	}
}

// quote returns s as an RFC 5322 quoted-string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// isPlainText reports whether s can be written as bare words: non-empty
// words of allowed characters separated by single spaces, nothing that a
// decoder could mistake for an encoded-word, and no word too long to fold.
func isPlainText(s string, allowed func(string) bool) bool {
	if s == "" {
		return true
	}
	if strings.Contains(s, "=?") {
		return false
	}
	for _, word := range strings.Split(s, " ") {
		if word == "" || len(word) > maxPlainWord || !allowed(word) {
			return false
		}
	}
	return true
}

// encodedWords writes s as RFC 2047 encoded-words in UTF-8, choosing Q
// (readable when mostly ASCII) or B (shorter otherwise), each word at most
// 75 characters, whole characters only, and never split across lines.
func (w *headerWriter) encodedWords(s string) {
	useQ := qLen(s) <= 4*((len(s)+2)/3)
	const overhead = len("=?utf-8?q??=")
	const minWord = overhead + 12 // one 4-byte character, Q-encoded
	for s != "" {
		avail := maxLine - w.line - 1
		if avail < minWord {
			w.fold()
			avail = maxLine - 1
		}
		avail = min(avail, maxEncodedWord) - overhead
		// Take as many whole characters as fit.
		n, size := 0, 0
		for n < len(s) {
			_, rl := utf8.DecodeRuneInString(s[n:])
			var next int
			if useQ {
				next = size + qLen(s[n:n+rl])
			} else {
				next = 4 * ((n + rl + 2) / 3)
			}
			if next > avail {
				break
			}
			n, size = n+rl, next
		}
		if useQ {
			w.token("=?utf-8?q?" + qEncode(s[:n]) + "?=")
		} else {
			w.token("=?utf-8?b?" + base64.StdEncoding.EncodeToString([]byte(s[:n])) + "?=")
		}
		s = s[n:]
	}
}

// qLiteral reports whether c may stand for itself in a Q-encoded word in
// any context, including a display name (RFC 2047 section 5, rule 3).
func qLiteral(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '!' || c == '*' || c == '+' || c == '-' || c == '/'
}

func qLen(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if qLiteral(s[i]) || s[i] == ' ' {
			n++
		} else {
			n += 3
		}
	}
	return n
}

func qEncode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			b.WriteByte('_')
		case qLiteral(c):
			b.WriteByte(c)
		default:
			b.WriteByte('=')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

// hasControl reports whether s contains a character that could end or split
// a header line, or hide in one: C0 and C1 controls (CR, LF, NUL, TAB, NEL
// included), DEL, and the Unicode line and paragraph separators.
func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || 0x80 <= r && r <= 0x9f || r == '\u2028' || r == '\u2029' || runes.IsBidiControl(r) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isPrintableASCII reports whether s is made of printable ASCII and spaces.
func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// isAtextByte reports whether c is RFC 5322 atext.
func isAtextByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

func isAtext(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAtextByte(s[i]) {
			return false
		}
	}
	return true
}

// isDotAtom reports whether s is RFC 5322 dot-atom-text: atext separated by
// single dots.
func isDotAtom(s string) bool {
	for _, atom := range strings.Split(s, ".") {
		if !isAtext(atom) {
			return false
		}
	}
	return true
}

// isTokenByte reports whether c is an RFC 7230 tchar.
func isTokenByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTokenByte(s[i]) {
			return false
		}
	}
	return true
}

// CanonicalHeaderKey returns the canonical form of a header name, the keys
// of Parsed.Header: the first letter and each letter after a hyphen upper
// case, the rest lower case ("message-id" becomes "Message-Id"), as
// net/textproto does. Names that are not tokens are returned unchanged.
func CanonicalHeaderKey(s string) string {
	if !isToken(s) {
		return s
	}
	b := []byte(s)
	upper := true
	for i, c := range b {
		if upper && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		} else if !upper && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
		upper = c == '-'
	}
	return string(b)
}
