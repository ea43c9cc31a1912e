package main

import (
	"regexp"
	"strings"
	"testing"

	"privacyportal/app/company"
	"privacyportal/app/cookieconsent"
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
