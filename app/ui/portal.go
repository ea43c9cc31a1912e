package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/i18n"
)

// Portal is the root component: it works out from the address which page
// to show, in which language, and frames it with the header and footer that
// every page shares. It is the only go-app route, so the page table lives in
// Site.Resolve rather than in go-app's router.
type Portal struct {
	app.Compo

	Site Site
	loc  Location
}

// Render shows the page for the current location.
func (p *Portal) Render() app.UI {
	t := i18n.T(p.loc.Lang)
	return app.Div().ID("portal").Class("portal").Body(
		app.A().Class("skip-link").Href("#main").Text(t.SkipToContent),
		&Header{Site: p.Site, Loc: p.loc},
		app.Main().ID("main").TabIndex(-1).Body(p.page()),
		&Footer{Site: p.Site, Loc: p.loc},
	)
}

func (p *Portal) page() app.UI {
	switch p.loc.Page {
	case PageHome:
		return &Home{Site: p.Site, Loc: p.loc}
	case PageStatement:
		if c, ok := p.Site.Controllers.Lookup(p.loc.Slug); ok {
			return &Statement{Controller: c, Loc: p.loc}
		}
	}
	return &NotFound{Site: p.Site, Loc: p.loc}
}

// OnInit resolves the location before the first render in the browser, so
// that the app's first paint matches the prerendered page it replaces.
func (p *Portal) OnInit() {
	if app.IsClient {
		p.loc = p.Site.Resolve(app.Window().URL().Path)
	}
}

// OnPreRender resolves the location while the static site is generated.
func (p *Portal) OnPreRender(ctx app.Context) {
	p.navigate(ctx)
}

// OnNav follows in-app navigation, such as a click on the language switch.
func (p *Portal) OnNav(ctx app.Context) {
	p.navigate(ctx)
}

func (p *Portal) navigate(ctx app.Context) {
	p.loc = p.Site.Resolve(ctx.Page().URL().Path)
	ctx.Page().SetLang(string(p.loc.Lang))
	ctx.Page().SetTitle(p.title())
	ctx.Page().SetDescription(p.description())
}

func (p *Portal) title() string {
	t := i18n.T(p.loc.Lang)
	switch p.loc.Page {
	case PageHome:
		return t.SiteName
	case PageStatement:
		if c, ok := p.Site.Controllers.Lookup(p.loc.Slug); ok {
			return i18n.Fill(t.StatementTitle, "name", c.Name) + " – " + t.SiteName
		}
	}
	return t.NotFoundTitle + " – " + t.SiteName
}

func (p *Portal) description() string {
	t := i18n.T(p.loc.Lang)
	if c, ok := p.Site.Controllers.Lookup(p.loc.Slug); ok && p.loc.Page == PageStatement {
		return i18n.Fill(t.StatementTitle, "name", c.Name) + ". " + t.HomeIntro
	}
	return t.HomeIntro
}
