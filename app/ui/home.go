package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"privacyportal/app/i18n"
)

// Home is the front page: it lists the companies on the portal. A reader
// who chose an interface language keeps it when following a link; on the
// default front page each company opens in its own language.
type Home struct {
	app.Compo

	Site Site
	Loc  Location
}

// Render shows the list of companies.
func (h *Home) Render() app.UI {
	t := i18n.Pages(h.Loc.Lang)
	list := h.Site.Index
	return app.Div().Class("wrap page-home").Body(
		app.H1().Text(t.HomeTitle),
		app.P().Class("lead").Text(t.HomeIntro),
		app.H2().ID("companies").Text(t.HomeCompanies),
		app.Ul().Class("companies").Aria("labelledby", "companies").Body(
			app.Range(list).Slice(func(i int) app.UI {
				c := list[i]
				lang := h.Loc.Lang
				if lang == h.Site.DefaultLang {
					lang = c.Language
				}
				href := h.Site.Path(Location{Page: PageStatement, Lang: lang, Slug: c.Slug})
				return app.Li().Class("company").Body(
					app.H3().Body(
						app.A().Href(href).Aria("label", i18n.Fill(t.ReadStatement, "name", c.Name)).Text(c.Name),
					),
					app.P().Body(entryWords(c, h.Loc.Lang)),
					app.P().Class("muted").Text(c.City),
				)
			}),
		),
	)
}
