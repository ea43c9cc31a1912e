package api

import (
	"encoding/json"
	"unicode/utf8"
)

// strictJSON reports whether b is one JSON value, nested at most maxDepth
// deep, whose object keys are plain (lower-case ASCII letters, digits and
// underscores: plainKey) and never given twice in one object, with only
// white space after it. It reads b once, without allocating for the
// common case; json.Decoder's tokens did the same at several times the
// cost, which in WebAssembly was a tenth of the Worker's time for a form
// with errors. TestStrictJSONAgreesWithTheDecoder holds it to the
// decoder's verdicts.
func strictJSON(b []byte) bool {
	s := scanner{b: b}
	s.space()
	if !s.value(0) {
		return false
	}
	s.space()
	return s.i == len(s.b)
}

type scanner struct {
	b []byte
	i int
}

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) value(depth int) bool {
	if depth > maxDepth || s.i >= len(s.b) {
		return false
	}
	switch c := s.b[s.i]; {
	case c == '{':
		return s.object(depth)
	case c == '[':
		return s.array(depth)
	case c == '"':
		_, _, ok := s.str()
		return ok
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		return s.number()
	}
	return false
}

func (s *scanner) literal(word string) bool {
	if len(s.b)-s.i < len(word) || string(s.b[s.i:s.i+len(word)]) != word {
		return false
	}
	s.i += len(word)
	return true
}

func (s *scanner) object(depth int) bool {
	s.i++ // {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
		return true
	}
	// Small objects are the rule: a slice, not a map, of the keys seen.
	var seen [16]string
	keys := seen[:0]
	for {
		if s.i >= len(s.b) || s.b[s.i] != '"' {
			return false
		}
		raw, escaped, ok := s.str()
		if !ok {
			return false
		}
		key := string(raw)
		if escaped {
			// A key written with escapes is read as the decoder reads
			// it, so "\u0061" is the key "a".
			if json.Unmarshal(s.b[s.i-len(raw)-2:s.i], &key) != nil {
				return false
			}
		}
		if !plainKey(key) {
			return false
		}
		for _, k := range keys {
			if k == key {
				return false
			}
		}
		keys = append(keys, key)
		s.space()
		if s.i >= len(s.b) || s.b[s.i] != ':' {
			return false
		}
		s.i++
		s.space()
		if !s.value(depth + 1) {
			return false
		}
		if closed, ok := s.next('}'); closed || !ok {
			return ok
		}
	}
}

// next reads what follows a member of an object or an array: a comma
// (more follow: closed false), or the closing bracket (closed true);
// anything else is not JSON (ok false).
func (s *scanner) next(closing byte) (closed, ok bool) {
	s.space()
	if s.i >= len(s.b) {
		return false, false
	}
	switch s.b[s.i] {
	case ',':
		s.i++
		s.space()
		return false, true
	case closing:
		s.i++
		return true, true
	}
	return false, false
}

func (s *scanner) array(depth int) bool {
	s.i++ // [
	s.space()
	if s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
		return true
	}
	for {
		if !s.value(depth + 1) {
			return false
		}
		if closed, ok := s.next(']'); closed || !ok {
			return ok
		}
	}
}

// str reads a string and returns its raw content (between the quotes)
// and whether it has escapes.
func (s *scanner) str() (raw []byte, escaped, ok bool) {
	s.i++ // "
	start := s.i
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			raw = s.b[start:s.i]
			s.i++
			return raw, escaped, true
		case c == '\\':
			escaped = true
			if s.i+1 >= len(s.b) {
				return nil, false, false
			}
			switch s.b[s.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i += 2
			case 'u':
				if s.i+6 > len(s.b) {
					return nil, false, false
				}
				for _, h := range s.b[s.i+2 : s.i+6] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return nil, false, false
					}
				}
				s.i += 6
			default:
				return nil, false, false
			}
		case c < 0x20:
			return nil, false, false
		case c < utf8.RuneSelf:
			s.i++
		default:
			// The body was checked to be UTF-8 before.
			_, n := utf8.DecodeRune(s.b[s.i:])
			s.i += n
		}
	}
	return nil, false, false
}

func (s *scanner) number() bool {
	start := s.i
	if s.b[s.i] == '-' {
		s.i++
	}
	digits := func() int {
		n := 0
		for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
			s.i++
			n++
		}
		return n
	}
	if s.i >= len(s.b) {
		return false
	}
	if s.b[s.i] == '0' {
		s.i++
	} else if digits() == 0 {
		return false
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if digits() == 0 {
			return false
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if digits() == 0 {
			return false
		}
	}
	return s.i > start
}

// appendJSONString appends s as a JSON string exactly as encoding/json
// writes it (HTML characters, U+2028 and U+2029 escaped, invalid UTF-8 as
// U+FFFD): the error answers are written by hand, without reflection, and
// must read the same.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
