package api

import (
	"net/http"
	"net/url"
	"strconv"

	"privacyportal/app/calendar"
	"privacyportal/app/company"
	"privacyportal/app/i18n"
	appmarketingconsent "privacyportal/app/marketingconsent"
	"privacyportal/app/problem"
	apprequests "privacyportal/app/requests"
	"privacyportal/app/ui"
	"privacyportal/functions/requests"
)

// The pages the Worker answers with: the steps a customer takes with
// JavaScript off, and what the links in e-mails open. They are rendered by
// the site's own components (ui.Answer), so they have its header, language
// switch, navigation and footer; this file only gathers what each shows.

// writeAnswer sends an answer page with the given status.
func writeAnswer(w http.ResponseWriter, status int, a ui.Answer) {
	b := a.Document()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b) //nolint:errcheck // a client that is gone has nothing to be told
}

// sameIn is the address of the page a GET answered, in each language: the
// same address with lang set.
func sameIn(r *http.Request) func(i18n.Lang) string {
	return func(l i18n.Lang) string {
		q := r.URL.Query()
		q.Set("lang", string(l))
		return r.URL.Path + "?" + q.Encode()
	}
}

// confirmLinkIn is the confirmation link of a request in each language:
// after a confirmation posted with the link's token, the receipt in another
// language is that link's page.
func confirmLinkIn(id, token string) func(i18n.Lang) string {
	if token == "" {
		return nil
	}
	return func(l i18n.Lang) string {
		return "/api/requests/" + url.PathEscape(id) + "/confirm?" + url.Values{"token": {token}, "lang": {string(l)}}.Encode()
	}
}

// formPage answers a request form posted with errors.
func formPage(x *exchange, w http.ResponseWriter, c company.Controller, lang i18n.Lang, form apprequests.Form, errs []problem.FieldError) {
	writeAnswer(w, http.StatusUnprocessableEntity, ui.RequestFormAnswer(x.site, c, lang, form, errs))
}

// checkMailPage asks for the code from the confirmation e-mail.
func checkMailPage(x *exchange, w http.ResponseWriter, c company.Controller, lang i18n.Lang, email string, rc requests.Receipt, codeError string) {
	status := http.StatusAccepted
	if codeError != "" {
		status = http.StatusUnprocessableEntity
	}
	it := ui.SentRequest{ID: rc.ID, Reference: rc.Reference, Controller: c.Slug, Status: string(rc.Status)}
	writeAnswer(w, status, ui.CodeAnswer(x.site, c, lang, it, email, codeError))
}

// mineItem is a request as the receipt shows it.
func mineItem(rec requests.Record) ui.SentRequest {
	return ui.SentRequest{ID: rec.ID, Reference: rec.Reference, Controller: rec.Controller, Type: rec.Type,
		Submitted: calendar.DateOf(rec.SubmittedAt).String(), Due: rec.Due().String(), Latest: rec.Latest().String(),
		Status: string(rec.Status)}
}

// confirmPage is what the confirmation link opens: one button.
func confirmPage(x *exchange, w http.ResponseWriter, c company.Controller, lang i18n.Lang, rec requests.Record, token string) {
	writeAnswer(w, http.StatusOK, ui.ConfirmAnswer(x.site, c, lang, mineItem(rec), rec.Form.Name, rec.Form.Email, token, sameIn(x.r)))
}

// confirmedPage is the receipt of a confirmed request.
func confirmedPage(x *exchange, w http.ResponseWriter, c company.Controller, lang i18n.Lang, rec requests.Record, code int, links func(i18n.Lang) string) {
	var form *apprequests.Form
	if !rec.Erased {
		form = &rec.Form
	}
	writeAnswer(w, code, ui.ReceiptAnswer(x.site, c, lang, mineItem(rec), form, links))
}

// handledPage asks the company to confirm, or says it is done.
func handledPage(x *exchange, w http.ResponseWriter, c company.Controller, rec requests.Record, token string, done bool) {
	r := i18n.Requests(c.Language)
	if done || rec.Status == requests.StatusHandled {
		writeAnswer(w, http.StatusOK, ui.CompanyNotice(x.site, c, r.HandledTitle, "lead", i18n.Fill(r.HandledDone, "reference", rec.Reference)))
		return
	}
	writeAnswer(w, http.StatusOK, ui.HandledAnswer(x.site, c, rec.ID, rec.Reference, token))
}

// extendPage is the form for extending a deadline, or why it cannot be.
func extendPage(x *exchange, w http.ResponseWriter, c company.Controller, rec requests.Record, token, dateValue, reasons string, e *problem.Error) {
	l := c.Language
	r := i18n.Requests(l)
	notice := func(status int, msg string) {
		writeAnswer(w, status, ui.CompanyNotice(x.site, c, r.ExtendTitle, "error", msg))
	}
	already := r.NotDelivered
	if rec.ExtendedTo != (calendar.Date{}) {
		already = r.ExtendAlready
	}
	status := http.StatusOK
	if e != nil {
		status = http.StatusUnprocessableEntity
		switch e.Code {
		case problem.CodeConflict:
			notice(http.StatusConflict, already)
			return
		case problem.CodeErased:
			notice(http.StatusGone, r.ExtendErased)
			return
		case problem.CodeTooLate:
			notice(http.StatusConflict, i18n.Fill(r.ExtendTooLate, "due", i18n.FormatDate(l, rec.DueBy.Time())))
			return
		}
	}
	if rec.Status != requests.StatusDelivered || rec.ExtendedTo != (calendar.Date{}) {
		notice(http.StatusOK, already)
		return
	}
	if !apprequests.HasDeadline(rec.Type) {
		notice(http.StatusOK, r.ExtendNone)
		return
	}
	if !requests.ExtendableOn(rec, calendar.DateOf(x.now())) {
		notice(http.StatusOK, i18n.Fill(r.ExtendTooLate, "due", i18n.FormatDate(l, rec.DueBy.Time())))
		return
	}
	min, max := requests.ExtensionWindow(rec)
	date := func(d calendar.Date) string { return i18n.FormatDate(l, d.Time()) }
	errs := map[string]string{}
	if e != nil {
		for _, f := range e.Fields {
			switch f.Field {
			case "date":
				errs["date"] = i18n.Fill(r.ExtendBadDate, "min", date(min), "max", date(max))
			case "reasons":
				errs["reasons"] = r.ExtendNoReasons
				if f.Problem == problem.ErrTooLong {
					errs["reasons"] = problem.Message(l, problem.FieldError{Field: "text", Problem: problem.ErrTooLong})
				}
			}
		}
	}
	// The form first offers the latest date; sent back with errors, it
	// holds what was sent, a date cleared included.
	if dateValue == "" && e == nil {
		dateValue = max.String()
	}
	writeAnswer(w, status, ui.ExtendAnswer(x.site, c, ui.Extension{
		ID: rec.ID, Reference: rec.Reference, Token: token,
		Due: rec.Due(), Latest: rec.Latest(), Min: min, Max: max,
		Date: dateValue, Reasons: reasons, Errors: errs,
	}))
}

// extendedPage confirms the new deadline.
func extendedPage(x *exchange, w http.ResponseWriter, c company.Controller, rec requests.Record) {
	r := i18n.Requests(c.Language)
	writeAnswer(w, http.StatusOK, ui.CompanyNotice(x.site, c, r.ExtendTitle, "lead",
		i18n.Fill(r.ExtendDone, "reference", rec.Reference, "date", i18n.FormatDate(c.Language, rec.ExtendedTo.Time()))))
}

// marketingFormPage answers a marketing form posted with errors.
func marketingFormPage(x *exchange, w http.ResponseWriter, c company.Controller, lang i18n.Lang, f appmarketingconsent.Form, errs []problem.FieldError) {
	writeAnswer(w, http.StatusUnprocessableEntity, ui.MarketingFormAnswer(x.site, c, lang, f, errs))
}
