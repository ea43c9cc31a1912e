package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/calendar"
	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/marketingconsent"
	"privacyportal/app/problem"
	"privacyportal/app/requests"
)

// The Worker's answers, built from the site's own components (see Answer).

func controllerAnswer(site Site, c company.Controller, l i18n.Lang, title string, links func(i18n.Lang) string, body app.UI) Answer {
	return Answer{Site: site, Lang: l, Slug: c.Slug, Title: title, Links: links, Body: body}
}

// RequestFormAnswer is the request form coming back from a post with
// errors, filled in as the customer left it, each error at its field.
func RequestFormAnswer(site Site, c company.Controller, l i18n.Lang, form requests.Form, errs []problem.FieldError) Answer {
	p := &RequestPage{Site: site, Loc: Location{Page: PageRequest, Lang: l, Slug: c.Slug}, Controller: c,
		Filled: form, errs: problem.Messages(l, errs), summary: errs}
	return controllerAnswer(site, c, l, i18n.Fill(i18n.Requests(l).FormTitle, "name", c.Name), nil, p.renderForm())
}

// CodeAnswer asks for the code from the confirmation e-mail; email, when
// known, says where it went; codeErr is the error at the field.
func CodeAnswer(site Site, c company.Controller, l i18n.Lang, it SentRequest, email, codeErr string) Answer {
	p := &RequestPage{Site: site, Loc: Location{Page: PageRequest, Lang: l, Slug: c.Slug}, Controller: c,
		sent: &it, codeErr: codeErr}
	p.form.Email = email
	return controllerAnswer(site, c, l, i18n.Requests(l).CheckMailTitle, nil, p.renderCode())
}

// ConfirmAnswer is what the confirmation link opens: the request, and one
// button (a mail scanner that opens links confirms nothing).
func ConfirmAnswer(site Site, c company.Controller, l i18n.Lang, it SentRequest, name, email, token string, links func(i18n.Lang) string) Answer {
	r := i18n.Requests(l)
	body := app.Div().Class("wrap page-request").Body(
		app.H1().ID("main-title").Text(r.ConfirmTitle),
		app.P().Class("lead").Text(i18n.Fill(r.ConfirmIntro, "name", c.Name)),
		app.Dl().Class("facts").Body(
			dlRow(r.Reference, app.Span().Text(it.Reference)),
			dlRow(r.Label("type"), app.Span().Text(r.Types[it.Type])),
			dlRow(r.Fields["name"], app.Span().Text(name)),
			dlRow(r.Fields["email"], app.Span().Text(email)),
		),
		app.Form().Method("post").Action("/api/requests/"+it.ID+"/confirm").Body(
			app.Input().Type("hidden").Name("token").Value(token),
			app.Input().Type("hidden").Name("language").Value(string(l)),
			app.P().Body(submitButton(r.ConfirmButton, false)),
		),
	)
	return controllerAnswer(site, c, l, r.ConfirmTitle, links, body)
}

// ReceiptAnswer is the receipt of a confirmed request, as the app shows it
// (receipt); form is nil once the request's personal data is erased.
func ReceiptAnswer(site Site, c company.Controller, l i18n.Lang, it SentRequest, form *requests.Form, links func(i18n.Lang) string) Answer {
	return controllerAnswer(site, c, l, i18n.Requests(l).ConfirmedTitle, links, receipt(site, c, l, it, form))
}

// CompanyNotice is a page of the company's links with one message: the
// request handled, extended, or why it cannot be.
func CompanyNotice(site Site, c company.Controller, title, class, text string) Answer {
	body := app.Div().Class("wrap page-company").Body(
		app.H1().ID("main-title").Text(title),
		app.P().Class(class).Role("status").Text(text),
	)
	return controllerAnswer(site, c, c.Language, title, nil, body)
}

// HandledAnswer asks the company to confirm that a request is handled.
func HandledAnswer(site Site, c company.Controller, id, reference, token string) Answer {
	r := i18n.Requests(c.Language)
	body := app.Div().Class("wrap page-company").Body(
		app.H1().ID("main-title").Text(r.HandledTitle),
		app.P().Class("lead").Text(i18n.Fill(r.HandledAsk, "reference", reference)),
		app.Form().Method("post").Action("/api/requests/"+id+"/handled").Body(
			app.Input().Type("hidden").Name("token").Value(token),
			app.P().Body(submitButton(r.HandledButton, false)),
		),
	)
	return controllerAnswer(site, c, c.Language, r.HandledTitle, nil, body)
}

// Extension is what the form for extending a deadline shows.
type Extension struct {
	ID, Reference, Token string
	Due, Latest          calendar.Date // the deadline now, and the latest the law allows
	Min, Max             calendar.Date // the dates the form accepts
	Date, Reasons        string        // as entered
	Errors               map[string]string
}

// ExtendAnswer is the company's form for extending a deadline.
func ExtendAnswer(site Site, c company.Controller, x Extension) Answer {
	l := c.Language
	r := i18n.Requests(l)
	date := func(d calendar.Date) string { return i18n.FormatDate(l, d.Time()) }
	field := func(name, label, help string, input app.UI) app.UI {
		return app.Div().Class("field").Body(
			app.Label().For("x-"+name).Text(label),
			app.P().Class("hint").ID("x-"+name+"-hint").Text(help),
			message("x-"+name+"-error", "error", x.Errors[name]),
			input,
		)
	}
	described := func(name string) string {
		if x.Errors[name] != "" {
			return "x-" + name + "-hint x-" + name + "-error"
		}
		return "x-" + name + "-hint"
	}
	dateIn := app.Input().Type("date").ID("x-date").Name("date").Min(x.Min.String()).Max(x.Max.String()).
		Value(x.Date).Aria("describedby", described("date"))
	reasons := app.Textarea().ID("x-reasons").Name("reasons").Rows(5).MaxLength(maxReasons).
		Aria("describedby", described("reasons")).Text(x.Reasons)
	if x.Errors["date"] != "" {
		dateIn = dateIn.Aria("invalid", "true")
	}
	if x.Errors["reasons"] != "" {
		reasons = reasons.Aria("invalid", "true")
	}
	body := app.Div().Class("wrap page-company").Body(
		app.H1().ID("main-title").Text(r.ExtendTitle),
		app.P().Class("lead").Text(i18n.Fill(r.ExtendIntro, "reference", x.Reference, "due", date(x.Due), "latest", date(x.Latest))),
		app.Form().Method("post").Action("/api/requests/"+x.ID+"/extend").NoValidate(true).Body(
			app.Input().Type("hidden").Name("token").Value(x.Token),
			field("date", r.ExtendDate, i18n.Fill(r.ExtendDateHelp, "min", date(x.Min), "max", date(x.Max)), dateIn),
			field("reasons", r.ExtendReasons, r.ExtendReasonHelp, reasons),
			app.P().Body(submitButton(r.ExtendButton, false)),
		),
	)
	return controllerAnswer(site, c, l, r.ExtendTitle, nil, body)
}

// maxReasons is how long the reasons for an extension may be; the Worker
// refuses longer ones (functions/requests.MaxReasons).
const maxReasons = 2000

// MarketingFormAnswer is the marketing form coming back from a post with
// errors, filled in as the customer left it.
func MarketingFormAnswer(site Site, c company.Controller, l i18n.Lang, f marketingconsent.Form, errs []problem.FieldError) Answer {
	p := &MarketingPage{Site: site, Loc: Location{Page: PageMarketing, Lang: l, Slug: c.Slug}, Controller: c,
		Filled: f, form: f, errs: problem.Messages(l, errs), summary: errs}
	return controllerAnswer(site, c, l, i18n.Fill(i18n.Marketing(l).PageTitle, "name", c.Name), nil, p.Render())
}

// MarketingNotice is a marketing page with one message, and a link when
// link is set.
func MarketingNotice(site Site, c company.Controller, l i18n.Lang, title, text, href, link string) Answer {
	var a app.UI
	if href != "" {
		a = app.P().Body(app.A().Href("%s", href).Text(link))
	}
	body := app.Div().Class("wrap page-marketing").Body(
		app.H1().ID("main-title").Text(title),
		app.P().Class("lead").Role("status").Text(text),
		a,
	)
	return controllerAnswer(site, c, l, title, nil, body)
}

// MarketingConfirmAnswer lists the choices a confirmation link confirms,
// with one button.
func MarketingConfirmAnswer(site Site, c company.Controller, l i18n.Lang, choices []string, token string) Answer {
	k := i18n.Marketing(l)
	items := make([]app.UI, len(choices))
	for i, ch := range choices {
		items[i] = app.Li().Text(ch)
	}
	body := app.Div().Class("wrap page-marketing").Body(
		app.H1().ID("main-title").Text(k.ConfirmTitle),
		app.P().Class("lead").Text(i18n.Fill(k.ConfirmIntro, "name", c.Name)),
		app.Ul().Body(items...),
		app.Form().Method("post").Action("/api/marketing/confirm").Body(
			app.Input().Type("hidden").Name("t").Value(token),
			app.P().Body(submitButton(k.ConfirmButton, false)),
		),
	)
	return controllerAnswer(site, c, l, k.ConfirmTitle, nil, body)
}

// Consent is one channel's consent on the page that manages them.
type Consent struct {
	Channel, Status, Purposes string
	Since                     calendar.Date
}

// ManageNotice is what the manage page says of the last withdrawal: that
// it withdrew consent, that it changed nothing (there was no consent to
// withdraw), or, as an Error, why it was refused.
type ManageNotice struct {
	Text  string
	Error bool
}

// ManageAnswer shows a person's marketing consents, each with a button to
// withdraw it, and one to withdraw all, below the notice of what the last
// post did, if any.
func ManageAnswer(site Site, c company.Controller, l i18n.Lang, person, token string, consents []Consent, notice ManageNotice) Answer {
	k, t := i18n.Marketing(l), i18n.Pages(l)
	form := func(channel, label string) app.UI {
		return app.Form().Method("post").Action("/api/marketing/manage").Class("inline-form").Body(
			app.Input().Type("hidden").Name("p").Value(person),
			app.Input().Type("hidden").Name("t").Value(token),
			app.Input().Type("hidden").Name("channel").Value(channel),
			app.Button().Type("submit").Class("button secondary").Text(label),
		)
	}
	var items []app.UI
	anyGranted := false
	for _, cs := range consents {
		var purposes, withdraw app.UI
		if cs.Purposes != "" {
			purposes = app.P().Lang(string(c.Language)).Text(cs.Purposes)
		}
		if cs.Status == marketingconsent.StatusGranted {
			anyGranted = true
			withdraw = form(cs.Channel, i18n.Fill(k.WithdrawOne, "channel", k.ChannelBy[cs.Channel]))
		}
		items = append(items, app.Li().Class("company").Body(
			app.H2().Text(t.ChannelNames[cs.Channel]),
			app.P().Text(k.Status[cs.Status]+", "+i18n.Fill(k.Since, "date", i18n.FormatDate(l, cs.Since.Time()))+"."),
			purposes,
			withdraw,
		))
	}
	var status, empty, all app.UI
	switch {
	case notice.Error:
		status = app.P().ID("manage-error").Class("error").Role("alert").Text(notice.Text)
	case notice.Text != "":
		status = app.P().Class("lead").Role("status").Text(notice.Text)
	}
	if len(consents) == 0 {
		empty = app.P().Text(k.NothingToShow)
	}
	if anyGranted && len(consents) > 1 {
		all = form("all", k.WithdrawAll)
	}
	title := i18n.Fill(k.ManageTitle, "name", c.Name)
	body := app.Div().Class("wrap page-marketing").Body(
		app.H1().ID("main-title").Text(title),
		app.P().Text(k.ManageIntro),
		status,
		empty,
		app.Ul().Class("my-requests").Body(items...),
		all,
	)
	return controllerAnswer(site, c, l, title, nil, body)
}
