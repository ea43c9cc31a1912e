package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/company"
	"privacyportal/app/cookieconsent"
	"privacyportal/app/i18n"
)

// CookiesPage is /{slug}/cookies: the company's cookies, the visitor's
// current choice, and the way to change or withdraw it at any time, in as
// few steps as consenting took. It works without JavaScript (its form posts
// to the Worker); with the app, it shows the choice read from the cookie
// and follows changes made by the page script.
type CookiesPage struct {
	app.Compo

	Site       Site
	Loc        Location
	Controller company.Controller

	choice *cookieconsent.Choice
	saved  bool
	gpc    bool
	listen app.Func
	// ticked is the choice the boxes were first rendered with. After
	// that the page script sets them (consent.js, on every choice saved)
	// and the visitor ticks them: were the app to render them from each
	// new choice, an update arriving late could tick again a box the
	// visitor had just unticked.
	ticked *cookieconsent.Choice
}

// OnMount reads the choice and listens for new ones.
func (p *CookiesPage) OnMount(ctx app.Context) {
	p.read()
	p.ticked = p.choice
	p.listen = app.FuncOf(func(app.Value, []app.Value) any {
		ctx.Dispatch(func(ctx app.Context) {
			p.read()
			p.saved = true
		})
		return nil
	})
	app.Window().Get("document").Call("addEventListener", "portal:consent", p.listen)
}

// OnDismount stops listening.
func (p *CookiesPage) OnDismount() {
	if p.listen != nil {
		app.Window().Get("document").Call("removeEventListener", "portal:consent", p.listen)
		p.listen.Release()
	}
}

func (p *CookiesPage) read() {
	p.gpc = app.Window().Get("navigator").Get("globalPrivacyControl").Truthy()
	p.choice = nil
	name := cookieconsent.CookieName(p.Controller.Slug) + "="
	for _, part := range strings.Split(app.Window().Get("document").Get("cookie").String(), "; ") {
		if v, ok := strings.CutPrefix(part, name); ok {
			if c, err := cookieconsent.Parse(v); err == nil && cookieconsent.Current(p.Controller.Cookies, c, time.Now(), p.gpc) {
				p.choice = &c
			}
		}
	}
}

// Render shows the page.
func (p *CookiesPage) Render() app.UI {
	c, l := p.Controller, p.Loc.Lang
	t := i18n.CookieConsent(l)
	title := app.H1().Text(i18n.Fill(t.PageTitle, "name", c.Name))
	summary := app.Div().Body(
		app.P().Class("lead").Lang(string(c.Language)).Body(companyWords(c, l, c.Cookies.Summarized, "summary", c.Cookies.Summary)),
		portalNotes(i18n.Pages(l), c.Cookies.Notes),
	)
	if !c.HasOptionalCookies() {
		return app.Div().Class("wrap page-cookies").Body(
			title,
			app.P().Class("lead").Text(i18n.Fill(t.NoneUsed, "name", c.Name)),
			summary,
			categories(c, l, "cookie", nil),
			p.back(),
		)
	}
	var granted func(string) bool
	if p.ticked != nil {
		granted = p.ticked.Has
	}
	saved := ""
	if p.saved {
		saved = t.Saved + " "
	}
	return app.Div().Class("wrap page-cookies").Body(
		title,
		app.P().Class("lead").Text(i18n.Fill(t.PageIntro, "name", c.Name)),
		app.P().Class("gpc-note").Text(t.GPCNote),
		summary,
		noticeLink(p.Site, l, "kept"),
		app.H2().Text(t.YourChoice),
		app.P().ID("consent-status").Role("status").Text(saved+p.status()),
		app.Form().Method("post").Action("/api/"+c.Slug+"/consent/cookies").Attr("data-consent-form", "").Body(
			app.Input().Type("hidden").Name("return").Value(p.Site.Path(p.Loc)),
			app.Input().Type("hidden").Name("language").Value(string(l)),
			categories(c, l, "cookie", granted),
			app.Div().Class("consent-actions").Body(
				app.Button().Type("submit").Name("method").Value(cookieconsent.MethodAccept).Class("button").Text(t.AcceptAll),
				app.Button().Type("submit").Name("method").Value(cookieconsent.MethodReject).Class("button").Text(t.RejectAll),
				app.Button().Type("submit").Name("method").Value(cookieconsent.MethodSave).Class("button").Text(t.Save),
			),
			app.H2().Text(t.Withdraw),
			app.P().ID("withdraw-help").Text(t.WithdrawHelp),
			app.P().Body(app.Button().Type("submit").Name("method").Value(cookieconsent.MethodWithdraw).
				Class("button secondary").Aria("describedby", "withdraw-help").Text(t.Withdraw)),
		),
		app.H2().Text(t.Receipt),
		app.P().Text(t.ReceiptHelp),
		app.P().Body(app.A().Href("/api/"+c.Slug+"/consent/cookies/receipt").
			Attr("download", "consent-receipt-"+c.Slug+".json").Text(t.Receipt)),
		app.P().Class("muted").Text(i18n.Fill(t.Lifetime, "days", strconv.Itoa(int(cookieconsent.Lifetime(c.Cookies).Hours()/24)))+
			" "+t.PolicyVersion+": "+c.Cookies.PolicyVersion+"."),
		p.back(),
	)
}

// status says what the visitor chose, category by category.
func (p *CookiesPage) status() string {
	l := p.Loc.Lang
	t, k := i18n.CookieConsent(l), i18n.Pages(l)
	if p.choice == nil {
		return t.NotChosen
	}
	var parts []string
	for _, cat := range cookieconsent.Optional(p.Controller.Cookies) {
		word := t.Refused
		if p.choice.Has(cat) {
			word = t.Granted
		}
		parts = append(parts, k.CookieKinds[cat]+": "+word)
	}
	out := strings.Join(parts, ", ") + ". " + i18n.Fill(t.ChosenOn, "date", i18n.FormatDate(l, time.Unix(p.choice.Time, 0)))
	if p.choice.Method == cookieconsent.MethodGPC {
		out += " " + t.ByGPC
	}
	return out
}

func (p *CookiesPage) back() app.UI {
	return app.P().Body(app.A().Href(p.Site.Path(Location{Page: PageStatement, Lang: p.Loc.Lang, Slug: p.Controller.Slug})).
		Text(i18n.Fill(i18n.Requests(p.Loc.Lang).BackTo, "name", p.Controller.Name)))
}
