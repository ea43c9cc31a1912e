package ui

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/calendar"
	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/problem"
	"privacyportal/app/requests"
	"privacyportal/app/valid"
)

// RequestPage is /{slug}/request: the form a customer files a request
// with. Prerendered, it is an ordinary form that posts to the Worker and
// works without JavaScript. In the browser app it checks each field as the
// customer leaves it, with the same rules and messages as the Worker
// (requests.Form.Validate), sends JSON, and then takes the code from
// the confirmation e-mail, so the customer never leaves the page.
type RequestPage struct {
	app.Compo

	Site       Site
	Loc        Location
	Controller company.Controller
	// Filled is what a customer sent, when the Worker answers a form post
	// with errors (RequestFormAnswer): the form comes back as they left
	// it. In the browser it is empty, and the page holds what is typed.
	Filled requests.Form

	chosen string // the request type picked
	// preselected is the type the address names (?type=erasure): the
	// only type the app renders ticked. Once rendered, the radios are the
	// customer's; were the app to tick the type picked, an update
	// arriving late could move the pick back to the one before.
	preselected string
	// preselectedScope is the objection's scope the address names
	// (?type=objection&scope=direct_marketing, the marketing page's way
	// to say no to all direct marketing), ticked the same way.
	preselectedScope string
	errs             map[string]string // field: message, shown at the field
	summary          []problem.FieldError
	sending          bool
	failure          string // an error that belongs to no field

	sent      *SentRequest // the stored request, awaiting the code
	form      requests.Form
	codeErr   string
	confirmed bool
}

// Render shows the form, the code step, or the receipt.
func (p *RequestPage) Render() app.UI {
	switch {
	case p.confirmed:
		return p.renderReceipt()
	case p.sent != nil:
		return p.renderCode()
	}
	return p.renderForm()
}

// OnNav preselects the type named in the address (?type=erasure), as the
// statement's links to each right do.
func (p *RequestPage) OnNav(ctx app.Context) {
	if t := ctx.Page().URL().Query().Get("type"); requests.Article(t) != "" || t == requests.TypeQuestion {
		p.chosen, p.preselected = t, t
	}
	if s := ctx.Page().URL().Query().Get("scope"); p.preselected == requests.TypeObjection &&
		(s == requests.ObjectDirectMarketing || s == requests.ObjectProcessing) {
		p.preselectedScope = s
	}
}

func (p *RequestPage) lang() i18n.Lang { return p.Loc.Lang }

// applies reports whether a field belongs to the form as it stands: a
// field of one type only applies once that type, or no type, is picked
// (the prerendered form, for readers without JavaScript, has them all).
func (p *RequestPage) applies(field string) bool {
	for _, f := range requests.Fields() {
		if f.Name == field {
			return f.ForType == "" || p.chosen == "" || p.chosen == f.ForType
		}
	}
	return true
}

func (p *RequestPage) renderForm() app.UI {
	c := p.Controller
	r := i18n.Requests(p.lang())
	// The summary lists the errors found when the form was sent, less
	// those corrected since.
	var items []app.UI
	for _, e := range p.summary {
		if msg := p.errs[e.Field]; msg != "" && p.applies(e.Field) {
			items = append(items, app.Li().Body(app.A().Href("#"+fieldTarget(e.Field)).Text(summaryLine(r.Fields[e.Field], msg))))
		}
	}
	groups := []app.UI{}
	var current []app.UI
	group := ""
	flush := func() {
		if group == "" {
			return
		}
		fs := app.FieldSet().Class("group")
		if group == requests.GroupType {
			groups = append(groups, fs.Body(current...))
		} else {
			head := []app.UI{app.Legend().Text(groupTitle(r, group))}
			if group == requests.GroupFindYou {
				head = append(head, app.P().Class("hint").Text(i18n.Fill(r.FindYouHelp, "name", c.Name)))
			}
			groups = append(groups, fs.Body(append(head, current...)...))
		}
		current = nil
	}
	for _, f := range requests.Fields() {
		if f.Group != group {
			flush()
			group = f.Group
		}
		// A field of another type than the one picked is hidden, not
		// left out (see message).
		current = append(current, p.field(f, p.applies(f.Name)))
	}
	flush()
	button := r.Submit
	if p.sending {
		button = r.Sending
	}
	return app.Div().Class("wrap page-request").Body(
		app.H1().Text(i18n.Fill(r.FormTitle, "name", c.Name)),
		app.P().Class("lead").Text(i18n.Fill(r.FormIntro, "name", c.Name)),
		app.P().Text(r.FormFree),
		noticeLink(p.Site, p.lang(), "kept"),
		app.Div().Class("form-messages").Body(
			errorSummary(r.FixCount(len(items)), items),
			message("form-failure", "error", p.failure).Role("alert").TabIndex(-1),
		),
		app.Form().Class("request-form").Method("post").Action("/api/"+c.Slug+"/requests").NoValidate(true).
			OnSubmit(p.onSubmit).Body(
			app.Input().Type("hidden").Name("language").Value(string(p.lang())),
			app.Range(groups).Slice(func(i int) app.UI { return groups[i] }),
			app.P().Body(submitButton(button, p.sending)),
		),
		app.P().Body(app.A().Href(p.Site.Path(Location{Page: PageMyRequests, Lang: p.lang()})).Text(r.MyRequestsTitle)),
	)
}

// help is a field's hint. The registration number's example is a plate
// of the company's country, whatever the language the form is read in.
func (p *RequestPage) help(field string) string {
	h := i18n.Requests(p.lang()).FieldHelp[field]
	if field == "registration_number" {
		h = i18n.Fill(h, "example", valid.RegNumberExample(p.Controller.Country))
	}
	return h
}

func groupTitle(r *i18n.RequestText, group string) string {
	switch group {
	case requests.GroupAboutYou:
		return r.AboutYou
	case requests.GroupFindYou:
		return r.FindYou
	case requests.GroupDetails:
		return r.Details
	}
	return r.ChooseType
}

func fieldID(name string) string { return "f-" + strings.ReplaceAll(name, "_", "-") }

// fieldTarget is where an error summary's link leads: the field, or for
// a group of choices its first option.
func fieldTarget(name string) string {
	for _, f := range requests.Fields() {
		if f.Name == name && len(f.Options) > 0 {
			return fieldID(name) + "-" + strings.ReplaceAll(f.Options[0], "_", "-")
		}
	}
	return fieldID(name)
}

// summaryLine is a field's line in an error summary: its label, then the
// message. A label that is a question ("Hva vil du be om?") is not given
// a colon as well.
func summaryLine(label, msg string) string {
	switch {
	case label == "":
		return msg
	case strings.HasSuffix(label, "?") || strings.HasSuffix(label, ":"):
		return label + " " + msg
	}
	return label + ": " + msg
}

// field is one field of the form; one that does not apply to the type
// picked is hidden and disabled.
func (p *RequestPage) field(f requests.Field, applies bool) app.UI {
	c, r := p.Controller, i18n.Requests(p.lang())
	id := fieldID(f.Name)
	label := r.Fields[f.Name]
	if f.ForType != "" {
		label += " (" + i18n.Fill(r.OnlyFor, "type", strings.ToLower(r.Types[f.ForType])) + ")"
	} else if !f.Required {
		label += " (" + r.Optional + ")"
	}
	msg := p.errs[f.Name]
	if !applies {
		msg = ""
	}
	errUI := message(id+"-error", "error", msg)
	if f.Kind == requests.FieldKindChoice {
		options := make([]app.UI, 0, len(f.Options))
		for _, opt := range f.Options {
			options = append(options, p.option(c, r, f, opt, applies))
		}
		fs := app.FieldSet().Class("choices").ID(id)
		if msg != "" {
			fs = fs.Aria("invalid", "true").Aria("describedby", id+"-error")
		}
		if !applies {
			fs = fs.Hidden(true).Disabled(true)
		}
		return fs.Body(append([]app.UI{app.Legend().Text(label), errUI}, options...)...)
	}
	var describedBy []string
	var hint app.UI
	if h := p.help(f.Name); h != "" {
		describedBy = append(describedBy, id+"-hint")
		hint = app.P().Class("hint").ID(id + "-hint").Text(h)
	}
	if msg != "" {
		describedBy = append(describedBy, id+"-error")
	}
	var input app.UI
	if f.Kind == requests.FieldKindArea {
		ta := app.Textarea().ID(id).Name(f.Name).Rows(4).MaxLength(f.Max).OnChange(p.onField(f.Name), f.Name)
		if v := p.Filled.Value(f.Name); v != "" {
			ta = ta.Text(v)
		}
		if len(describedBy) > 0 {
			ta = ta.Aria("describedby", strings.Join(describedBy, " "))
		}
		if msg != "" {
			ta = ta.Aria("invalid", "true")
		}
		if !applies {
			ta = ta.Disabled(true)
		}
		input = ta
	} else {
		in := app.Input().Type(f.Kind).ID(id).Name(f.Name).MaxLength(f.Max).OnChange(p.onField(f.Name), f.Name)
		if v := p.Filled.Value(f.Name); v != "" {
			in = in.Value(v)
		}
		if f.Autocomplete != "" {
			in = in.Attr("autocomplete", f.Autocomplete)
		}
		if f.Required && f.ForType == "" {
			in = in.Aria("required", "true")
		}
		if len(describedBy) > 0 {
			in = in.Aria("describedby", strings.Join(describedBy, " "))
		}
		if msg != "" {
			in = in.Aria("invalid", "true")
		}
		if !applies {
			in = in.Disabled(true)
		}
		input = in
	}
	d := app.Div().Class("field")
	if !applies {
		d = d.Hidden(true)
	}
	return d.Body(
		app.Label().For(id).Text(label),
		hint,
		errUI,
		input,
	)
}

func (p *RequestPage) option(c company.Controller, r *i18n.RequestText, f requests.Field, opt string, applies bool) app.UI {
	oid := fieldID(f.Name) + "-" + strings.ReplaceAll(opt, "_", "-")
	var text, help string
	switch f.Name {
	case "type":
		text, help = r.Types[opt], r.TypeHelp[opt]
	case "format":
		text = r.Formats[opt]
	case "objection_scope":
		text = r.Objections[opt]
	}
	// go-app keeps an element's old handler when the new one comes from the
	// same function literal, unless its scope differs. An error shown above
	// the options shifts them one place, so without the scope a radio
	// would keep its neighbour's handler and pick the wrong type.
	in := app.Input().Type("radio").Name(f.Name).ID(oid).Value(opt).OnChange(p.onChoice(f.Name, opt), f.Name, opt)
	if f.Name == "type" && p.preselected == opt || f.Name == "objection_scope" && p.preselectedScope == opt || p.Filled.Value(f.Name) == opt {
		in = in.Checked(true)
	}
	if !applies {
		in = in.Disabled(true)
	}
	var hint app.UI
	if help != "" {
		in = in.Aria("describedby", oid+"-help")
		var limits app.UI
		if right, ok := c.Right(requests.RightFor(opt)); ok && len(right.Limits) > 0 {
			items := make([]app.UI, len(right.Limits))
			for i, limit := range right.Limits {
				items[i] = app.Li().Body(companyWords(c, p.lang(), right.Summarized, "limits", limit))
			}
			limits = app.Details().Class("limits").Body(
				app.Summary().Text(i18n.Fill(r.LimitsIntro, "name", c.Name)),
				app.Ul().Body(items...),
			)
		}
		hint = app.Div().Class("hint").ID(oid+"-help").Body(app.P().Text(help), limits)
	}
	return app.Div().Class("choice").Body(in, app.Label().For(oid).Text(text), hint)
}

// onChoice records the type picked, which decides the fields shown.
func (p *RequestPage) onChoice(name, value string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if name == "type" {
			p.chosen = value
		}
		if p.errs[name] != "" {
			delete(p.errs, name)
		}
	}
}

// onField checks a field as the customer leaves it, with the Worker's
// rules; an error shows only once the field has a value or the form was
// sent, so nobody is scolded for a field not yet reached.
func (p *RequestPage) onField(name string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		form := p.readForm(ctx.JSSrc().Get("form"))
		msgs := problem.Messages(p.lang(), form.Normalize(p.Controller.Country).Validate())
		if p.errs == nil {
			p.errs = map[string]string{}
		}
		if msg, bad := msgs[name]; bad && (form.Value(name) != "" || len(p.summary) > 0) {
			p.errs[name] = msg
		} else {
			delete(p.errs, name)
		}
	}
}

// readForm reads the form as it stands in the page: the page is the source
// of truth, so whatever the browser filled in is what is checked and sent.
func (p *RequestPage) readForm(formEl app.Value) requests.Form {
	var form requests.Form
	data := app.Window().Get("FormData").New(formEl)
	for _, f := range requests.Fields() {
		if v := data.Call("get", f.Name); v.Truthy() {
			form.Set(f.Name, v.String())
		}
	}
	form.Language = p.lang()
	return form
}

func (p *RequestPage) onSubmit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	if p.sending {
		return
	}
	raw := p.readForm(ctx.JSSrc())
	form := raw.Normalize(p.Controller.Country)
	errs := form.Validate()
	p.failure = ""
	if len(errs) > 0 {
		p.showErrors(ctx, errs, problem.Messages(p.lang(), errs))
		return
	}
	p.errs, p.summary = nil, nil
	p.sending = true
	body, _ := json.Marshal(raw)
	slug, lang := p.Controller.Slug, p.lang()
	ctx.Async(func() {
		res, err := fetchJSON("POST", "/api/"+slug+"/requests", body)
		ctx.Dispatch(func(ctx app.Context) {
			p.sending = false
			p.afterSubmit(ctx, form, res, err, lang)
		})
	})
}

func (p *RequestPage) showErrors(ctx app.Context, errs []problem.FieldError, msgs map[string]string) {
	p.summary = errs
	p.errs = msgs
	ctx.Defer(func(app.Context) { focusElement("error-summary") })
}

// apiAnswer is the part of the API's answers the app reads.
type apiAnswer struct {
	ID          string            `json:"id"`
	Reference   string            `json:"reference"`
	Status      string            `json:"status"`
	SubmittedAt string            `json:"submitted_at"`
	DueBy       string            `json:"due_by"`
	LatestDueBy string            `json:"latest_due_by"`
	ExtendedTo  string            `json:"extended_to"`
	Fields      map[string]string `json:"fields"`
	Error       struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func (p *RequestPage) afterSubmit(ctx app.Context, form requests.Form, res response, err error, lang i18n.Lang) {
	var a apiAnswer
	if err == nil {
		json.Unmarshal(res.Body, &a)
	}
	switch {
	case err != nil:
		p.failure = i18n.Pages(lang).Errors["internal"]
	case res.Status == 202:
		submitted, _ := time.Parse(time.RFC3339, a.SubmittedAt)
		item := SentRequest{ID: a.ID, Reference: a.Reference, Controller: p.Controller.Slug, Type: form.Type,
			Submitted: calendar.DateOf(submitted).String(), Due: a.DueBy, Latest: a.LatestDueBy, Status: a.Status}
		saveSentRequest(ctx, item)
		p.sent, p.form = &item, form
		ctx.Defer(func(app.Context) { focusElement("main-title") })
		return
	case res.Status == 422 && len(a.Fields) > 0:
		var errs []problem.FieldError
		for _, f := range requests.Fields() {
			if _, bad := a.Fields[f.Name]; bad {
				errs = append(errs, problem.FieldError{Field: f.Name})
			}
		}
		p.showErrors(ctx, errs, a.Fields)
		return
	default:
		p.failure = a.Error.Message
		if p.failure == "" {
			p.failure = i18n.Pages(lang).Errors["internal"]
		}
	}
	ctx.Defer(func(app.Context) { focusElement("form-failure") })
}

func (p *RequestPage) renderCode() app.UI {
	r := i18n.Requests(p.lang())
	it := p.sent
	codeErr := message("code-error", "error", p.codeErr).Role("alert")
	described := "code-hint"
	in := app.Input().Type("text").ID("code").Name("code").Attr("inputmode", "numeric").Attr("autocomplete", "one-time-code").MaxLength(6)
	if p.codeErr != "" {
		described += " code-error"
		in = in.Aria("invalid", "true")
	}
	return app.Div().Class("wrap page-request").Body(
		app.H1().ID("main-title").TabIndex(-1).Text(r.CheckMailTitle),
		p.checkMailLead(r),
		app.Dl().Class("facts").Body(
			dlRow(r.Reference, app.Span().Text(it.Reference)),
			dlRow(r.DueBy, app.Span().Text(dueText(p.lang(), it.Type, it.Due))),
		),
		app.Form().Method("post").Action("/api/requests/"+it.ID+"/confirm").NoValidate(true).OnSubmit(p.onCode).Body(
			app.Input().Type("hidden").Name("language").Value(string(p.lang())),
			app.Div().Class("field").Body(
				app.Label().For("code").Text(r.CodeLabel),
				app.P().Class("hint").ID("code-hint").Text(r.CodeHelp),
				codeErr,
				in.Aria("describedby", described),
			),
			app.P().Body(submitButton(r.ConfirmButton, p.sending)),
		),
	)
}

// checkMailLead says where the code went; the Worker's answer to a wrong
// code does not repeat the address.
func (p *RequestPage) checkMailLead(r *i18n.RequestText) app.UI {
	if p.form.Email == "" {
		return app.P().Class("lead").Role("status").Hidden(true)
	}
	return app.P().Class("lead").Role("status").Text(i18n.Fill(r.CheckMail, "email", p.form.Email))
}

func (p *RequestPage) onCode(ctx app.Context, e app.Event) {
	e.PreventDefault()
	if p.sending {
		return
	}
	code := strings.TrimSpace(app.Window().GetElementByID("code").Get("value").String())
	p.sending = true
	id, lang := p.sent.ID, p.lang()
	body, _ := json.Marshal(map[string]string{"code": code})
	ctx.Async(func() {
		res, err := fetchJSON("POST", "/api/requests/"+id+"/confirm", body)
		ctx.Dispatch(func(ctx app.Context) {
			p.sending = false
			var a apiAnswer
			if err == nil {
				json.Unmarshal(res.Body, &a)
			}
			switch {
			case err == nil && res.Status == 200:
				p.sent.Status, p.sent.Due = a.Status, a.DueBy
				if a.ExtendedTo != "" {
					p.sent.Due = a.ExtendedTo
				}
				saveSentRequest(ctx, *p.sent)
				p.confirmed = true
				ctx.Defer(func(app.Context) { focusElement("main-title") })
			case err == nil && a.Fields["code"] != "":
				p.codeErr = a.Fields["code"]
			case err == nil && a.Error.Message != "":
				p.codeErr = a.Error.Message
			default:
				p.codeErr = i18n.Pages(lang).Errors["internal"]
			}
		})
	})
}

// renderReceipt is the receipt on screen once the code is accepted.
func (p *RequestPage) renderReceipt() app.UI {
	form := p.form
	return receipt(p.Site, p.Controller, p.lang(), *p.sent, &form)
}

// receipt is the receipt of a confirmed request, the same in the app and
// in the Worker's answer to the e-mail's link (ReceiptAnswer): what was
// sent (unless erased, form nil), the deadlines, whom to contact and
// where to complain.
func receipt(site Site, c company.Controller, l i18n.Lang, it SentRequest, form *requests.Form) app.UI {
	t, r := i18n.Pages(l), i18n.Requests(l)
	due, _ := calendar.ParseDate(it.Due)
	latest, _ := calendar.ParseDate(it.Latest)
	submitted, _ := calendar.ParseDate(it.Submitted)
	facts := []app.UI{
		dlRow(r.Reference, app.Span().Text(it.Reference)),
		dlRow(r.Label("type"), app.Span().Text(r.Types[it.Type])),
	}
	if it.Submitted != "" {
		facts = append(facts, dlRow(r.Submitted, app.Span().Text(i18n.FormatDate(l, submitted.Time()))))
	}
	facts = append(facts, dlRow(r.DueBy, app.Span().Text(dueText(l, it.Type, it.Due))))
	if !latest.IsZero() {
		facts = append(facts, dlRow(r.LatestDue, app.Span().Text(i18n.FormatDate(l, latest.Time()))))
	}
	facts = append(facts, dlRow(r.Status, app.Span().Text(r.Statuses[it.Status])))
	var sent []app.UI
	if form != nil {
		for _, f := range requests.Fields() {
			v := form.Value(f.Name)
			switch f.Name {
			case "type":
				v = r.Types[v]
			case "format":
				v = r.Formats[v]
			case "objection_scope":
				v = r.Objections[v]
			case "phone":
				v = formatPhone(v)
			}
			if v != "" {
				sent = append(sent, dlRow(r.Fields[f.Name], app.Span().Class("pre").Text(v)))
			}
		}
	}
	contact := []app.UI{dlRow(t.PrivacyEmail, mailLink(c.PrivacyEmail))}
	if c.Phone != "" {
		contact = append(contact, dlRow(t.PhoneLabel, telLink(c.Phone)))
	}
	a := c.Authority()
	var whatWasSent app.UI
	if len(sent) > 0 {
		whatWasSent = app.Div().Body(app.H2().Text(r.WhatWasSent), app.Dl().Class("facts").Body(sent...))
	}
	return app.Div().Class("wrap page-request").Body(
		app.H1().ID("main-title").TabIndex(-1).Text(r.ConfirmedTitle),
		app.P().Class("lead").Role("status").Text(confirmedText(l, c, it.Type, due)),
		app.Dl().Class("facts").Body(facts...),
		whatWasSent,
		app.H2().Text(r.CompanyContact),
		app.Dl().Class("facts").Body(contact...),
		app.H2().Text(r.ComplainTitle),
		app.P().Text(i18n.Fill(r.ComplainText, "authority", a.Title(l))),
		authorityFacts(t, a),
		app.P().Text(t.ComplainElsewhere),
		app.P().Text(r.IdentityNote),
		app.Ul().Class("footer-links").Body(
			app.Li().Body(app.A().Href(site.Path(Location{Page: PageMyRequests, Lang: l})).Text(r.MyRequestsTitle)),
			app.Li().Body(app.A().Href(site.Path(Location{Page: PageStatement, Lang: l, Slug: c.Slug})).Text(i18n.Fill(r.BackTo, "name", c.Name))),
		),
	)
}

// submitButton is a form's button, disabled while the form is being sent.
// Boolean attributes are set only when true: go-app's prerendering writes
// a false one as disabled="false", which HTML reads as disabled.
func submitButton(text string, busy bool) app.UI {
	b := app.Button().Type("submit").Class("button")
	if busy {
		b = b.Disabled(true).Aria("busy", "true")
	}
	return b.Text(text)
}

// confirmedText is the receipt's first line: sent, and when the company
// must answer, if the type has a deadline.
func confirmedText(l i18n.Lang, c company.Controller, requestType string, due calendar.Date) string {
	r := i18n.Requests(l)
	if !requests.HasDeadline(requestType) || due.IsZero() {
		return i18n.Fill(r.ConfirmedNoDue, "name", c.Name)
	}
	return i18n.Fill(r.ConfirmedText, "name", c.Name, "date", i18n.FormatDate(l, due.Time()))
}
