package requests

import (
	"html"
	"privacyportal/app/i18n"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Differences compares the readable parts of a forwarded e-mail (its
// text and its HTML, either may be empty) with the copy of the signed
// document in the company's language l, and returns the keys of the
// fields the e-mail shows otherwise, in Keys order, "type" first when the
// request type shown differs. A field counts as different when a part
// shows it with another value, shows it where the document has none, or
// leaves out one the document has. Nothing returned means every field of
// the document is in both parts as signed.
//
// It reads the parts as the portal writes them (mailmsg.Body): "Label:
// value" lines and "> " quotes in the text, <th>label</th><td>value</td>
// rows and a <blockquote> in the HTML. A part rewritten in another shape
// shows none of its fields as signed, and so every one differs.
func CopyDifferences(l i18n.Lang, doc Document, text, htmlPart string) []string {
	want := map[string]string{}
	for _, s := range CopyOf(l, doc, CopyForCompany) {
		for _, f := range s.Fields {
			want[f.Key] = f.Value
		}
		if s.Quote != "" {
			want["text"] = s.Quote
		}
	}
	r := i18n.Requests(l)
	var parts []shown
	if text != "" {
		parts = append(parts, readText(text, r))
	}
	if htmlPart != "" {
		parts = append(parts, readHTML(htmlPart, r))
	}
	var out []string
	asked := Asked(l, doc.Type)
	for _, p := range parts {
		if !p.headings[asked] {
			out = append(out, "type")
			break
		}
	}
	for _, k := range Keys {
		for _, p := range parts {
			got := p.fields[k]
			w, has := want[k]
			if (has && !slices.Equal(got, []string{w})) || (!has && len(got) > 0) {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// shown is what one part of an e-mail shows: each field's values (a field
// shown twice has two), and its headings.
type shown struct {
	fields   map[string][]string
	headings map[string]bool
}

// labels maps each label a copy in r's language uses to its key.
func labels(r *i18n.RequestText) map[string]string {
	out := map[string]string{}
	for _, k := range Keys {
		out[r.Label(k)] = k
	}
	return out
}

// readText reads the text part: "Label: value" lines (a value's further
// lines indented by two spaces), headings underlined with dashes, and the
// requester's message quoted with "> ".
func readText(text string, r *i18n.RequestText) shown {
	s := shown{fields: map[string][]string{}, headings: map[string]bool{}}
	byLabel := labels(r)
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var quote []string
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if strings.HasPrefix(line, "> ") || line == ">" {
			quote = append(quote, strings.TrimPrefix(strings.TrimPrefix(line, ">"), " "))
			continue
		}
		if len(quote) > 0 {
			s.fields["text"] = append(s.fields["text"], strings.Join(quote, "\n"))
			quote = nil
		}
		if i+1 < len(lines) && line != "" && strings.Trim(lines[i+1], "-") == "" && lines[i+1] != "" {
			s.headings[line] = true
			i++
			continue
		}
		for label, key := range byLabel {
			sep := ": "
			if strings.HasSuffix(label, "?") {
				sep = " "
			}
			value, ok := strings.CutPrefix(line, label+sep)
			if !ok {
				continue
			}
			for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "  ") {
				i++
				value += "\n" + lines[i][2:]
			}
			s.fields[key] = append(s.fields[key], value)
			break
		}
	}
	if len(quote) > 0 {
		s.fields["text"] = append(s.fields["text"], strings.Join(quote, "\n"))
	}
	return s
}

// htmlPatterns find the parts of an e-mail's HTML. They are compiled on
// first use, not when the program starts: the Worker imports this package
// and never compares, and compiling them cost its cold start milliseconds
// in WebAssembly.
var htmlPatterns = sync.OnceValue(func() (p struct{ row, quote, heading, tag *regexp.Regexp }) {
	p.row = regexp.MustCompile(`(?s)<tr>\s*<th[^>]*>(.*?)</th>\s*<td[^>]*>(.*?)</td>\s*</tr>`)
	p.quote = regexp.MustCompile(`(?s)<blockquote[^>]*>(.*?)</blockquote>`)
	p.heading = regexp.MustCompile(`(?s)<h[1-6][^>]*>(.*?)</h[1-6]>`)
	p.tag = regexp.MustCompile(`<[^>]*>`)
	return p
})

// readHTML reads the HTML part: label and value rows, the quote, and the
// headings, each as the text a reader sees.
func readHTML(doc string, r *i18n.RequestText) shown {
	s := shown{fields: map[string][]string{}, headings: map[string]bool{}}
	pat := htmlPatterns()
	textOf := func(h string) string { return html.UnescapeString(pat.tag.ReplaceAllString(h, "")) }
	byLabel := labels(r)
	for _, m := range pat.row.FindAllStringSubmatch(doc, -1) {
		if key, ok := byLabel[strings.TrimSpace(textOf(m[1]))]; ok {
			s.fields[key] = append(s.fields[key], textOf(m[2]))
		}
	}
	for _, m := range pat.quote.FindAllStringSubmatch(doc, -1) {
		s.fields["text"] = append(s.fields["text"], textOf(m[1]))
	}
	for _, m := range pat.heading.FindAllStringSubmatch(doc, -1) {
		s.headings[strings.TrimSpace(textOf(m[1]))] = true
	}
	return s
}
