package ui

import (
	"errors"
	"html"
	"strconv"
	"strings"
)

// WellFormed turns go-app's HTML into HTML that says what the tree says. It
// is the one repair of go-app's markup: the static generator runs every
// prerendered page through it and the Worker every page it answers with
// (Answer.Document), so the two cannot repair differently.
//
// go-app v9 writes an attribute's value as a Go string literal
// (strconv.Quote): a quotation mark becomes \" (which ends the value in
// HTML, so a customer's name could add attributes or markup), a line feed
// \n, a backslash \\. It writes "true" as a bare attribute, which for
// aria-* reads as the empty string (aria-current="" is not current, so a
// screen reader would not hear which language is the current one), and a
// textarea's text as a value attribute, which HTML ignores. Its page
// template's loader icon has no alt. Text between tags it escapes properly.
// So every value is unquoted and HTML-escaped, bare aria-* attributes get
// "true", a textarea's value becomes its content, and the loader icon,
// which is decorative (the label beside it says what is loading), gets an
// empty alt.
//
// It returns an error for markup go-app did not write (a new go-app
// version, say) rather than pass on what it cannot read.
func WellFormed(s string) (string, error) {
	var b strings.Builder
	b.Grow(len(s) + len(s)/16)
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		b.WriteString(s[:i])
		s = s[i:]
		if strings.HasPrefix(s, "</") || strings.HasPrefix(s, "<!") {
			end := strings.IndexByte(s, '>')
			if end < 0 {
				return "", errors.New("markup: a tag without its end")
			}
			b.WriteString(s[:end+1])
			s = s[end+1:]
			continue
		}
		content, rest, ok := startTag(&b, s)
		if !ok {
			return "", errors.New("markup: not as go-app writes it: " + excerpt(s))
		}
		b.WriteString(content)
		s = rest
	}
}

// loaderIcon is the id of the spinning icon in go-app's loader, which
// go-app v9's page template (Handler.servePage) writes without an alt.
const loaderIcon = "app-wasm-loader-icon"

// startTag copies one start tag from s (which begins with "<") into b,
// fixing its attributes, and returns the textarea content to follow it
// (escaped) and what comes after the tag.
func startTag(b *strings.Builder, s string) (content, rest string, ok bool) {
	i := 1
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' || s[i] >= '0' && s[i] <= '9' || s[i] == '-') {
		i++
	}
	tag := s[1:i]
	if tag == "" {
		return "", "", false
	}
	b.WriteString(s[:i])
	textarea := strings.EqualFold(tag, "textarea")
	var id string
	var alt bool
	for i < len(s) {
		switch s[i] {
		case '>':
			if strings.EqualFold(tag, "img") && id == loaderIcon && !alt {
				b.WriteString(` alt=""`)
			}
			b.WriteByte('>')
			if textarea && (strings.HasPrefix(content, "\n") || strings.HasPrefix(content, "\r")) {
				// HTML drops a newline right after <textarea>: one more
				// is written, so text that begins with one keeps it.
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
			alt = alt || name == "alt"
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
			if name == "id" {
				id = v
			}
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

// excerpt is the start of s, for an error message.
func excerpt(s string) string {
	if len(s) > 60 {
		return strconv.Quote(s[:60]) + "…"
	}
	return strconv.Quote(s)
}
