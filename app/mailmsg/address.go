package mailmsg

import (
	"fmt"
	"mime"
	"strings"

	"privacyportal/app/emailaddr"
)

// checkAddress validates a mailbox for the header field.
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

// addrToken is a lexical element of an address header: a word (atom or
// quoted-string) or one of the specials that give it structure.
type addrToken struct {
	special byte   // '<', '>', ',', ';', ':', '@'; 0 for a word
	text    string // the word, unquoted
	quoted  bool
}

// parseAddressList reads a raw (not RFC 2047 decoded) address header
// leniently: mailboxes with or without display names, quoted names,
// encoded-word names, comments and groups. It decodes names itself, because
// a decoded name may contain commas or angle brackets that would make the
// already-decoded header ambiguous.
func parseAddressList(s string, dec *mime.WordDecoder) []Address {
	toks := tokenizeAddress(s)
	var out []Address
	var cur []addrToken
	inAngle := false
	flush := func() {
		if a, ok := mailbox(cur, dec); ok {
			out = append(out, a)
		}
		cur = cur[:0]
	}
	for _, t := range toks {
		switch {
		case t.special == '<':
			inAngle = true
		case t.special == '>':
			inAngle = false
		case inAngle:
		case t.special == ',' || t.special == ';':
			flush()
			continue
		case t.special == ':':
			// The end of a group's display name: drop it.
			cur = cur[:0]
			continue
		}
		cur = append(cur, t)
	}
	flush()
	return out
}

// mailbox turns the tokens of one mailbox into an Address.
func mailbox(toks []addrToken, dec *mime.WordDecoder) (Address, bool) {
	open := -1
	for i, t := range toks {
		if t.special == '<' {
			open = i
			break
		}
	}
	if open < 0 {
		email := joinAddr(toks)
		return Address{Email: email}, email != ""
	}
	end := len(toks)
	for i := open + 1; i < len(toks); i++ {
		if toks[i].special == '>' {
			end = i
			break
		}
	}
	inner := toks[open+1 : end]
	// Drop an obsolete source route (<@a,@b:user@host>).
	for i, t := range inner {
		if t.special == ':' {
			inner = inner[i+1:]
			break
		}
	}
	email := joinAddr(inner)
	if email == "" {
		return Address{}, false
	}
	return Address{Name: phraseText(toks[:open], dec), Email: email}, true
}

// joinAddr rebuilds an addr-spec from its tokens.
func joinAddr(toks []addrToken) string {
	var b strings.Builder
	for _, t := range toks {
		switch {
		case t.special == '@':
			b.WriteByte('@')
		case t.special != 0:
		case t.quoted:
			b.WriteString(quote(t.text))
		default:
			b.WriteString(t.text)
		}
	}
	return b.String()
}

// phraseText decodes a display name: words joined by single spaces,
// adjacent encoded-words joined without one (RFC 2047 section 6.2).
func phraseText(toks []addrToken, dec *mime.WordDecoder) string {
	var b strings.Builder
	prevEncoded := false
	for _, t := range toks {
		if t.special != 0 {
			// A stray special in a name (obs-phrase allows '.'): keep it.
			t.text = string(t.special)
		}
		text, encoded := t.text, false
		if t.quoted {
			if strings.Contains(text, "=?") {
				// Not allowed by RFC 2047, but common.
				text = decodeHeader(dec, text)
			}
		} else if d, err := dec.Decode(text); err == nil && t.special == 0 {
			text, encoded = toValidUTF8(d), true
		}
		if b.Len() > 0 && !(encoded && prevEncoded) {
			b.WriteByte(' ')
		}
		b.WriteString(text)
		prevEncoded = encoded
	}
	return b.String()
}

// tokenizeAddress splits an address header into words and specials,
// skipping white space and comments.
func tokenizeAddress(s string) []addrToken {
	var toks []addrToken
	var ew encodedWordFinder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c == '(':
			depth := 0
			for ; i < len(s); i++ {
				if s[i] == '\\' {
					i++
				} else if s[i] == '(' {
					depth++
				} else if s[i] == ')' {
					depth--
					if depth == 0 {
						i++
						break
					}
				}
			}
		case c == '"':
			var b strings.Builder
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
			}
			i++ // the closing quote, if any
			toks = append(toks, addrToken{text: b.String(), quoted: true})
		case strings.IndexByte("<>,;:@", c) >= 0:
			toks = append(toks, addrToken{special: c})
			i++
		case c == ')':
			i++
		default:
			// An encoded-word may contain specials when written by a
			// careless client; take it whole.
			j := ew.end(s, i)
			for j < len(s) && strings.IndexByte(" \t\r\n()\"<>,;:@", s[j]) < 0 {
				j++
			}
			toks = append(toks, addrToken{text: s[i:j]})
			i = j
		}
	}
	return toks
}

// encodedWordFinder finds the end of encoded-words in one string whose
// positions only grow, remembering the next "?=" and the next white space
// so that a hostile header full of unterminated "=?" is still read in
// linear time.
type encodedWordFinder struct {
	close, space int // next "?=" and white space at or after the last search; -1 before the first
	searched     bool
}

// end returns the end of the encoded-word starting at s[i:], or i if there
// is none: "=?charset?e?text?=" with no white space inside.
func (f *encodedWordFinder) end(s string, i int) int {
	if !strings.HasPrefix(s[i:], "=?") {
		return i
	}
	q1 := strings.IndexByte(s[i+2:], '?')
	if q1 < 0 {
		return i
	}
	text := i + 2 + q1 + 3 // after "=?charset?e?"
	if text > len(s) || s[text-1] != '?' {
		return i
	}
	if !f.searched || f.close < text {
		f.close = next(s, text, func(r string) int { return strings.Index(r, "?=") })
	}
	if !f.searched || f.space < i {
		f.space = next(s, i, func(r string) int { return strings.IndexAny(r, " \t\r\n") })
	}
	f.searched = true
	if f.close >= len(s) || f.space < f.close {
		return i
	}
	return f.close + 2
}

// next returns the absolute position of the first match of find in s[from:],
// or len(s) if there is none.
func next(s string, from int, find func(string) int) int {
	if k := find(s[from:]); k >= 0 {
		return from + k
	}
	return len(s)
}
