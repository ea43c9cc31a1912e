package ui

import (
	"context"

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
	// navigated is set after the first navigation in the browser, which is
	// the page load itself.
	navigated bool
	// loading is set while the app reads what the page it navigated to
	// needs (Site.Missing): it shows nothing of the old page meanwhile.
	// nav counts navigations, so that a read that ends after the reader
	// has moved on changes nothing.
	loading bool
	nav     int
}

// Render shows the page for the current location.
func (p *Portal) Render() app.UI {
	t := i18n.Pages(p.loc.Lang)
	if p.loading {
		return app.Div().ID("portal").Class("portal").Aria("busy", "true")
	}
	return app.Div().ID("portal").Class("portal").Body(
		app.A().Class("skip-link").Href("#main").Text(t.SkipToContent),
		&Header{Site: p.Site, Loc: p.loc},
		// Always there, so the page's structure does not shift with it.
		app.Div().Class("consent-slot").Body(p.banner()),
		app.Main().ID("main").TabIndex(-1).Body(p.page()),
		&Footer{Site: p.Site, Loc: p.loc},
	)
}

// banner is the cookie banner of the company whose page this is, if it
// uses optional cookies; its settings page has the same choices itself.
func (p *Portal) banner() app.UI {
	c, ok := p.Site.Controllers.Lookup(p.loc.Slug)
	if !ok || !c.HasOptionalCookies() || p.loc.Page == PageCookies {
		return nil
	}
	return &ConsentBanner{Site: p.Site, Loc: p.loc, Controller: c}
}

func (p *Portal) page() app.UI {
	switch p.loc.Page {
	case PageHome:
		return &Home{Site: p.Site, Loc: p.loc}
	case PageStatement:
		if c, ok := p.Site.Controllers.Lookup(p.loc.Slug); ok {
			return &Statement{Site: p.Site, Controller: c, Loc: p.loc}
		}
	case PageRequest:
		if c, ok := p.Site.Controllers.Lookup(p.loc.Slug); ok {
			return &RequestPage{Site: p.Site, Controller: c, Loc: p.loc}
		}
	case PageCookies:
		if c, ok := p.Site.Controllers.Lookup(p.loc.Slug); ok {
			return &CookiesPage{Site: p.Site, Controller: c, Loc: p.loc}
		}
	case PageMarketing:
		if c, ok := p.Site.Controllers.Lookup(p.loc.Slug); ok {
			return &MarketingPage{Site: p.Site, Controller: c, Loc: p.loc}
		}
	case PageExport:
		if c, ok := p.Site.Controllers.Lookup(p.loc.Slug); ok {
			return &ExportPage{Site: p.Site, Controller: c, Loc: p.loc}
		}
	case PageMyRequests:
		return &MyRequestsPage{Site: p.Site, Loc: p.loc}
	case PageVerify:
		return &VerifyPage{Site: p.Site, Loc: p.loc}
	case PagePrivacy:
		return &PrivacyNotice{Site: p.Site, Loc: p.loc}
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

// OnMount marks the document once the app has taken over the page, for the
// browser tests and for styles that only apply with the app running.
func (p *Portal) OnMount(ctx app.Context) {
	app.Window().Get("document").Get("documentElement").Call("setAttribute", "data-app", "ready")
}

// OnPreRender resolves the location while the static site is generated.
func (p *Portal) OnPreRender(ctx app.Context) {
	p.navigate(ctx)
}

// OnNav follows in-app navigation, such as a click on the language switch
// or on a link to a section. go-app handles links itself, so the browser's
// own focus handling does not happen: OnNav moves focus where a reader of a
// multi-page site would expect it, to the linked section or, on a new page,
// to the main content, so that screen readers and keyboard users continue
// from there.
func (p *Portal) OnNav(ctx app.Context) {
	first := !p.navigated
	p.navigated = true
	// Each navigation supersedes any still waiting for its data.
	p.nav++
	p.loading = false
	// A page whose company (or the list of companies) the app does not
	// hold yet waits for it (a few kilobytes from the site) and shows
	// nothing of the old page meanwhile. Should the site not answer, the
	// browser loads the page itself: its prerendered HTML carries what it
	// needs. replace, not assign: go-app has already added the address to
	// the history.
	if u := ctx.Page().URL(); !first && p.Site.Missing(u.Path) {
		p.loading = true
		site, nav := p.Site, p.nav
		ctx.Async(func() {
			index, err := site.Fetch(context.Background(), u.Path)
			ctx.Dispatch(func(ctx app.Context) {
				if p.nav != nav {
					return // left for another page meanwhile
				}
				p.loading = false
				if err != nil {
					app.Log(err)
					app.Window().Get("location").Call("replace", u.String())
					return
				}
				if index != nil {
					p.Site.Index = index
				}
				p.arrive(ctx, false)
			})
		})
		return
	}
	p.arrive(ctx, first)
}

// arrive shows the page of the current address, once the app holds what
// it needs.
func (p *Portal) arrive(ctx app.Context, first bool) {
	p.navigate(ctx)
	// The page script decides again whether to ask, for the page now
	// shown (it may belong to another company, whose policy the head's
	// tag must then hold).
	syncConsentMeta(p.Site, p.loc)
	ctx.Defer(func(app.Context) {
		if decide := app.Window().Get("portalConsentDecide"); decide.Truthy() {
			decide.Invoke()
		}
	})
	target := ctx.Page().URL().Fragment
	if target == "" {
		if first {
			return
		}
		target = "main"
	}
	ctx.Defer(func(app.Context) {
		focusElement(target)
	})
}

// focusElement moves keyboard focus to the element with the given id,
// making it focusable first if it is not.
func focusElement(id string) {
	el := app.Window().GetElementByID(id)
	if !el.Truthy() {
		return
	}
	if !el.Call("hasAttribute", "tabindex").Bool() {
		el.Call("setAttribute", "tabindex", "-1")
	}
	el.Call("focus", map[string]any{"preventScroll": false})
}

func (p *Portal) navigate(ctx app.Context) {
	p.loc = p.Site.Resolve(ctx.Page().URL().Path)
	ctx.Page().SetLang(string(p.loc.Lang))
	ctx.Page().SetTitle(p.title())
	ctx.Page().SetDescription(p.description())
}

func (p *Portal) title() string {
	t := i18n.Pages(p.loc.Lang)
	switch p.loc.Page {
	case PageHome:
		return t.SiteName
	case PageStatement:
		if c, ok := p.Site.Controllers.Lookup(p.loc.Slug); ok {
			return i18n.Fill(t.StatementTitle, "name", c.Name) + " – " + t.SiteName
		}
	case PageRequest:
		if c, ok := p.Site.Controllers.Lookup(p.loc.Slug); ok {
			return i18n.Fill(i18n.Requests(p.loc.Lang).FormTitle, "name", c.Name) + " – " + t.SiteName
		}
	case PageCookies:
		if c, ok := p.Site.Controllers.Lookup(p.loc.Slug); ok {
			return i18n.Fill(i18n.CookieConsent(p.loc.Lang).PageTitle, "name", c.Name) + " – " + t.SiteName
		}
	case PageMarketing:
		if c, ok := p.Site.Controllers.Lookup(p.loc.Slug); ok {
			return i18n.Fill(i18n.Marketing(p.loc.Lang).PageTitle, "name", c.Name) + " – " + t.SiteName
		}
	case PageExport:
		if c, ok := p.Site.Controllers.Lookup(p.loc.Slug); ok {
			return i18n.Fill(i18n.Marketing(p.loc.Lang).ExportTitle, "name", c.Name) + " – " + t.SiteName
		}
	case PageMyRequests:
		return i18n.Requests(p.loc.Lang).MyRequestsTitle + " – " + t.SiteName
	case PageVerify:
		return i18n.Requests(p.loc.Lang).VerifyTitle + " – " + t.SiteName
	case PagePrivacy:
		return i18n.Notice(p.loc.Lang).Title
	}
	return t.NotFoundTitle + " – " + t.SiteName
}

func (p *Portal) description() string {
	t := i18n.Pages(p.loc.Lang)
	if c, ok := p.Site.Controllers.Lookup(p.loc.Slug); ok && p.loc.Page == PageStatement {
		return i18n.Fill(t.StatementTitle, "name", c.Name) + ". " + t.HomeIntro
	}
	return t.HomeIntro
}
