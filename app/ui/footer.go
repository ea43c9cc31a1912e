package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"privacyportal/app/i18n"
)

// Footer closes every page with what the portal itself does with its
// visitors' data (nothing), so that readers need not take it on trust
// elsewhere. On the pages of a company whose own tools load from other
// sites after consent, it says so instead of claiming nothing does.
type Footer struct {
	app.Compo

	Site Site
	Loc  Location
}

// Render shows the footer.
func (f *Footer) Render() app.UI {
	t := i18n.Pages(f.Loc.Lang)
	own := t.FooterPrivacy
	if c, ok := f.Site.Controllers.Lookup(f.Loc.Slug); ok && c.LoadsOtherSites() {
		own = i18n.Fill(t.FooterPrivacyTools, "name", c.Name)
	}
	return app.Footer().Class("site-footer").Body(
		app.Div().Class("wrap").Body(
			app.P().Text(own),
			app.P().Text(t.FooterSource),
			app.Ul().Class("footer-links").Body(
				app.Li().Body(app.A().Href(f.Site.Path(Location{Page: PageHome, Lang: f.Loc.Lang})).Text(t.SiteName)),
				app.Li().Body(app.A().Href(f.Site.Path(Location{Page: PageMyRequests, Lang: f.Loc.Lang})).Text(i18n.Requests(f.Loc.Lang).MyRequestsTitle)),
				app.Li().Body(app.A().Href(f.Site.Path(Location{Page: PageVerify, Lang: f.Loc.Lang})).Text(i18n.Requests(f.Loc.Lang).VerifyTitle)),
				app.Li().Body(app.A().Href(f.Site.Path(Location{Page: PagePrivacy, Lang: f.Loc.Lang})).Text(i18n.Notice(f.Loc.Lang).Link)),
				f.cookieSettings(),
			),
		),
	)
}

// cookieSettings links a company's pages to its cookie settings; with the
// page script, the link reopens the banner in place instead.
func (f *Footer) cookieSettings() app.UI {
	if f.Loc.Slug == "" {
		return nil
	}
	return app.Li().Body(app.A().
		Href(f.Site.Path(Location{Page: PageCookies, Lang: f.Loc.Lang, Slug: f.Loc.Slug})).
		Attr("data-consent-action", "settings").
		Text(i18n.CookieConsent(f.Loc.Lang).Settings))
}
