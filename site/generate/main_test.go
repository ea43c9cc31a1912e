package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"privacyportal/app/company"
	"privacyportal/app/cookieconsent"
	"privacyportal/app/headers"
	"privacyportal/app/i18n"
	"privacyportal/app/ui"
	"privacyportal/site/controllers"
)

// loaderIcon is go-app's loader icon, whose attributes come in no fixed
// order.
var loaderIcon = regexp.MustCompile(`<img [^>]*id="app-wasm-loader-icon"[^>]*>`)

// The pages go-app writes, finished: a statement carries only what it uses
// (its stylesheet, icon and the consent script), a form page the app as
// well (with an empty alt on its loader's icon); both carry the company's
// cookie policy once, and aria attributes with their values.

func TestFinishKeepsTheAppOnlyWhereNeeded(t *testing.T) {
	reg, err := company.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		t.Fatal(err)
	}
	site := ui.NewSite(reg)
	ui.Register(site)
	g := &generator{origin: "https://portal.test", site: site, handler: newHandler(controllers.FS())}
	werksta, _ := reg.Lookup("werksta")
	policy := cookieconsent.ConfigFor(werksta).Encode()
	appParts := []string{`src="/wasm_exec.js"`, `src="/app.js"`, `href="/app.css"`, `rel="manifest"`, `id="app-wasm-loader"`, `src="/web/icon-192.png"`}

	for _, c := range []struct {
		loc ui.Location
		app bool
	}{
		{ui.Location{Page: ui.PageStatement, Lang: i18n.NB, Slug: "werksta"}, false},
		{ui.Location{Page: ui.PageStatement, Lang: i18n.EN, Slug: "werksta"}, false},
		{ui.Location{Page: ui.PageHome, Lang: i18n.NB}, false},
		{ui.Location{Page: ui.PagePrivacy, Lang: i18n.DA}, false},
		{ui.Location{Page: ui.PageNotFound, Lang: i18n.NB, Slug: "werksta"}, false},
		{ui.Location{Page: ui.PageRequest, Lang: i18n.NB, Slug: "werksta"}, true},
		{ui.Location{Page: ui.PageCookies, Lang: i18n.DA, Slug: "werksta"}, true},
		{ui.Location{Page: ui.PageVerify, Lang: i18n.NB}, true},
	} {
		p := site.Path(c.loc)
		raw, err := g.get(p)
		if err != nil {
			t.Fatal(err)
		}
		b, err := g.finish(raw, c.loc)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		html := string(b)
		for _, part := range appParts {
			if strings.Contains(html, part) != c.app {
				t.Errorf("%s: has %s: %v, want %v", p, part, !c.app, c.app)
			}
		}
		// go-app's loader icon, where the page has it, is decorative
		// (ui.WellFormed).
		if icon := loaderIcon.FindString(html); c.app && !strings.Contains(icon, ` alt=""`) {
			t.Errorf("%s: the loader icon has no empty alt: %s", p, icon)
		}
		for _, part := range []string{`href="/web/portal.css"`, `src="/web/consent.js"`, `src="/web/lang.js"`, `href="/web/icon.svg"`, `aria-current="true"`} {
			if !strings.Contains(html, part) {
				t.Errorf("%s: no %s", p, part)
			}
		}
		want := 0
		if c.loc.Slug != "" {
			want = 1
		}
		if n := strings.Count(html, policy); n != want {
			t.Errorf("%s: Werksta's cookie policy written %d times, want %d", p, n, want)
		}
		if strings.Contains(html, "data-consent-config") {
			t.Errorf("%s: the banner carries the policy too", p)
		}
	}
}

// The _headers file does not grow with the companies: with a thousand of
// them (copies of the five, so three in five use a tool with scripts) it
// keeps within the limits of Workers static assets, and each page's own
// policy (its meta tag) is its company's, or the portal's own.
func TestHeadersFileScales(t *testing.T) {
	seeds, err := company.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var list []company.Controller
	for i := range 1000 {
		c := seeds.All()[i%len(seeds.All())]
		c.Slug = fmt.Sprintf("%s-%d", c.Slug, i)
		list = append(list, c)
	}
	site := ui.NewSite(company.NewRegistry(list))
	b, err := headersFile(site)
	if err != nil {
		t.Fatal(err)
	}
	rules := 0
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "/") {
			rules++
		}
		if len(line) > maxHeaderLine {
			t.Errorf("a line of %d characters", len(line))
		}
	}
	if rules > maxHeaderRules || rules < 2 {
		t.Errorf("%d rules", rules)
	}
	if strings.Contains(string(b), "werksta") {
		t.Error("_headers names a company")
	}
	// What does grow is the general policy, with every distinct origin the
	// companies' tools use: past one line of _headers the build refuses,
	// naming the cause.
	var many []company.Controller
	for i := range 100 {
		c := list[1]
		c.Slug = fmt.Sprintf("tool-%d", i)
		c.Cookies.Categories = slices.Clone(c.Cookies.Categories)
		cat := c.Cookies.Categories[len(c.Cookies.Categories)-1]
		cat.Services = []company.CookieService{{Name: "Tool", Scripts: []string{fmt.Sprintf("https://cdn%d.tool-vendor.example/t.js", i)}}}
		c.Cookies.Categories[len(c.Cookies.Categories)-1] = cat
		many = append(many, c)
	}
	if _, err := headersFile(ui.NewSite(company.NewRegistry(many))); err == nil || !strings.Contains(err.Error(), "too many origins") {
		t.Errorf("100 distinct tool origins: %v, want the build refused", err)
	}

	general := strings.SplitN(string(b), "\n/", 2)[0]
	if !strings.Contains(general, "https://www.googletagmanager.com") {
		t.Errorf("the general policy does not allow the tools' origins:\n%s", general)
	}

	for _, c := range []struct {
		loc     ui.Location
		tools   bool
		company string
	}{
		{ui.Location{Page: ui.PageRequest, Lang: i18n.NB, Slug: "werksta-3"}, true, "werksta"},
		{ui.Location{Page: ui.PageStatement, Lang: i18n.DA, Slug: "car-room-0"}, false, "car-room"},
		{ui.Location{Page: ui.PageHome, Lang: i18n.NB}, false, ""},
		{ui.Location{Page: ui.PageVerify, Lang: i18n.EN}, false, ""},
		{ui.Location{Page: ui.PageNotFound, Lang: i18n.NB}, false, ""},
	} {
		got := pagePolicy(site, c.loc)
		if strings.Contains(got, "frame-ancestors") {
			t.Errorf("%v: a meta policy with frame-ancestors", c.loc)
		}
		if has := strings.Contains(got, "googletagmanager"); has != c.tools {
			t.Errorf("%v: policy %q", c.loc, got)
		}
		if !c.tools && got+"; frame-ancestors 'none'" != headers.ContentSecurityPolicy {
			t.Errorf("%v: policy %q, want the portal's own", c.loc, got)
		}
	}
}
