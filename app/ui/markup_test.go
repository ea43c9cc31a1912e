package ui

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// What a customer may type comes back in the Worker's answers exactly, and
// as text: never as markup or another attribute.
func TestWellFormedKeepsValuesAsText(t *testing.T) {
	values := []string{
		`<script>alert("hei")</script> Åse Ødegård`,
		`" autofocus onfocus="alert(1)`,
		`'><img src=x onerror=alert(1)>`,
		`</textarea><script>alert(1)</script> Blåbærsyltetøy & "sånn"`,
		"line one\nline two\r\nthree",
		`back\slash \" \\`,
		"tab\there \x01 \u202e",
		"&amp; &lt; &#34;",
		"\nbegins with a newline",
		"\n\ntwo",
	}
	for _, v := range values {
		got := wellFormed(app.HTMLString(app.Div().Body(
			app.Input().ID("v").Value(v),
			app.Textarea().ID("t").Text(v),
			app.P().Title(v).Text(v),
		)))
		// Only the elements and attributes the tree has.
		var tags []string
		for _, m := range regexp.MustCompile(`<([a-z]+)((?:\s+[a-z-]+="[^"]*")*)\s*>`).FindAllStringSubmatch(got, -1) {
			tags = append(tags, m[1])
			for _, a := range regexp.MustCompile(`\s+([a-z-]+)="[^"]*"`).FindAllStringSubmatch(m[2], -1) {
				if a[1] != "id" && a[1] != "value" && a[1] != "title" {
					t.Errorf("%q added the attribute %s: %s", v, a[1], got)
				}
			}
		}
		if diff := cmp.Diff([]string{"div", "input", "textarea", "p"}, tags); diff != "" {
			t.Errorf("%q changed the elements (-want +got):\n%s\n%s", v, diff, got)
		}
		if n := len(regexp.MustCompile(`<`).FindAllString(got, -1)); n != 7 {
			t.Errorf("%q: %d tags, want 7: %s", v, n, got)
		}
		m := regexp.MustCompile(`<input[^>]*\svalue="([^"]*)"`).FindStringSubmatch(got)
		if m == nil {
			t.Fatalf("%q: no input value in %s", v, got)
		}
		ta := regexp.MustCompile(`<textarea id="t">([^<]*)</textarea>`).FindStringSubmatch(got)
		if ta == nil {
			t.Fatalf("%q: no textarea content in %s", v, got)
		}
		// A browser drops one newline right after <textarea> (HTML's
		// parsing rules for textarea), so the text it shows is this; go-app
		// trims every attribute value, so white space at the ends is gone
		// (as the Worker's validation trims it too).
		if diff := cmp.Diff(strings.TrimSpace(v), strings.TrimPrefix(html.UnescapeString(ta[1]), "\n")); diff != "" {
			t.Errorf("the textarea's content (-typed +sent back):\n%s", diff)
		}
	}
}

func TestWellFormedAriaIsTrue(t *testing.T) {
	got := wellFormed(app.HTMLString(app.Input().ID("x").Aria("invalid", "true").Aria("required", "true")))
	for _, want := range []string{`aria-invalid="true"`, `aria-required="true"`} {
		if !regexp.MustCompile(regexp.QuoteMeta(want)).MatchString(got) {
			t.Errorf("%s not in %s", want, got)
		}
	}
}
