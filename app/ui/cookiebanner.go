package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/company"
	"privacyportal/app/cookieconsent"
	"privacyportal/app/i18n"
)

// ConsentBanner asks for consent to a company's optional cookies on each of
// its pages. It is an ordinary form that posts to the Worker, so it works
// without JavaScript; the page script (site/assets/consent.js) handles it
// at once when scripts run, before the browser app has loaded, and keeps
// handling it after. Whether it shows is decided by that script, through
// attributes on <html> the stylesheet reads, so the app replacing the page
// never brings back a banner the visitor has answered. The script reads the
// company's policy from the page's head (ConsentMetaName), not from the
// banner. It is a region, not a dialog: the page stays usable, and closing
// it consents to nothing.
type ConsentBanner struct {
	app.Compo

	Site       Site
	Loc        Location
	Controller company.Controller
}

// Render shows the banner, with the note that Global Privacy Control was
// honoured, which is all that shows when it was.
func (b *ConsentBanner) Render() app.UI {
	c, l := b.Controller, b.Loc.Lang
	t, k := i18n.CookieConsent(l), i18n.Pages(l)
	var names []string
	for _, cat := range cookieconsent.Optional(c.Cookies) {
		names = append(names, strings.ToLower(k.CookieKinds[cat]))
	}
	cookiesPage := b.Site.Path(Location{Page: PageCookies, Lang: l, Slug: c.Slug})
	return app.Section().ID("consent").Class("consent-banner").Aria("labelledby", "consent-title").TabIndex(-1).Body(
		app.P().Class("gpc-note").Text(t.GPCNote),
		app.Form().Method("post").Action("/api/"+c.Slug+"/consent/cookies").Attr("data-consent-form", "").Body(
			app.Input().Type("hidden").Name("return").Value(b.Site.Path(b.Loc)),
			app.Input().Type("hidden").Name("language").Value(string(l)),
			app.H2().ID("consent-title").Text(i18n.Fill(t.BannerTitle, "name", c.Name)),
			app.P().Text(i18n.Fill(t.BannerText, "name", c.Name, "categories", joinAnd(l, names))),
			app.Div().Class("consent-actions").Body(
				app.Button().Type("submit").Name("method").Value(cookieconsent.MethodAccept).Class("button").Text(t.AcceptAll),
				app.Button().Type("submit").Name("method").Value(cookieconsent.MethodReject).Class("button").Text(t.RejectAll),
				app.A().Class("button").Href(cookiesPage).Attr("data-consent-action", "choose").Text(t.Choose),
			),
			noticeLink(b.Site, l, "kept"),
			app.Div().Class("consent-details").Body(
				categories(c, l, "consent", nil),
				app.P().Body(app.Button().Type("submit").Name("method").Value(cookieconsent.MethodSave).Class("button").Text(t.Save)),
			),
			app.Button().Type("button").Class("consent-close").Aria("label", t.Close).
				Attr("data-consent-action", "close").Text("×"),
		),
	)
}

// ConsentMetaName is the name of the <meta> tag in the page's head that
// holds the company's cookie policy for the page script (cookieconsent.Config,
// encoded): the script runs in the head, before the body and its banner
// exist, so the policy is written there, once per page (site/generate).
const ConsentMetaName = "pp-consent"

// syncConsentMeta keeps that tag in step with the page the app shows: the
// app may go from one company's page to another's, or to a page of no
// company, without the browser loading a new head.
func syncConsentMeta(site Site, loc Location) {
	doc := app.Window().Get("document")
	meta := doc.Call("querySelector", `meta[name="`+ConsentMetaName+`"]`)
	c, ok := site.Controllers.Lookup(loc.Slug)
	if !ok {
		if meta.Truthy() {
			meta.Call("remove")
		}
		return
	}
	if !meta.Truthy() {
		meta = doc.Call("createElement", "meta")
		meta.Call("setAttribute", "name", ConsentMetaName)
		doc.Get("head").Call("appendChild", meta)
	}
	if v := cookieconsent.ConfigFor(c).Encode(); meta.Call("getAttribute", "content").String() != v {
		meta.Call("setAttribute", "content", v)
	}
}

// cookieService is one of a company's cookie services as the banner, the
// cookie page and the statement all show it: the company's words marked
// with its language, and "not stated in the company's statement" where it
// gives no provider or lifetime. For a tool the portal knows
// (company.KnownService) the portal's facts fill those gaps, each marked as
// the portal's, and follow in a block of their own: who receives what the
// browser sends, whether it may leave the EU/EEA and on what basis, and
// the vendor's pages they are taken from.
func cookieService(c company.Controller, l i18n.Lang, s company.CookieService) app.UI {
	t := i18n.Pages(l)
	own := string(c.Language)
	known, isKnown := s.KnownService()
	stated := func(text string) app.UI {
		if text == "" {
			return app.Span().Class("muted").Text(t.NotStated)
		}
		return app.Span().Lang(own).Text(text)
	}
	words := func(field, text string) app.UI {
		if text == "" {
			return stated(text)
		}
		return companyWords(c, l, s.Summarized, field, text)
	}
	portal := func(text string) app.UI {
		return app.Span().Body(app.Text(text+" "), app.Span().Class("portal-mark").Text("("+t.PortalFact+")"))
	}
	provider := words("provider", s.Provider)
	if s.Provider == "" && isKnown {
		provider = portal(providerName(t, known))
	}
	var names app.UI
	switch {
	case len(s.Cookies) > 0:
		items := make([]app.UI, 0, 2*len(s.Cookies))
		for i, ck := range s.Cookies {
			if i > 0 {
				items = append(items, app.Text(", "))
			}
			lifetime := stated(ck.Lifetime)
			if kc, ok := knownCookie(known, ck.Name); ck.Lifetime == "" && ok {
				lifetime = portal(cookieLifetime(l, kc))
			}
			items = append(items, app.Code().Text(ck.Name), app.Text(" ("), lifetime, app.Text(")"))
		}
		names = dlRow(t.CookieNames, app.Span().Body(items...))
	case isKnown:
		items := make([]app.UI, 0, 2*len(known.Cookies)+1)
		for i, kc := range known.Cookies {
			if i > 0 {
				items = append(items, app.Text(", "))
			}
			items = append(items, app.Code().Text(kc.Name), app.Text(" ("+cookieLifetime(l, kc)+")"))
		}
		items = append(items, app.Text(" "), app.Span().Class("portal-mark").Text("("+t.PortalFact+")"))
		names = dlRow(t.CookieNames, app.Span().Body(items...))
	}
	var facts app.UI
	if isKnown {
		facts = knownFacts(l, known)
	}
	return app.Li().Body(
		app.Strong().Body(companyWords(c, l, s.Summarized, "name", s.Name)),
		app.Dl().Class("facts").Body(
			dlRow(t.CookieProvider, provider),
			dlRow(t.Purpose, words("purpose", s.Purpose)),
			names,
		),
		facts,
	)
}

// knownFacts are the portal's facts about a known tool beyond its provider
// and cookies, with their sources, marked as the portal's.
func knownFacts(l i18n.Lang, k company.KnownService) app.UI {
	t := i18n.Pages(l)
	sources := make([]app.UI, 0, 2*len(k.Sources))
	for i, src := range k.Sources {
		if i > 0 {
			sources = append(sources, app.Text(", "))
		}
		sources = append(sources, externalLink(src))
	}
	return app.Div().Class("portal-facts").Body(
		app.P().Class("portal-note").Text(i18n.Fill(t.PortalFacts, "service", k.Name)),
		app.Dl().Class("facts").Body(
			dlRow(t.ServiceRecipient, app.Span().Text(providerName(t, k)+", "+strings.ToLower(t.Roles[k.Role]))),
			dlRow(t.ServiceSends, app.Span().Text(serviceData(l, k))),
			dlRow(t.ServiceTransfer, app.Span().Text(i18n.Fill(t.ServiceTransferText, "provider", k.Provider,
				"countries", countryList(l, k.Countries), "bases", transferBases(l, k)))),
			dlRow(t.ServiceSources, app.Span().Class("sources").Body(sources...)),
		),
	)
}

// providerName is a known tool's provider with the country of its seat.
func providerName(t *i18n.PageText, k company.KnownService) string {
	return k.Provider + " (" + t.CountryNames[k.Seat] + ")"
}

// serviceData lists what a browser sends a known tool, in running text.
func serviceData(l i18n.Lang, k company.KnownService) string {
	return listNamed(l, k.Sends, i18n.Pages(l).ServiceData)
}

// transferBases lists the bases a known tool's provider gives for data
// leaving the EU/EEA.
func transferBases(l i18n.Lang, k company.KnownService) string {
	return listNamed(l, k.Transfers, i18n.Pages(l).TransferBases)
}

// countryList names countries in running text.
func countryList(l i18n.Lang, codes []string) string {
	return listNamed(l, codes, i18n.Pages(l).CountryNames)
}

// listNamed lists keys by their names in running text: "a, b og c".
func listNamed(l i18n.Lang, keys []string, names map[string]string) string {
	items := make([]string, len(keys))
	for i, key := range keys {
		items[i] = names[key]
	}
	return joinAnd(l, items)
}

// knownCookie finds a cookie by name among a known tool's.
func knownCookie(k company.KnownService, name string) (company.KnownCookie, bool) {
	for _, kc := range k.Cookies {
		if kc.Name == name {
			return kc, true
		}
	}
	return company.KnownCookie{}, false
}

// cookieLifetime is a known cookie's lifetime in running text, with the
// site it lives on when that is not the company's.
func cookieLifetime(l i18n.Lang, kc company.KnownCookie) string {
	t := i18n.Pages(l)
	units := t.UnitsMany
	if kc.Lifetime.N == 1 {
		units = t.UnitsOne
	}
	s := i18n.Fill(units[kc.Lifetime.Unit], "n", strconv.Itoa(kc.Lifetime.N))
	if kc.Domain != "" {
		s += ", " + i18n.Fill(t.OnDomain, "domain", kc.Domain)
	}
	return s
}

// categories lists a company's cookie categories with their services: a
// checkbox for each optional one (named category, as the Worker reads
// it), never ticked unless the visitor chose it, and the necessary ones
// marked as always on.
func categories(c company.Controller, l i18n.Lang, idPrefix string, granted func(string) bool) app.UI {
	t, k := i18n.CookieConsent(l), i18n.Pages(l)
	items := make([]app.UI, 0, len(c.Cookies.Categories))
	for _, cat := range c.Cookies.Categories {
		id := idPrefix + "-" + cat.ID
		services := make([]app.UI, 0, len(cat.Services))
		for _, s := range cat.Services {
			services = append(services, cookieService(c, l, s))
		}
		var head app.UI
		if cat.ID == company.CookiesNecessary {
			head = app.P().Class("category-name").Body(
				app.Strong().Text(k.CookieKinds[cat.ID]), app.Text(" ("+t.AlwaysOn+")"),
			)
		} else {
			box := app.Input().Type("checkbox").Name("category").Value(cat.ID).ID(id).Aria("describedby", id+"-about")
			if granted != nil && granted(cat.ID) {
				box = box.Checked(true)
			}
			head = app.Div().Class("choice").Body(box, app.Label().For(id).Text(k.CookieKinds[cat.ID]))
		}
		// The company's own words (the category's description, its
		// services' names) carry the company's language, the portal's
		// the reader's: a screen reader then speaks each in its own.
		own := string(c.Language)
		var necessary app.UI
		if cat.ID == company.CookiesNecessary {
			necessary = app.Text(t.Necessary + " ")
		}
		items = append(items, app.Div().Class("category").Body(
			head,
			app.P().Class("hint").ID(id+"-about").Body(necessary, companyWords(c, l, cat.Summarized, "description", cat.Description)),
			app.Details().Body(
				app.Summary().Body(app.Text(t.Services+": "), app.Span().Lang(own).Text(serviceNames(cat))),
				app.Ul().Class("services").Body(services...),
			),
		))
	}
	return app.Div().Class("categories").Body(items...)
}

func serviceNames(cat company.CookieCategory) string {
	names := make([]string, len(cat.Services))
	for i, s := range cat.Services {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

// joinAnd lists words the way the language does: "a, b og c".
func joinAnd(l i18n.Lang, words []string) string { return i18n.JoinAnd(l, words) }
