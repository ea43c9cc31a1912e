package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"privacyportal/app/i18n"
)

// NotFound tells the reader, in the language of the folder they were in,
// that there is no page at the address, and offers the way back: to the
// company's statement when the address was under a company, and to the
// front page.
type NotFound struct {
	app.Compo

	Site Site
	Loc  Location
}

// Render shows the not-found message.
func (n *NotFound) Render() app.UI {
	t := i18n.Pages(n.Loc.Lang)
	var back app.UI
	if c, ok := n.Site.Controllers.Lookup(n.Loc.Slug); ok {
		back = app.Li().Body(app.A().
			Href(n.Site.Path(Location{Page: PageStatement, Lang: n.Loc.Lang, Slug: c.Slug})).
			Text(i18n.Fill(t.NotFoundBack, "name", c.Name)))
	}
	return app.Div().Class("wrap page-notfound").Body(
		app.H1().Text(t.NotFoundTitle),
		app.P().Text(t.NotFoundText),
		app.Ul().Class("links").Body(
			back,
			app.Li().Body(app.A().Href(n.Site.Path(Location{Page: PageHome, Lang: n.Loc.Lang})).Text(t.NotFoundHome)),
		),
	)
}
