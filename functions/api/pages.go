package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"privacyportal/app/i18n"
	"privacyportal/app/marketing"
	"privacyportal/app/privacy"
	"privacyportal/functions/requests"
)

// The pages the Worker answers with. The static site and the browser app
// cover everything a customer does with JavaScript on; these pages cover
// the same steps with JavaScript off, and the links in e-mails.

func date(l i18n.Lang, d privacy.Date) string { return i18n.FormatDate(l, d.Time()) }

// errorPage tells the user what went wrong, in their language, and offers
// the way back: to back, the portal page they came from (a path checked by
// privacy.PortalPath), and to the front page.
func errorPage(w http.ResponseWriter, lang i18n.Lang, code string, back string) {
	t, r := i18n.T(lang), i18n.R(lang)
	title := t.Errors[code]
	p := newPage(lang, title)
	switch code {
	case privacy.CodeExpired:
		p.h1(r.ExpiredTitle).para(r.ExpiredText)
	case privacy.CodeLinkExpired:
		p.h1(r.ExpiredTitle).para(i18n.K(lang).ExpiredLink)
	case privacy.CodeBadToken, privacy.CodeNotFound:
		p.h1(r.BadLinkTitle).para(r.BadLinkText)
	case privacy.CodeCrossSite:
		p.h1(t.CrossSiteTitle).para(t.CrossSiteText)
	default:
		p.h1(title)
	}
	if back != "" && privacy.PortalPath(back) {
		p.link(back, t.Back)
	}
	home := "/"
	if lang != i18n.NB {
		home = "/" + string(lang) + "/"
	}
	p.link(home, t.NotFoundHome)
	p.write(w, status(code))
}

func fieldID(name string) string { return "f-" + strings.ReplaceAll(name, "_", "-") }

// formPage answers a form post with errors: the same form, filled in as
// the customer left it, with each error at its field and a summary on top
// that links to them.
func formPage(w http.ResponseWriter, c privacy.Controller, lang i18n.Lang, form privacy.RequestForm, errs []privacy.FieldError) {
	t, r := i18n.T(lang), i18n.R(lang)
	msgs := privacy.Messages(lang, errs)
	p := newPage(lang, i18n.Fill(r.FormTitle, "name", c.Name))
	p.raw(`<div class="page-request">` + "\n")
	p.h1(i18n.Fill(r.FormTitle, "name", c.Name))
	p.raw(`<div class="error-summary" role="alert"><h2>` + esc(r.FixCount(len(errs))) + "</h2><ul>\n")
	for _, e := range errs {
		target := fieldID(e.Field)
		if e.Field == "type" || e.Field == "format" || e.Field == "objection_scope" {
			target += "-" + firstOption(e.Field)
		}
		p.raw(`<li><a href="#` + target + `">` + esc(r.Fields[e.Field]+": "+msgs[e.Field]) + "</a></li>\n")
	}
	p.raw("</ul></div>\n")
	action := "/api/" + c.Slug + "/requests"
	p.raw(`<form class="request-form" method="post" action="` + esc(action) + `" novalidate>` + "\n")
	p.raw(`<input type="hidden" name="language" value="` + esc(string(lang)) + `">` + "\n")
	group := ""
	for _, f := range privacy.RequestFields() {
		if f.Group != group {
			if group != "" {
				p.raw("</fieldset>\n")
			}
			group = f.Group
			if f.Kind != privacy.FieldKindChoice || f.Name != "type" {
				p.raw(`<fieldset class="group"><legend>` + esc(groupTitle(r, group)) + "</legend>\n")
			} else {
				p.raw(`<fieldset class="group">` + "\n")
			}
		}
		writeField(p, c, t, r, f, form.Value(f.Name), msgs[f.Name])
	}
	p.raw("</fieldset>\n")
	p.raw(`<p><button type="submit" class="button">` + esc(r.Submit) + "</button></p>\n</form>\n</div>\n")
	p.write(w, http.StatusUnprocessableEntity)
}

func firstOption(field string) string {
	for _, f := range privacy.RequestFields() {
		if f.Name == field && len(f.Options) > 0 {
			return strings.ReplaceAll(f.Options[0], "_", "-")
		}
	}
	return ""
}

func groupTitle(r *i18n.RequestText, group string) string {
	switch group {
	case privacy.GroupAboutYou:
		return r.AboutYou
	case privacy.GroupFindYou:
		return r.FindYou
	case privacy.GroupDetails:
		return r.Details
	}
	return r.ChooseType
}

func writeField(p *page, c privacy.Controller, t *i18n.Text, r *i18n.RequestText, f privacy.Field, value, msg string) {
	id := fieldID(f.Name)
	label := r.Fields[f.Name]
	if f.ForType != "" {
		label += " (" + i18n.Fill(r.OnlyFor, "type", strings.ToLower(r.Types[f.ForType])) + ")"
	} else if !f.Required {
		label += " (" + r.Optional + ")"
	}
	invalid := ""
	describedBy := []string{}
	if hint := r.FieldHelp[f.Name]; hint != "" {
		describedBy = append(describedBy, id+"-hint")
	}
	if msg != "" {
		invalid = ` aria-invalid="true"`
		describedBy = append(describedBy, id+"-error")
	}
	errHTML := ""
	if msg != "" {
		errHTML = `<p class="error" id="` + id + `-error">` + esc(msg) + "</p>\n"
	}
	if f.Kind == privacy.FieldKindChoice {
		if msg != "" {
			invalid += ` aria-describedby="` + id + `-error"`
		}
		p.raw(`<fieldset class="choices" id="` + id + `"` + invalid + `><legend>` + esc(label) + "</legend>\n")
		p.raw(errHTML)
		for _, opt := range f.Options {
			oid := id + "-" + strings.ReplaceAll(opt, "_", "-")
			checked := ""
			if value == opt {
				checked = " checked"
			}
			var text, help string
			switch f.Name {
			case "type":
				text, help = r.Types[opt], r.TypeHelp[opt]
			case "format":
				text = r.Formats[opt]
			case "objection_scope":
				text = r.Objections[opt]
			}
			desc := ""
			if help != "" {
				desc = ` aria-describedby="` + oid + `-help"`
			}
			p.raw(`<div class="choice"><input type="radio" name="` + f.Name + `" id="` + oid + `" value="` + esc(opt) + `"` + checked + desc + `>` +
				`<label for="` + oid + `">` + esc(text) + "</label>\n")
			if help != "" {
				p.raw(`<div class="hint" id="` + oid + `-help"><p>` + esc(help) + "</p>")
				if right, ok := c.Right(privacy.RightFor(opt)); ok && len(right.Limits) > 0 {
					p.raw(`<div class="limits"><p>` + esc(i18n.Fill(r.LimitsIntro, "name", c.Name)) + `</p><ul lang="` + string(c.Language) + `">`)
					for _, l := range right.Limits {
						p.raw("<li>" + esc(l) + "</li>")
					}
					p.raw("</ul></div>")
				}
				p.raw("</div>\n")
			}
			p.raw("</div>\n")
		}
		p.raw("</fieldset>\n")
		return
	}
	p.raw(`<div class="field"><label for="` + id + `">` + esc(label) + "</label>\n")
	if hint := r.FieldHelp[f.Name]; hint != "" {
		p.raw(`<p class="hint" id="` + id + `-hint">` + esc(hint) + "</p>\n")
	}
	p.raw(errHTML)
	attrs := ` id="` + id + `" name="` + f.Name + `"`
	if f.Autocomplete != "" {
		attrs += ` autocomplete="` + f.Autocomplete + `"`
	}
	if f.Max > 0 {
		attrs += ` maxlength="` + strconv.Itoa(f.Max) + `"`
	}
	if f.Required && f.ForType == "" {
		attrs += ` aria-required="true"`
	}
	if len(describedBy) > 0 {
		attrs += ` aria-describedby="` + strings.Join(describedBy, " ") + `"`
	}
	attrs += invalid
	if f.Kind == privacy.FieldKindArea {
		p.raw(`<textarea rows="4"` + attrs + `>` + esc(value) + "</textarea>\n")
	} else {
		p.raw(`<input type="` + f.Kind + `"` + attrs + ` value="` + esc(value) + `">` + "\n")
	}
	p.raw("</div>\n")
}

// checkMailPage tells the customer to look for the confirmation e-mail,
// and takes the code from it.
func checkMailPage(w http.ResponseWriter, c privacy.Controller, lang i18n.Lang, email string, rc requests.Receipt, codeError string) {
	r := i18n.R(lang)
	p := newPage(lang, r.CheckMailTitle)
	p.h1(r.CheckMailTitle)
	if email != "" {
		p.status("lead", i18n.Fill(r.CheckMail, "email", email))
	}
	p.facts(
		[2]string{r.Reference, rc.Reference},
		[2]string{r.DueBy, date(lang, rc.Deadlines.Due)},
	)
	p.raw(`<form method="post" action="/api/requests/` + esc(rc.ID) + `/confirm" novalidate>` + "\n")
	p.raw(`<input type="hidden" name="language" value="` + esc(string(lang)) + `">` + "\n")
	invalid, described := "", `code-hint`
	if codeError != "" {
		invalid = ` aria-invalid="true"`
		described += " code-error"
	}
	p.raw(`<div class="field"><label for="code">` + esc(r.CodeLabel) + "</label>\n")
	p.raw(`<p class="hint" id="code-hint">` + esc(r.CodeHelp) + "</p>\n")
	if codeError != "" {
		p.raw(`<p class="error" id="code-error" role="alert">` + esc(codeError) + "</p>\n")
	}
	p.raw(`<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" aria-describedby="` +
		described + `"` + invalid + `></div>` + "\n")
	p.raw(`<p><button type="submit" class="button">` + esc(r.ConfirmButton) + "</button></p>\n</form>\n")
	status := http.StatusAccepted
	if codeError != "" {
		status = http.StatusUnprocessableEntity
	}
	p.write(w, status)
}

// confirmPage is the page the confirmation link opens: one button.
func confirmPage(w http.ResponseWriter, c privacy.Controller, lang i18n.Lang, rec requests.Record, token string) {
	r := i18n.R(lang)
	p := newPage(lang, r.ConfirmTitle)
	p.h1(r.ConfirmTitle)
	p.para(i18n.Fill(r.ConfirmIntro, "name", c.Name))
	p.facts(
		[2]string{r.Reference, rec.Reference},
		[2]string{r.Fields["type"], r.Types[rec.Type]},
		[2]string{r.Fields["name"], rec.Form.Name},
		[2]string{r.Fields["email"], rec.Form.Email},
	)
	p.raw(`<form method="post" action="/api/requests/` + esc(rec.ID) + `/confirm">` + "\n")
	p.raw(`<input type="hidden" name="token" value="` + esc(token) + `">` + "\n")
	p.raw(`<input type="hidden" name="language" value="` + esc(string(lang)) + `">` + "\n")
	p.raw(`<p><button type="submit" class="button">` + esc(r.ConfirmButton) + "</button></p>\n</form>\n")
	p.write(w, http.StatusOK)
}

// confirmedPage is the receipt on screen: what was sent, the deadline,
// whom to contact and where to complain.
func confirmedPage(w http.ResponseWriter, c privacy.Controller, lang i18n.Lang, rec requests.Record, code int) {
	t, r := i18n.T(lang), i18n.R(lang)
	d := privacy.DeadlinesFor(rec.SubmittedAt)
	p := newPage(lang, r.ConfirmedTitle)
	p.h1(r.ConfirmedTitle)
	p.status("lead", i18n.Fill(r.ConfirmedText, "name", c.Name, "date", date(lang, rec.Due())))
	p.facts(
		[2]string{r.Reference, rec.Reference},
		[2]string{r.Fields["type"], r.Types[rec.Type]},
		[2]string{r.Submitted, date(lang, d.Received)},
		[2]string{r.DueBy, date(lang, rec.Due())},
		[2]string{r.LatestDue, date(lang, d.Latest)},
		[2]string{r.Status, r.Statuses[string(rec.Status)]},
	)
	if !rec.Erased {
		p.h2(r.WhatWasSent)
		var rows [][2]string
		for _, f := range privacy.RequestFields() {
			v := rec.Form.Value(f.Name)
			switch f.Name {
			case "type":
				v = r.Types[v]
			case "format":
				v = r.Formats[v]
			case "objection_scope":
				v = r.Objections[v]
			}
			rows = append(rows, [2]string{r.Fields[f.Name], v})
		}
		p.facts(rows...)
	}
	p.h2(r.CompanyContact)
	p.facts(
		[2]string{t.PrivacyEmail, c.PrivacyEmail},
		[2]string{t.PhoneLabel, c.Phone},
	)
	p.h2(r.ComplainTitle)
	a := c.Authority
	p.para(i18n.Fill(r.ComplainText, "authority", a.Name))
	p.facts(
		[2]string{t.PhoneLabel, a.Phone},
		[2]string{t.EmailLabel, a.Email},
		[2]string{t.WebsiteLabel, a.Website},
	)
	p.para(r.IdentityNote)
	prefix := ""
	if lang != c.Language {
		prefix = "/" + string(lang)
	}
	p.link(prefix+"/"+c.Slug+"/", i18n.Fill(r.BackTo, "name", c.Name))
	p.write(w, code)
}

// handledPage asks the company to confirm, or says it is done.
func handledPage(w http.ResponseWriter, c privacy.Controller, rec requests.Record, token string, done bool) {
	r := i18n.R(c.Language)
	p := newPage(c.Language, r.HandledTitle)
	p.h1(r.HandledTitle)
	if done || rec.Status == requests.StatusHandled {
		p.status("lead", i18n.Fill(r.HandledDone, "reference", rec.Reference))
		p.write(w, http.StatusOK)
		return
	}
	p.para(i18n.Fill(r.HandledAsk, "reference", rec.Reference))
	p.raw(`<form method="post" action="/api/requests/` + esc(rec.ID) + `/handled">` + "\n")
	p.raw(`<input type="hidden" name="token" value="` + esc(token) + `">` + "\n")
	p.raw(`<p><button type="submit" class="button">` + esc(r.HandledButton) + "</button></p>\n</form>\n")
	p.write(w, http.StatusOK)
}

// extendPage is the short form for extending a deadline.
func extendPage(w http.ResponseWriter, c privacy.Controller, rec requests.Record, token, dateValue, reasons string, e *privacy.Error) {
	l := c.Language
	r := i18n.R(l)
	min, max := requests.ExtensionWindow(rec)
	d := privacy.DeadlinesFor(rec.SubmittedAt)
	p := newPage(l, r.ExtendTitle)
	p.h1(r.ExtendTitle)
	status := http.StatusOK
	if e != nil {
		status = http.StatusUnprocessableEntity
		switch e.Code {
		case privacy.CodeConflict:
			msg := r.NotDelivered
			if rec.ExtendedTo != (privacy.Date{}) {
				msg = r.ExtendAlready
			}
			p.status("error", msg)
			p.write(w, http.StatusConflict)
			return
		case privacy.CodeErased:
			p.status("error", r.ExtendErased)
			p.write(w, http.StatusGone)
			return
		}
	}
	if rec.Status != requests.StatusDelivered || rec.ExtendedTo != (privacy.Date{}) {
		msg := r.NotDelivered
		if rec.ExtendedTo != (privacy.Date{}) {
			msg = r.ExtendAlready
		}
		p.status("error", msg)
		p.write(w, http.StatusOK)
		return
	}
	p.para(i18n.Fill(r.ExtendIntro, "reference", rec.Reference, "due", date(l, rec.Due()), "latest", date(l, d.Latest)))
	errs := map[string]string{}
	if e != nil {
		for _, f := range e.Fields {
			switch f.Field {
			case "date":
				errs["date"] = i18n.Fill(r.ExtendBadDate, "min", date(l, min), "max", date(l, max))
			case "reasons":
				errs["reasons"] = r.ExtendNoReasons
				if f.Problem == privacy.ErrTooLong {
					errs["reasons"] = privacy.Message(l, privacy.FieldError{Field: "text", Problem: privacy.ErrTooLong})
				}
			}
		}
	}
	if dateValue == "" {
		dateValue = max.String()
	}
	p.raw(`<form method="post" action="/api/requests/` + esc(rec.ID) + `/extend" novalidate>` + "\n")
	p.raw(`<input type="hidden" name="token" value="` + esc(token) + `">` + "\n")
	field := func(name, label, help, input string) {
		p.raw(`<div class="field"><label for="x-` + name + `">` + esc(label) + "</label>\n")
		p.raw(`<p class="hint" id="x-` + name + `-hint">` + esc(help) + "</p>\n")
		if msg := errs[name]; msg != "" {
			p.raw(`<p class="error" id="x-` + name + `-error">` + esc(msg) + "</p>\n")
		}
		p.raw(input + "</div>\n")
	}
	aria := func(name string) string {
		s := ` aria-describedby="x-` + name + `-hint`
		if errs[name] != "" {
			s += ` x-` + name + `-error" aria-invalid="true`
		}
		return s + `"`
	}
	field("date", r.ExtendDate, i18n.Fill(r.ExtendDateHelp, "min", date(l, min), "max", date(l, max)),
		`<input type="date" id="x-date" name="date" min="`+min.String()+`" max="`+max.String()+`" value="`+esc(dateValue)+`"`+aria("date")+`>`)
	field("reasons", r.ExtendReasons, r.ExtendReasonHelp,
		`<textarea id="x-reasons" name="reasons" rows="5" maxlength="`+strconv.Itoa(requests.MaxReasons)+`"`+aria("reasons")+`>`+esc(reasons)+`</textarea>`)
	p.raw(`<p><button type="submit" class="button">` + esc(r.ExtendButton) + "</button></p>\n</form>\n")
	p.write(w, status)
}

// extendedPage confirms the new deadline.
func extendedPage(w http.ResponseWriter, c privacy.Controller, rec requests.Record) {
	r := i18n.R(c.Language)
	p := newPage(c.Language, r.ExtendTitle)
	p.h1(r.ExtendTitle)
	p.status("lead", i18n.Fill(r.ExtendDone, "reference", rec.Reference, "date", date(c.Language, rec.ExtendedTo)))
	p.write(w, http.StatusOK)
}

// marketingFormPage answers a marketing form post with errors: the form,
// filled in as the customer left it, errors at the fields.
func marketingFormPage(w http.ResponseWriter, c privacy.Controller, lang i18n.Lang, f marketing.Form, errs []privacy.FieldError) {
	k, r := i18n.K(lang), i18n.R(lang)
	msgs := privacy.Messages(lang, errs)
	title := i18n.Fill(k.PageTitle, "name", c.Name)
	p := newPage(lang, title)
	p.raw(`<div class="page-marketing">` + "\n")
	p.h1(title)
	p.raw(`<div class="error-summary" role="alert"><h2>` + esc(r.FixCount(len(errs))) + "</h2><ul>\n")
	for _, e := range errs {
		target := "m-" + strings.ReplaceAll(e.Field, "_", "-")
		label := marketing.Label(lang, e.Field)
		switch e.Field {
		case "channels":
			target, label = "m-yes", k.YesTitle
		case "reserve":
			target, label = "m-no", k.NoTitle
		}
		p.raw(`<li><a href="#` + target + `">` + esc(label+": "+msgs[e.Field]) + "</a></li>\n")
	}
	p.raw("</ul></div>\n")
	p.raw(`<form method="post" action="/api/` + esc(c.Slug) + `/marketing" novalidate>` + "\n")
	p.raw(`<input type="hidden" name="language" value="` + esc(string(lang)) + `">` +
		`<input type="hidden" name="page" value="` + esc(f.Page) + `">` + "\n")
	box := func(name, value, id, label string, checked bool) {
		ch := ""
		if checked {
			ch = " checked"
		}
		p.raw(`<div class="choice"><input type="checkbox" name="` + name + `" value="` + esc(value) + `" id="` + id + `"` + ch + `>` +
			`<label for="` + id + `">` + esc(label) + "</label></div>\n")
	}
	group := func(id, legend, field string) {
		attrs := ""
		if msgs[field] != "" {
			attrs = ` aria-describedby="` + id + `-error"`
		}
		p.raw(`<fieldset class="group" id="` + id + `"` + attrs + `><legend>` + esc(legend) + "</legend>\n")
		if msgs[field] != "" {
			p.raw(`<p class="error" id="` + id + `-error">` + esc(msgs[field]) + "</p>\n")
		}
	}
	group("m-yes", k.YesTitle, "channels")
	for _, ch := range marketing.Channels(c) {
		box("channels", ch, "m-yes-"+ch, marketing.Wording(c, lang, ch), slices.Contains(f.Channels, ch))
	}
	p.raw("</fieldset>\n")
	group("m-no", k.NoTitle, "reserve")
	p.raw(`<p class="hint">` + esc(i18n.Fill(k.NoIntro, "name", c.Name)) + "</p>\n")
	for _, ch := range marketing.Reservable() {
		box("reserve", ch, "m-no-"+ch, marketing.ReserveWording(c, lang, ch), slices.Contains(f.Reserve, ch))
	}
	p.raw("</fieldset>\n")
	p.raw(`<fieldset class="group"><legend>` + esc(k.ContactTitle) + "</legend>\n")
	for _, fl := range marketing.ContactFields() {
		id := "m-" + strings.ReplaceAll(fl.Name, "_", "-")
		described := id + "-hint"
		invalid := ""
		if msgs[fl.Name] != "" {
			described += " " + id + "-error"
			invalid = ` aria-invalid="true"`
		}
		p.raw(`<div class="field"><label for="` + id + `">` + esc(marketing.Label(lang, fl.Name)) + "</label>\n")
		p.raw(`<p class="hint" id="` + id + `-hint">` + esc(marketing.NeedHint(lang, fl.Group)) + "</p>\n")
		if msgs[fl.Name] != "" {
			p.raw(`<p class="error" id="` + id + `-error">` + esc(msgs[fl.Name]) + "</p>\n")
		}
		p.raw(`<input type="` + fl.Kind + `" id="` + id + `" name="` + fl.Name + `" autocomplete="` + fl.Autocomplete +
			`" maxlength="` + strconv.Itoa(fl.Max) + `" aria-describedby="` + described + `"` + invalid +
			` value="` + esc(f.Value(fl.Name)) + `"></div>` + "\n")
	}
	p.raw("</fieldset>\n")
	p.raw(`<p><button type="submit" class="button">` + esc(k.Submit) + "</button></p>\n</form>\n</div>\n")
	p.write(w, http.StatusUnprocessableEntity)
}
