package ui

import (
	"html"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/i18n"
	"privacyportal/app/problem"
	"privacyportal/app/valid"
)

// Answer is a page the Worker answers with: the steps a customer takes
// with JavaScript off, and the pages the links in e-mails open. It is
// rendered by the same components as the prerendered site (header and
// language switch, the page's content, footer), so a receipt reached from
// an e-mail's link looks like the one the app shows. The Worker's pages
// load no script: they are forms that post, and links.
type Answer struct {
	Site Site
	Lang i18n.Lang
	// Slug is the company the page is about, if any; it decides the
	// footer's links.
	Slug  string
	Title string
	// Links is the address of this page in each language, for the
	// language switch; nil links each language to the company's statement,
	// or the front page.
	Links func(i18n.Lang) string
	Body  app.UI
}

// UI is the answer inside the portal's frame.
func (a Answer) UI() app.UI {
	t := i18n.Pages(a.Lang)
	loc := Location{Page: PageHome, Lang: a.Lang}
	if a.Slug != "" {
		loc = Location{Page: PageStatement, Lang: a.Lang, Slug: a.Slug}
	}
	return app.Div().ID("portal").Class("portal").Body(
		app.A().Class("skip-link").Href("#main").Text(t.SkipToContent),
		&Header{Site: a.Site, Loc: loc, Links: a.Links, NoOffers: true},
		app.Div().Class("consent-slot"),
		app.Main().ID("main").TabIndex(-1).Body(a.Body),
		&Footer{Site: a.Site, Loc: loc},
	)
}

// Document is the whole HTML document of the answer, with the head the
// prerendered pages have (less the app's scripts). It panics (the Worker
// answers 500) if go-app wrote markup WellFormed cannot read, which only
// another go-app version can cause: such a page, with a customer's input
// in its form, is not sent unrepaired.
func (a Answer) Document() []byte {
	t := i18n.Pages(a.Lang)
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + html.EscapeString(string(a.Lang)) + "\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
		"<meta name=\"theme-color\" content=\"#0b5563\">\n" +
		"<meta name=\"robots\" content=\"noindex\">\n" +
		"<title>" + html.EscapeString(a.Title+" – "+t.SiteName) + "</title>\n" +
		"<link rel=\"icon\" href=\"/web/icon.svg\">\n" +
		"<link rel=\"stylesheet\" type=\"text/css\" href=\"/app.css\">\n" +
		"<link rel=\"stylesheet\" type=\"text/css\" href=\"/web/portal.css\">\n</head>\n<body>\n")
	body, err := WellFormed(app.HTMLString(a.UI()))
	if err != nil {
		panic(err)
	}
	b.WriteString(body)
	b.WriteString("\n</body>\n</html>\n")
	return []byte(b.String())
}

// ErrorAnswer says what went wrong, in the reader's language, with the way
// back: to back, the portal page they came from (a path valid.PortalPath
// accepts), and to the front page.
func ErrorAnswer(site Site, l i18n.Lang, code, back string) Answer {
	t, r := i18n.Pages(l), i18n.Requests(l)
	title, text := t.Errors[code], ""
	switch code {
	case problem.CodeExpired:
		title, text = r.ExpiredTitle, r.ExpiredText
	case problem.CodeLinkExpired:
		title, text = r.ExpiredTitle, i18n.Marketing(l).ExpiredLink
	case problem.CodeBadToken, problem.CodeNotFound:
		title, text = r.BadLinkTitle, r.BadLinkText
	case problem.CodeCrossSite:
		title, text = t.CrossSiteTitle, t.CrossSiteText
	}
	body := []app.UI{app.H1().ID("main-title").Text(title)}
	if text != "" {
		body = append(body, app.P().Class("lead").Text(text))
	}
	if back != "" && valid.PortalPath(back) {
		body = append(body, app.P().Body(app.A().Href("%s", back).Text(t.Back)))
	}
	body = append(body, app.P().Body(app.A().Href("%s", site.Path(Location{Page: PageHome, Lang: l})).Text(t.NotFoundHome)))
	return Answer{Site: site, Lang: l, Title: title, Body: app.Div().Class("wrap page-error").Body(body...)}
}
