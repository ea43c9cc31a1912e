package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"privacyportal/app/i18n"
)

// Header is the top of every page: the portal's name, linking to the front
// page, and the language switch. The switch links to the same page in each
// language, each name written in its own language and marked with it.
// Below them are the offers of this page in each other language, each in
// its own language, all hidden until site/assets/lang.js shows the one the
// browser prefers.
type Header struct {
	app.Compo

	Site Site
	Loc  Location
	// Links, when set, is the address of this page in each language: for
	// the Worker's answers (see Answer), which are not pages of the site.
	Links func(i18n.Lang) string
	// NoOffers leaves the language offers out: the Worker's answers load
	// no script, so none could ever show.
	NoOffers bool
}

// Render shows the header.
func (h *Header) Render() app.UI {
	t := i18n.Pages(h.Loc.Lang)
	home := h.Site.Path(Location{Page: PageHome, Lang: h.Loc.Lang})
	return app.Header().Class("site-header").Body(
		app.Div().Class("wrap header-row").Body(
			app.A().Class("site-name").Href(home).Text(t.SiteName),
			app.Nav().Class("lang-switch").Aria("label", t.LanguageNav).Body(
				app.Ul().Body(
					app.Range(h.Site.Alternates(h.Loc)).Slice(func(i int) app.UI {
						alt := h.Site.Alternates(h.Loc)[i]
						href := h.Site.Path(alt)
						if h.Links != nil {
							href = h.Links(alt.Lang)
						}
						a := app.A().
							Href("%s", href).
							HrefLang(string(alt.Lang)).
							Lang(string(alt.Lang)).
							Text(alt.Lang.Autonym())
						if alt.Lang == h.Loc.Lang {
							a = a.Aria("current", "true")
						}
						return app.Li().Body(a)
					}),
				),
			),
		),
		app.Range(h.Site.Alternates(h.Loc)).Slice(func(i int) app.UI {
			alt := h.Site.Alternates(h.Loc)[i]
			if alt.Lang == h.Loc.Lang || h.NoOffers {
				return nil
			}
			t := i18n.Pages(alt.Lang)
			return app.Div().Class("lang-offer").DataSet("lang", string(alt.Lang)).Lang(string(alt.Lang)).Body(
				app.Div().Class("wrap lang-offer-row").Body(
					app.A().Href("%s", h.Site.Path(alt)).HrefLang(string(alt.Lang)).Text(t.LangOffer),
					app.Button().Type("button").Class("lang-offer-close").Attr("data-lang-offer-close", "").
						Aria("label", t.LangOfferClose).Text("×"),
				),
			)
		}),
	)
}
