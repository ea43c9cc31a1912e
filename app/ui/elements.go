package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/calendar"
	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/requests"
	"privacyportal/app/valid"
)

// Small building blocks shared by the pages. URLs go through "%s" because
// go-app treats the first argument of Href as a format string, and an
// address may contain a percent sign.

// dlRow is one term and its description in a description list, grouped in
// a div as HTML allows, so that each pair can be styled as a row.
func dlRow(term string, value app.UI) app.UI {
	return app.Div().Body(app.Dt().Text(term), app.Dd().Body(value))
}

func addressLines(a company.Address) app.UI {
	var parts []app.UI
	for _, l := range a.Lines {
		parts = append(parts, app.Text(l), app.Br())
	}
	parts = append(parts, app.Text(a.PostalCode+" "+a.City))
	return app.Span().Class("address").Body(parts...)
}

func mailLink(email string) app.UI {
	return app.A().Href("%s", "mailto:"+email).Text(email)
}

func telLink(e164 string) app.UI {
	return app.A().Href("%s", "tel:"+e164).Text(formatPhone(e164))
}

func externalLink(url string) app.UI {
	return app.A().Href("%s", url).Rel("external noopener").Text(strings.TrimPrefix(url, "https://"))
}

// formatPhone writes a phone number as its country prints it.
func formatPhone(e164 string) string { return valid.FormatPhone(e164) }

// formatOrgNumber groups a Norwegian organisation number in threes
// ("985 758 220"), as the register prints it; CVR numbers are printed whole.
func formatOrgNumber(country, n string) string {
	if country == "NO" && len(n) == 9 {
		return n[0:3] + " " + n[3:6] + " " + n[6:9]
	}
	return n
}

func joinList(items []string) string { return strings.Join(items, ", ") }

// A form is rendered with the same elements in the same places whatever its
// state; what changes shows through attributes (hidden, disabled, aria-*)
// and text. go-app updates a page by matching each element with the one
// at the same place among its siblings: an element that appears or
// disappears (an error message, a field only some choices need) shifts
// the ones after it, and go-app then rewrites an input into its
// neighbour (the neighbour's id and name on the box the person ticked) or
// replaces it with a new, empty one (what they typed is gone). So every
// message has its slot, and a field that does not apply is hidden and
// disabled (a disabled field is not sent), keeping what was typed in it
// should it apply again. TestFormsKeepTheirPlaces checks every form.

// message is a slot for a message: a paragraph that is always there,
// hidden while msg is empty.
func message(id, class, msg string) app.HTMLP {
	p := app.P().ID(id).Class(class)
	if msg == "" {
		// Boolean attributes are set only when true (see submitButton).
		return p.Hidden(true)
	}
	return p.Text(msg)
}

// errorSummary is the slot for the list of errors found when a form was
// sent, less those corrected since: hidden when there are none.
func errorSummary(title string, items []app.UI) app.UI {
	d := app.Div().ID("error-summary").Class("error-summary").Role("alert").TabIndex(-1)
	if len(items) == 0 {
		return d.Hidden(true).Body(app.H2(), app.Ul())
	}
	return d.Body(app.H2().Text(title), app.Ul().Body(items...))
}

// dueText is a request's deadline as the customer reads it: a date once
// the request has reached the company, before that when it will be; for
// a type without a deadline (a withdrawal, a question), what stands in
// its place.
func dueText(l i18n.Lang, requestType, due string) string {
	if !requests.HasDeadline(requestType) && requestType != "" {
		return i18n.Requests(l).DueNone[requestType]
	}
	d, ok := calendar.ParseDate(due)
	if !ok {
		return i18n.Requests(l).DueOnceConfirmed
	}
	return i18n.FormatDate(l, d.Time())
}

// companyWords is the text of one field of a company's file in the
// company's language (so a screen reader speaks it as such): a quotation
// from its statement, or, where the field is listed in its object's
// Summarized, the portal's summary, followed by a mark in the reader's
// language that says so.
// entryWords is companyWords for what a company does, from its entry in
// the list of companies.
func entryWords(e company.Entry, l i18n.Lang) app.UI {
	var sum company.Summaries
	if e.Summarized {
		sum = company.Summaries{"business"}
	}
	return companyWords(company.Controller{Language: e.Language}, l, sum, "business", e.Business)
}

func companyWords(c company.Controller, l i18n.Lang, sum company.Summaries, field, text string) app.UI {
	words := app.Span().Lang(string(c.Language)).Text(text)
	if !sum.Has(field) {
		return words
	}
	// The mark is the reader's language, whatever its parent says.
	return app.Span().Body(words, app.Text(" "), app.Span().Class("portal-mark").Lang(string(l)).Text("("+i18n.Pages(l).Summary+")"))
}
