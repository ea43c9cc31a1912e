package ui

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/marketingconsent"
	"privacyportal/app/problem"
	"privacyportal/app/requests"
)

// MarketingPage is /{slug}/marketing: a separate, unticked opt-in for each
// channel the company markets on, a "no" to phone and post, and only the
// contact fields the choices need. Prerendered, it is a form that posts to
// the Worker; in the app, it shows the phone and address fields only when a
// choice needs them, checks them with the Worker's rules (app/marketingconsent),
// and sends JSON.
type MarketingPage struct {
	app.Compo

	Site       Site
	Loc        Location
	Controller company.Controller
	// Filled is what a customer sent, when the Worker answers a form post
	// with errors (MarketingFormAnswer); empty in the browser.
	Filled marketingconsent.Form

	form    marketingconsent.Form // the choices as they stand (the app only)
	touched bool                  // a choice was made: show only the fields needed
	errs    map[string]string
	summary []problem.FieldError
	sending bool
	failure string
	sentTo  string
}

// Render shows the form, or the request to check the e-mail.
func (p *MarketingPage) Render() app.UI {
	c, l := p.Controller, p.Loc.Lang
	k, r := i18n.Marketing(l), i18n.Requests(l)
	title := app.H1().ID("main-title").TabIndex(-1).Text(i18n.Fill(k.PageTitle, "name", c.Name))
	if p.sentTo != "" {
		return app.Div().Class("wrap page-marketing").Body(
			title,
			app.P().Class("lead").Role("status").Text(i18n.Fill(k.CheckMail, "email", p.sentTo)),
		)
	}
	var items []app.UI
	for _, e := range p.summary {
		if msg := p.errs[e.Field]; msg != "" && p.needed(e.Field) {
			items = append(items, app.Li().Body(app.A().Href("#"+marketingTarget(e.Field)).Text(summaryLine(marketingLabel(l, e.Field), msg))))
		}
	}
	yes := []app.UI{app.Legend().Text(k.YesTitle), p.groupError("m-yes", "channels")}
	if len(c.Marketing.Channels) == 0 {
		yes = append(yes, app.P().Text(i18n.Fill(k.NoChannels, "name", c.Name)))
	}
	for _, ch := range marketingconsent.Channels(c) {
		yes = append(yes, p.box("channels", ch, "m-yes-"+ch, marketingconsent.Wording(c, l, ch)))
	}
	no := []app.UI{app.Legend().Text(k.NoTitle), p.groupError("m-no", "reserve"),
		app.P().Class("hint").Text(i18n.Fill(k.NoIntro[c.Country], "name", c.Name))}
	for _, ch := range marketingconsent.Reservable(c.Country) {
		no = append(no, p.box("reserve", ch, "m-no-"+ch, marketingconsent.ReserveWording(c, l, ch)))
	}
	contact := []app.UI{app.Legend().Text(k.ContactTitle), app.P().Class("hint").Text(k.ContactIntro)}
	for _, f := range marketingconsent.ContactFields() {
		// A field the choices made do not need is hidden, not left out
		// (see message).
		contact = append(contact, p.field(f, p.needed(f.Name)))
	}
	yesSet := app.FieldSet().Class("group").ID("m-yes")
	noSet := app.FieldSet().Class("group").ID("m-no")
	if p.errs["channels"] != "" {
		yesSet = yesSet.Aria("describedby", "m-yes-error")
	}
	if p.errs["reserve"] != "" {
		noSet = noSet.Aria("describedby", "m-no-error")
	}
	button := k.Submit
	if p.sending {
		button = r.Sending
	}
	return app.Div().Class("wrap page-marketing").Body(
		title,
		app.P().Class("lead").Text(i18n.Fill(k.PageIntro, "name", c.Name)),
		noticeLink(p.Site, l, "kept"),
		app.Div().Class("form-messages").Body(
			errorSummary(r.FixCount(len(items)), items),
			message("form-failure", "error", p.failure).Role("alert").TabIndex(-1),
		),
		app.Form().Method("post").Action("/api/"+c.Slug+"/marketing").NoValidate(true).OnSubmit(p.onSubmit).Body(
			app.Input().Type("hidden").Name("language").Value(string(l)),
			app.Input().Type("hidden").Name("page").Value(p.page()),
			yesSet.Body(yes...),
			noSet.Body(no...),
			app.FieldSet().Class("group").Body(contact...),
			app.P().Body(submitButton(button, p.sending)),
		),
		p.companyWords(),
		MarketingLaw(l, c.Country),
		app.P().Class("muted").Body(app.A().Href(p.Site.Path(Location{Page: PageExport, Lang: l, Slug: c.Slug})).Text(k.ForMarketers)),
	)
}

// companyWords is what the company's statement says of its marketing (its
// words, or the portal's summary marked as such), such as a basis of
// legitimate interest towards existing customers that needs no consent,
// and the way to say no to all of it: an objection to direct marketing,
// which the portal records on every channel.
func (p *MarketingPage) companyWords() app.UI {
	c, l := p.Controller, p.Loc.Lang
	k := i18n.Marketing(l)
	var says app.UI
	if m := c.Marketing; m.Summary != "" {
		says = app.P().Body(companyWords(c, l, m.Summarized, "summary", m.Summary))
	}
	form := p.Site.Path(Location{Page: PageRequest, Lang: l, Slug: c.Slug}) +
		"?type=" + requests.TypeObjection + "&scope=" + requests.ObjectDirectMarketing
	return app.Section().Class("company-marketing").Aria("labelledby", "company-marketing-title").Body(
		app.H2().ID("company-marketing-title").Text(i18n.Fill(k.CompanySays, "name", c.Name)),
		says,
		app.P().Text(i18n.Fill(k.SayNoToAll, "name", c.Name)),
		app.P().Body(app.A().Href(form).Text(i18n.Fill(k.SayNoLink, "name", c.Name))),
	)
}

// MarketingLaw is the portal's account of what the marketing law of a
// company's country allows on each channel: the law's, not the company's
// word, and marked as the portal's (app/marketingconsent/law.go cites the
// provisions).
func MarketingLaw(l i18n.Lang, country string) app.UI {
	k, t := i18n.Marketing(l), i18n.Pages(l)
	channels := marketingconsent.AllChannels()
	return app.Section().Class("law").Aria("labelledby", "law-title").Body(
		app.H2().ID("law-title").Text(k.LawTitle[country]),
		app.P().Class("portal-note").Text(t.FromPortal),
		app.Ul().Body(
			app.Range(channels).Slice(func(i int) app.UI {
				return app.Li().Text(k.LawRules[country+":"+channels[i]])
			}),
		),
	)
}

// needed reports whether a field is needed for the choices made: before
// any choice (and in the prerendered form) every field is.
func (p *MarketingPage) needed(field string) bool {
	if !p.touched {
		return true
	}
	for _, f := range marketingconsent.ContactFields() {
		if f.Name == field {
			return !(f.Group == marketingconsent.NeedPhone && !p.form.NeedsPhone() || f.Group == marketingconsent.NeedAddress && !p.form.NeedsAddress())
		}
	}
	return true
}

// page is the portal page the form was sent from, which the Worker's
// answer keeps.
func (p *MarketingPage) page() string {
	if p.Filled.Page != "" {
		return p.Filled.Page
	}
	return p.Site.Path(p.Loc)
}

func marketingTarget(field string) string {
	switch field {
	case "channels":
		return "m-yes"
	case "reserve":
		return "m-no"
	}
	return "m-" + strings.ReplaceAll(field, "_", "-")
}

func marketingLabel(l i18n.Lang, field string) string {
	switch field {
	case "channels":
		return i18n.Marketing(l).YesTitle
	case "reserve":
		return i18n.Marketing(l).NoTitle
	}
	return marketingconsent.Label(l, field)
}

func (p *MarketingPage) groupError(id, field string) app.UI {
	return message(id+"-error", "error", p.errs[field])
}

func (p *MarketingPage) box(name, value, id, label string) app.UI {
	in := app.Input().Type("checkbox").Name(name).Value(value).ID(id).OnChange(p.onChoice)
	// Only the Worker's answer ticks a box (what was sent, Filled): in the
	// browser the box is the person's alone. Were it rendered from the
	// choices as read, an update arriving late would tick again a box
	// just unticked.
	list := p.Filled.Channels
	if name == "reserve" {
		list = p.Filled.Reserve
	}
	if slices.Contains(list, value) {
		in = in.Checked(true)
	}
	return app.Div().Class("choice").Body(in, app.Label().For(id).Text(label))
}

// field is one contact field; one the choices do not need is hidden and
// disabled, and keeps what was typed in it.
func (p *MarketingPage) field(f requests.Field, needed bool) app.UI {
	l := p.Loc.Lang
	id := "m-" + strings.ReplaceAll(f.Name, "_", "-")
	described := id + "-hint"
	in := app.Input().Type(f.Kind).ID(id).Name(f.Name).MaxLength(f.Max).Attr("autocomplete", f.Autocomplete).
		OnChange(p.onField(f.Name), f.Name)
	if v := p.Filled.Value(f.Name); v != "" {
		in = in.Value(v)
	}
	msg := p.errs[f.Name]
	if !needed {
		msg = ""
	}
	if msg != "" {
		described += " " + id + "-error"
		in = in.Aria("invalid", "true")
	}
	d := app.Div().Class("field")
	if !needed {
		d, in = d.Hidden(true), in.Disabled(true)
	}
	return d.Body(
		app.Label().For(id).Text(marketingconsent.Label(l, f.Name)),
		app.P().Class("hint").ID(id+"-hint").Text(marketingconsent.NeedHint(l, f.Group)),
		message(id+"-error", "error", msg),
		in.Aria("describedby", described),
	)
}

// read takes the form as it stands in the page.
func (p *MarketingPage) read(formEl app.Value) marketingconsent.Form {
	data := app.Window().Get("FormData").New(formEl)
	all := func(name string) []string {
		var out []string
		vals := data.Call("getAll", name)
		for i := 0; i < vals.Length(); i++ {
			out = append(out, vals.Index(i).String())
		}
		return out
	}
	one := func(name string) string {
		if v := data.Call("get", name); v.Truthy() {
			return v.String()
		}
		return ""
	}
	return marketingconsent.Form{
		Channels: all("channels"), Reserve: all("reserve"), Email: one("email"), Phone: one("phone"),
		Name: one("name"), Street: one("street"), PostalCode: one("postal_code"), City: one("city"),
		Language: p.Loc.Lang, Page: p.Site.Path(p.Loc),
	}
}

func (p *MarketingPage) onChoice(ctx app.Context, e app.Event) {
	f := p.read(ctx.JSSrc().Get("form"))
	p.form.Channels, p.form.Reserve = f.Channels, f.Reserve
	p.touched = true
	delete(p.errs, "channels")
	delete(p.errs, "reserve")
}

func (p *MarketingPage) onField(name string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		f := p.read(ctx.JSSrc().Get("form")).Normalize(p.Controller)
		msgs := problem.Messages(p.Loc.Lang, f.Validate(p.Controller))
		if p.errs == nil {
			p.errs = map[string]string{}
		}
		if msg, bad := msgs[name]; bad && (f.Value(name) != "" || len(p.summary) > 0) {
			p.errs[name] = msg
		} else {
			delete(p.errs, name)
		}
	}
}

func (p *MarketingPage) onSubmit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	if p.sending {
		return
	}
	raw := p.read(ctx.JSSrc())
	f := raw.Normalize(p.Controller)
	p.failure = ""
	if errs := f.Validate(p.Controller); len(errs) > 0 {
		p.summary, p.errs = errs, problem.Messages(p.Loc.Lang, errs)
		ctx.Defer(func(app.Context) { focusElement("error-summary") })
		return
	}
	p.errs, p.summary, p.sending = nil, nil, true
	body, _ := json.Marshal(raw)
	slug, lang := p.Controller.Slug, p.Loc.Lang
	ctx.Async(func() {
		res, err := fetchJSON("POST", "/api/"+slug+"/marketing", body)
		ctx.Dispatch(func(ctx app.Context) {
			p.sending = false
			var a apiAnswer
			if err == nil {
				json.Unmarshal(res.Body, &a)
			}
			switch {
			case err == nil && res.Status == 202:
				p.sentTo = f.Email
				ctx.Defer(func(app.Context) { focusElement("main-title") })
			case err == nil && res.Status == 422 && len(a.Fields) > 0:
				var errs []problem.FieldError
				for field := range a.Fields {
					errs = append(errs, problem.FieldError{Field: field})
				}
				slices.SortFunc(errs, func(x, y problem.FieldError) int { return strings.Compare(x.Field, y.Field) })
				p.summary, p.errs = errs, a.Fields
				ctx.Defer(func(app.Context) { focusElement("error-summary") })
			default:
				p.failure = a.Error.Message
				if p.failure == "" {
					p.failure = i18n.Pages(lang).Errors["internal"]
				}
				ctx.Defer(func(app.Context) { focusElement("form-failure") })
			}
		})
	})
}
