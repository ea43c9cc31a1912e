package mailmsg

import (
	"html"
	"strings"
)

// Body is the content of one e-mail, written once and rendered twice: as
// plain text and as simple HTML, so the two alternatives of a message
// always say the same thing.
type Body struct {
	blocks []block
}

type blockKind int

const (
	blockPara blockKind = iota
	blockHeading
	blockPairs
	blockLink
	blockQuote
	blockButton
)

type block struct {
	kind  blockKind
	text  string
	label string // a button's
	url   string
	pairs [][2]string
}

// Para adds a paragraph.
func (b *Body) Para(s string) { b.blocks = append(b.blocks, block{kind: blockPara, text: s}) }

// Heading adds a heading.
func (b *Body) Heading(s string) { b.blocks = append(b.blocks, block{kind: blockHeading, text: s}) }

// Quote adds someone's own words, shown as written.
func (b *Body) Quote(s string) { b.blocks = append(b.blocks, block{kind: blockQuote, text: s}) }

// Pairs adds a list of labels and values; empty values are left out.
func (b *Body) Pairs(kv ...[2]string) {
	var keep [][2]string
	for _, p := range kv {
		if strings.TrimSpace(p[1]) != "" {
			keep = append(keep, p)
		}
	}
	if len(keep) > 0 {
		b.blocks = append(b.blocks, block{kind: blockPairs, pairs: keep})
	}
}

// Link adds a sentence followed by an address on a line of its own, which
// every mail client makes clickable in plain text too.
func (b *Body) Link(label, url string) {
	b.blocks = append(b.blocks, block{kind: blockLink, text: label, url: url})
}

// Button adds an action: in the HTML part, a sentence and a button named
// label; in the text part, the sentence and the address, as Link.
func (b *Body) Button(sentence, label, url string) {
	b.blocks = append(b.blocks, block{kind: blockButton, text: sentence, label: label, url: url})
}

// Text renders the body as plain text.
func (b *Body) Text() string {
	var out strings.Builder
	for i, bl := range b.blocks {
		if i > 0 {
			out.WriteString("\n")
		}
		switch bl.kind {
		case blockPara:
			out.WriteString(bl.text + "\n")
		case blockHeading:
			out.WriteString(bl.text + "\n" + strings.Repeat("-", len([]rune(bl.text))) + "\n")
		case blockQuote:
			for _, line := range strings.Split(bl.text, "\n") {
				out.WriteString("> " + line + "\n")
			}
		case blockPairs:
			for _, p := range bl.pairs {
				sep := ": "
				if strings.HasSuffix(p[0], "?") {
					sep = " " // "Hva er feil? Adressen", not "feil?: Adressen"
				}
				// A value's further lines are indented, so none of them
				// can pass for a label of its own ("Telefon: ...").
				out.WriteString(p[0] + sep + strings.ReplaceAll(p[1], "\n", "\n  ") + "\n")
			}
		case blockLink, blockButton:
			out.WriteString(bl.text + "\n" + bl.url + "\n")
		}
	}
	return out.String()
}

// HTML renders the body as a simple HTML document in the given language.
func (b *Body) HTML(lang string) string {
	var out strings.Builder
	out.WriteString("<!DOCTYPE html>\n<html lang=\"" + html.EscapeString(lang) + "\"><head><meta charset=\"utf-8\"></head>\n" +
		"<body style=\"font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1f23; max-width: 40rem; overflow-wrap: anywhere\">\n")
	for _, bl := range b.blocks {
		switch bl.kind {
		case blockPara:
			out.WriteString("<p>" + html.EscapeString(bl.text) + "</p>\n")
		case blockHeading:
			out.WriteString("<h2 style=\"font-size: 1.1rem\">" + html.EscapeString(bl.text) + "</h2>\n")
		case blockQuote:
			out.WriteString("<blockquote style=\"white-space: pre-wrap; border-left: 3px solid #0b5563; margin: 0.5rem 0; padding-left: 0.75rem\">" +
				html.EscapeString(bl.text) + "</blockquote>\n")
		case blockPairs:
			out.WriteString("<table role=\"presentation\" style=\"border-collapse: collapse\">\n")
			for _, p := range bl.pairs {
				out.WriteString("<tr><th scope=\"row\" style=\"text-align: left; vertical-align: top; padding: 0.15rem 1rem 0.15rem 0\">" +
					html.EscapeString(p[0]) + "</th><td style=\"white-space: pre-wrap\">" + html.EscapeString(p[1]) + "</td></tr>\n")
			}
			out.WriteString("</table>\n")
		case blockLink:
			out.WriteString("<p>" + html.EscapeString(bl.text) + "<br><a href=\"" + html.EscapeString(bl.url) + "\">" +
				html.EscapeString(bl.url) + "</a></p>\n")
		case blockButton:
			// A link styled as a button: mail programs show no forms,
			// and the page behind it asks before it changes anything.
			out.WriteString("<p>" + html.EscapeString(bl.text) + "</p>\n<p><a href=\"" + html.EscapeString(bl.url) + "\"" +
				" style=\"display: inline-block; padding: 0.6rem 1.2rem; border-radius: 6px; background: #0b5563; color: #ffffff;" +
				" font-weight: 600; text-decoration: none\">" + html.EscapeString(bl.label) + "</a></p>\n")
		}
	}
	out.WriteString("</body></html>\n")
	return out.String()
}
