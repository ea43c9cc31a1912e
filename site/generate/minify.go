package main

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// minifyJS makes a script smaller without changing what it does: it drops
// comments and the white space between tokens, and keeps every token's text
// exactly as written. Strings, template literals (with their ${…}
// expressions) and regular expression literals are read as whole tokens, so
// nothing inside them changes. Two tokens stay apart by one space where
// joining them would read as one (a word and a word, + and +), and by a
// line break where one ended a line before and the line break may end a
// statement (automatic semicolon insertion: return, then a value on the
// next line, is two statements). It is meant for the portal's own,
// hand-written page script (site/assets/consent.js), not for any script
// whatever: it knows no JSX, no HTML comments, no hashbang.
func minifyJS(src string) (string, error) {
	toks, err := tokenizeJS(src)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(src) / 2)
	for i, t := range toks {
		if i > 0 && t.space {
			b.WriteString(separator(toks[i-1], t))
		}
		b.WriteString(t.text)
	}
	return b.String(), nil
}

type tokKind int

const (
	tokWord     tokKind = iota // identifier or keyword
	tokNumber                  // numeric literal
	tokString                  // '…' or "…"
	tokTemplate                // `…`, `…${, }…${ or }…`
	tokRegexp                  // /…/flags
	tokPunct                   // operator or punctuator
)

type token struct {
	kind tokKind
	text string
	// space: white space or a comment came before it; newline: a line
	// break did (a multi-line comment counts as one).
	space, newline bool
}

// separator is what must stay between two tokens that white space
// separated in the source.
func separator(prev, next token) string {
	if next.newline && endsStatement(prev) && startsStatement(next) {
		return "\n"
	}
	a := prev.text[len(prev.text)-1]
	c := next.text[0]
	switch {
	case isWordByte(a) && isWordByte(c):
		return " " // return x, var i, 1 in
	case prev.kind == tokNumber && c == '.':
		return " " // 1 .toString()
	case prev.kind == tokRegexp && isWordByte(c):
		return " " // /a/ in b: no flags "in"
	case a == c && (a == '+' || a == '-'):
		return " " // a - -b, x + ++y
	case a == '/' && (c == '/' || c == '*'):
		return " " // a / /re/: not a comment
	case a == '<' && c == '!', a == '-' && c == '>':
		return " " // nothing like an HTML comment (<!--, -->)
	case a == '?' && c == '.':
		return " " // a ? .5 : b
	}
	return ""
}

// endsStatement: a statement may end after this token, so a line break
// after it may be one automatic semicolon insertion reads as an end.
func endsStatement(t token) bool {
	switch t.kind {
	case tokWord, tokNumber, tokString, tokRegexp:
		return true
	case tokTemplate:
		return strings.HasSuffix(t.text, "`")
	}
	switch t.text {
	case ")", "]", "}", "++", "--":
		return true
	}
	return false
}

// startsStatement: this token may begin a new statement.
func startsStatement(t token) bool {
	switch t.kind {
	case tokWord, tokNumber, tokString, tokRegexp:
		return true
	case tokTemplate:
		return strings.HasPrefix(t.text, "`")
	}
	switch t.text {
	case "(", "[", "{", "++", "--", "+", "-", "!", "~", "/", "#", "@":
		return true
	}
	return false
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c == '\\' || c >= 0x80 ||
		'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// punctuators, longest first, so that the longest match wins.
var punctuators = []string{
	">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
	"=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=",
	"&=", "|=", "^=", "**", "<<", ">>",
}

// regexpAfter are the words after which a slash starts a regular
// expression rather than a division.
var regexpAfter = map[string]bool{
	"return": true, "typeof": true, "instanceof": true, "in": true, "of": true, "new": true,
	"delete": true, "void": true, "throw": true, "case": true, "do": true, "else": true,
	"yield": true, "await": true,
}

// slashIsRegexp decides, from the token before it, whether a slash begins
// a regular expression literal (after an operator, a keyword that takes an
// expression, or at the start) or is a division (after a value).
func slashIsRegexp(prev *token) bool {
	if prev == nil {
		return true
	}
	switch prev.kind {
	case tokWord:
		return regexpAfter[prev.text]
	case tokNumber, tokString, tokRegexp:
		return false
	case tokTemplate:
		return !strings.HasSuffix(prev.text, "`") // after ${, an expression begins
	}
	switch prev.text {
	case ")", "]", "}":
		return false
	}
	return true
}

func tokenizeJS(src string) ([]token, error) {
	var toks []token
	// braces counts, for each template literal whose ${…} is open, the
	// braces opened inside it since; a } at zero resumes the template.
	var braces []int
	space, newline := false, false
	line := func(i int) int { return strings.Count(src[:i], "\n") + 1 }
	add := func(kind tokKind, text string) {
		toks = append(toks, token{kind: kind, text: text, space: space, newline: newline})
		space, newline = false, false
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\f' || c == '\v':
			space = true
			i++
			continue
		case c == '\n' || c == '\r':
			space, newline = true, true
			i++
			continue
		case strings.HasPrefix(src[i:], "\u00a0"), strings.HasPrefix(src[i:], "\ufeff"):
			space = true
			_, n := utf8.DecodeRuneInString(src[i:])
			i += n
			continue
		case strings.HasPrefix(src[i:], "\u2028") || strings.HasPrefix(src[i:], "\u2029"):
			space, newline = true, true
			i += 3
			continue
		case strings.HasPrefix(src[i:], "//"):
			end := strings.IndexAny(src[i:], "\n\r")
			if end < 0 {
				end = len(src) - i
			}
			space = true
			i += end
			continue
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, fmt.Errorf("line %d: comment not closed", line(i))
			}
			body := src[i+2 : i+2+end]
			space = true
			if strings.ContainsAny(body, "\n\r") || strings.Contains(body, "\u2028") || strings.Contains(body, "\u2029") {
				newline = true
			}
			i += 2 + end + 2
			continue
		case c == '\'' || c == '"':
			j, err := skipString(src, i)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", line(i), err)
			}
			add(tokString, src[i:j])
			i = j
		case c == '`' || c == '}' && len(braces) > 0 && braces[len(braces)-1] == 0:
			// A template literal, or the rest of one after a ${...}
			// substitution ends.
			if c == '}' {
				braces = braces[:len(braces)-1]
			}
			j, open, err := skipTemplate(src, i+1)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", line(i), err)
			}
			add(tokTemplate, src[i:j])
			if open {
				braces = append(braces, 0)
			}
			i = j
		case c == '/':
			var prev *token
			if len(toks) > 0 {
				prev = &toks[len(toks)-1]
			}
			if slashIsRegexp(prev) {
				j, err := skipRegexp(src, i)
				if err != nil {
					return nil, fmt.Errorf("line %d: %w", line(i), err)
				}
				add(tokRegexp, src[i:j])
				i = j
				continue
			}
			p := "/"
			if strings.HasPrefix(src[i:], "/=") {
				p = "/="
			}
			add(tokPunct, p)
			i += len(p)
		case '0' <= c && c <= '9' || c == '.' && i+1 < len(src) && '0' <= src[i+1] && src[i+1] <= '9':
			j := i + 1
			for j < len(src) {
				d := src[j]
				if isWordByte(d) && d < 0x80 || d == '.' {
					j++
				} else if (d == '+' || d == '-') && (src[j-1] == 'e' || src[j-1] == 'E') && !strings.HasPrefix(strings.ToLower(src[i:]), "0x") {
					j++
				} else {
					break
				}
			}
			add(tokNumber, src[i:j])
			i = j
		case isWordByte(c):
			j := i
			for j < len(src) && isWordByte(src[j]) && !strings.HasPrefix(src[j:], "\u00a0") &&
				!strings.HasPrefix(src[j:], "\u2028") && !strings.HasPrefix(src[j:], "\u2029") && !strings.HasPrefix(src[j:], "\ufeff") {
				if src[j] == '\\' {
					j++ // \uXXXX escape in a name
				}
				j++
			}
			add(tokWord, src[i:j])
			i = j
		default:
			p := string(c)
			for _, q := range punctuators {
				if strings.HasPrefix(src[i:], q) {
					p = q
					break
				}
			}
			if p == "?." && i+2 < len(src) && '0' <= src[i+2] && src[i+2] <= '9' {
				p = "?" // a ? .5 : b
			}
			if strings.IndexByte("(){}[];,<>+-*%&|^!~=?:.#@", p[0]) < 0 {
				return nil, fmt.Errorf("line %d: unexpected character %q", line(i), p)
			}
			if len(braces) > 0 {
				switch p {
				case "{":
					braces[len(braces)-1]++
				case "}":
					braces[len(braces)-1]--
				}
			}
			add(tokPunct, p)
			i += len(p)
		}
	}
	if len(braces) > 0 {
		return nil, errors.New("template literal not closed")
	}
	return toks, nil
}

// skipString returns the index just past the string literal at src[i].
func skipString(src string, i int) (int, error) {
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case q:
			return j + 1, nil
		case '\n', '\r':
			return 0, errors.New("string not closed on its line")
		}
	}
	return 0, errors.New("string not closed")
}

// skipTemplate reads a template literal's text from src[i] up to its end
// or to the next ${, and returns the index past it and whether a ${ was
// opened.
func skipTemplate(src string, i int) (int, bool, error) {
	for j := i; j < len(src); j++ {
		switch {
		case src[j] == '\\':
			j++
		case src[j] == '`':
			return j + 1, false, nil
		case src[j] == '$' && j+1 < len(src) && src[j+1] == '{':
			return j + 2, true, nil
		}
	}
	return 0, false, errors.New("template literal not closed")
}

// skipRegexp returns the index just past the regular expression literal
// (and its flags) at src[i].
func skipRegexp(src string, i int) (int, error) {
	class := false
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case '[':
			class = true
		case ']':
			class = false
		case '/':
			if class {
				continue
			}
			j++
			for j < len(src) && isWordByte(src[j]) && src[j] < 0x80 {
				j++
			}
			return j, nil
		case '\n', '\r':
			return 0, errors.New("regular expression not closed on its line")
		}
	}
	return 0, errors.New("regular expression not closed")
}
