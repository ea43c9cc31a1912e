package ui

import (
	"html"
	"strconv"
	"strings"
)

// wellFormed turns go-app's HTML into HTML that says what the tree says.
// go-app v9 writes an attribute's value as a Go string literal
// (strconv.Quote): a quotation mark becomes \" (which ends the value in
// HTML, so a customer's name could add attributes or markup), a line feed
// \n, a backslash \\. It writes "true" as a bare attribute, which for
// aria-* reads as the empty string (aria-invalid="" is not invalid), and a
// textarea's text as a value attribute, which HTML ignores. Text between
// tags it escapes properly. The Worker sends user input back in forms, so
// its answers go through here: every value is unquoted and HTML-escaped,
// bare aria-* attributes get "true", and a textarea's value becomes its
// content.
func wellFormed(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/16)
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		if strings.HasPrefix(s, "</") || strings.HasPrefix(s, "<!") {
			end := strings.IndexByte(s, '>')
			if end < 0 {
				b.WriteString(s)
				return b.String()
			}
			b.WriteString(s[:end+1])
			s = s[end+1:]
			continue
		}
		var rest string
		var content string
		var ok bool
		content, rest, ok = startTag(&b, s)
		if !ok {
			// Not go-app's: leave the rest as it is.
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(content)
		s = rest
	}
}

// startTag copies one start tag from s (which begins with "<") into b,
// fixing its attributes, and returns the textarea content to follow it
// (escaped) and what comes after the tag.
func startTag(b *strings.Builder, s string) (content, rest string, ok bool) {
	i := 1
	for i < len(s) && s[i] != ' ' && s[i] != '>' {
		i++
	}
	tag := s[1:i]
	b.WriteString(s[:i])
	textarea := strings.EqualFold(tag, "textarea")
	for i < len(s) {
		switch s[i] {
		case '>':
			b.WriteByte('>')
			if textarea {
				// HTML drops a newline right after <textarea>: one is
				// written, so text that begins with a newline keeps it.
				content = "\n" + content
			}
			return content, s[i+1:], true
		case ' ':
			i++
			start := i
			for i < len(s) && s[i] != '=' && s[i] != ' ' && s[i] != '>' {
				i++
			}
			name := s[start:i]
			if i >= len(s) || s[i] != '=' {
				if textarea && name == "value" {
					continue // an empty text
				}
				b.WriteString(" " + name)
				if strings.HasPrefix(name, "aria-") {
					b.WriteString(`="true"`)
				}
				continue
			}
			// ="…" as strconv.Quote wrote it.
			i++
			if i >= len(s) || s[i] != '"' {
				return "", "", false
			}
			end := i + 1
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(s) {
				return "", "", false
			}
			v, err := strconv.Unquote(s[i : end+1])
			if err != nil {
				return "", "", false
			}
			i = end + 1
			if textarea && name == "value" {
				content = html.EscapeString(v)
				continue
			}
			b.WriteString(" " + name + `="` + html.EscapeString(v) + `"`)
		default:
			return "", "", false
		}
	}
	return "", "", false
}
