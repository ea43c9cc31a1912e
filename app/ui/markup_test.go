package ui

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Every repair of go-app's markup, on markup as go-app v9 writes it: the
// static generator and the Worker both rely on each of them.
func TestWellFormed(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
	}{
		{"text, end tags and the doctype pass as they are",
			"<!DOCTYPE html>\n<p>\nå &amp; &lt;b&gt; \\\" aria-x\n</p>",
			"<!DOCTYPE html>\n<p>\nå &amp; &lt;b&gt; \\\" aria-x\n</p>"},
		{"a quotation mark in a value stays in it",
			`<input value="\" autofocus onfocus=\"alert(1)">`,
			`<input value="&#34; autofocus onfocus=&#34;alert(1)">`},
		{"markup in a value is text",
			`<p title="'><img src=x onerror=alert(1)> & Åse">x</p>`,
			`<p title="&#39;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; Åse">x</p>`},
		{"escapes in a value are the characters",
			`<p title="one\ntwo \\ tab\there \x01 \u202e">x</p>`,
			"<p title=\"one\ntwo \\ tab\there \x01 \u202e\">x</p>"},
		{"entities in a value are typed text",
			`<input value="&amp; &#34;">`,
			`<input value="&amp;amp; &amp;#34;">`},
		{"bare aria-* attributes are true",
			`<a aria-current href="/">x</a><input aria-required aria-invalid>`,
			`<a aria-current="true" href="/">x</a><input aria-required="true" aria-invalid="true">`},
		{"other bare attributes stay bare",
			`<input required disabled hidden><details open></details>`,
			`<input required disabled hidden><details open></details>`},
		{"aria-* in values and text is left alone",
			`<p title=" aria-x ">aria-y </p><b aria-label="a">`,
			`<p title=" aria-x ">aria-y </p><b aria-label="a">`},
		{"a textarea's value is its content",
			`<textarea id="t" value="line one\n</textarea><b>"></textarea>`,
			"<textarea id=\"t\">line one\n&lt;/textarea&gt;&lt;b&gt;</textarea>"},
		{"a textarea's content that begins with a newline keeps it (HTML drops one)",
			`<textarea id="t" value="\nline two"></textarea>`,
			"<textarea id=\"t\">\n\nline two</textarea>"},
		{"an empty textarea has no content",
			`<textarea id="t" value></textarea>`,
			`<textarea id="t"></textarea>`},
		{"go-app's loader icon gets an empty alt",
			`<img id="app-wasm-loader-icon" class="goapp-logo goapp-spin" src="/web/icon-192.png">`,
			`<img id="app-wasm-loader-icon" class="goapp-logo goapp-spin" src="/web/icon-192.png" alt="">`},
		{"a loader icon with an alt keeps it",
			`<img alt="Laster" id="app-wasm-loader-icon">`,
			`<img alt="Laster" id="app-wasm-loader-icon">`},
		{"any other image is left to its component",
			`<img src="/x.png"><img id="logo" src="/y.png">`,
			`<img src="/x.png"><img id="logo" src="/y.png">`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := WellFormed(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("WellFormed(%q) (-want +got):\n%s", c.in, diff)
			}
		})
	}
}

// Markup go-app does not write is refused, not passed on half repaired.
func TestWellFormedRefusesOtherMarkup(t *testing.T) {
	for _, in := range []string{
		`<p title='single'>x</p>`,
		`<p title=bare>x</p>`,
		`<p title="unclosed>x</p>`,
		`<p title="\q">x</p>`,
		`<p title="x"`,
		`<p>x</`,
		"<p\ttitle=\"x\">",
	} {
		if got, err := WellFormed(in); err == nil {
			t.Errorf("WellFormed(%q) = %q, want an error", in, got)
		}
	}
}

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
		got, err := WellFormed(app.HTMLString(app.Div().Body(
			app.Input().ID("v").Value(v),
			app.Textarea().ID("t").Text(v),
			app.P().Title(v).Text(v),
		)))
		if err != nil {
			t.Fatal(err)
		}
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

// go-app writes aria-* "true" as a bare attribute, which WellFormed
// gives its value.
func TestWellFormedAriaIsTrue(t *testing.T) {
	got, err := WellFormed(app.HTMLString(app.Input().ID("x").Aria("invalid", "true").Aria("required", "true")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`aria-invalid="true"`, `aria-required="true"`} {
		if !strings.Contains(got, want) {
			t.Errorf("%s not in %s", want, got)
		}
	}
}
