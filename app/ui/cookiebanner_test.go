package ui

import (
	"html"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
)

// In the banner and on the cookie page, whatever the interface language,
// the company's own words (each category's description, its services'
// names and purposes) are marked with the company's language, so a screen
// reader on /da/werksta/ reads Werksta's Norwegian as Norwegian.
func TestCompanyWordsCarryTheirLanguage(t *testing.T) {
	for _, c := range seedControllers(t) {
		for _, l := range i18n.All() {
			b := &ConsentBanner{Site: NewSite(company.NewRegistry([]company.Controller{c})), Loc: Location{Page: PageStatement, Lang: l, Slug: c.Slug}, Controller: c}
			out := app.HTMLString(b.Render())
			own := `lang="` + string(c.Language) + `">`
			for _, cat := range c.Cookies.Categories {
				if cat.Description == "" {
					continue
				}
				if !strings.Contains(out, own+html.EscapeString(cat.Description)+"<") {
					t.Errorf("%s in %s: the description of %s is not marked %s", c.Slug, l, cat.ID, c.Language)
				}
				if len(cat.Services) > 0 && !strings.Contains(out, own+html.EscapeString(serviceNames(cat))+"<") {
					t.Errorf("%s in %s: the services of %s are not marked %s", c.Slug, l, cat.ID, c.Language)
				}
			}
		}
	}
}
