package api

import (
	"net/http"
	"strings"

	"privacyportal/app/i18n"
	"privacyportal/app/marketing"
	"privacyportal/app/privacy"
)

// optInAnswer is the JSON answer to a stored opt-in.
type optInAnswer struct {
	Status    string `json:"status"`
	ExpiresAt string `json:"expires_at"`
}

// handleMarketingOptIn takes the marketing form: POST /api/{slug}/marketing,
// JSON from the app or a form post, answered in kind. Nothing counts until
// the customer confirms from the e-mail.
func handleMarketingOptIn(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d.Log, false)
		c, known := d.Controllers.Lookup(r.PathValue("slug"))
		if known {
			x.lang = requestLangOr(r, c.Language)
		}
		var f marketing.Form
		err := x.decode(&f)
		if x.form != nil {
			f = marketing.Form{
				Channels: x.values("channels"), Reserve: x.values("reserve"), Email: x.field("email"),
				Phone: x.field("phone"), Name: x.field("name"), Street: x.field("street"), PostalCode: x.field("postal_code"),
				City: x.field("city"), Language: i18n.Lang(x.field("language")), Page: x.field("page"),
			}
		}
		x.setLang(f.Language)
		if err == nil && !known {
			err = privacy.Fail(privacy.CodeUnknownController)
		}
		if err != nil {
			x.fail(err)
			return
		}
		o, err := d.Marketing.Submit(r.Context(), c.Slug, f, clientAddress(r))
		if e := privacy.AsError(err); x.page && e != nil && e.Code == privacy.CodeInvalid {
			marketingFormPage(w, c, x.lang, f.Normalize(c), e.Fields)
			return
		}
		if err != nil {
			x.fail(err)
			return
		}
		x.reply(http.StatusAccepted, optInAnswer{Status: "unconfirmed", ExpiresAt: rfc3339(o.ExpiresAt)}, func() {
			k := i18n.K(x.lang)
			p := newPage(x.lang, i18n.Fill(k.PageTitle, "name", c.Name))
			p.h1(i18n.Fill(k.PageTitle, "name", c.Name))
			p.status("lead", i18n.Fill(k.CheckMail, "email", o.Form.Email))
			p.write(w, http.StatusAccepted)
		})
	})
}

// handleMarketingConfirmPage answers the confirmation e-mail's link with a
// page that has one button: opening a link confirms nothing.
func handleMarketingConfirmPage(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d.Log, true)
		token := r.URL.Query().Get("t")
		o, c, err := d.Marketing.Check(r.Context(), token)
		if err != nil {
			x.setLang(c.Language)
			x.setLang(o.Form.Language)
			x.fail(err)
			return
		}
		l := o.Form.Language
		k := i18n.K(l)
		p := newPage(l, k.ConfirmTitle)
		p.h1(k.ConfirmTitle)
		p.para(i18n.Fill(k.ConfirmIntro, "name", c.Name))
		p.raw("<ul>\n")
		for _, ch := range o.Form.Channels {
			p.raw("<li>" + esc(o.Wordings[ch]) + "</li>\n")
		}
		for _, ch := range o.Form.Reserve {
			p.raw("<li>" + esc(o.Wordings["no:"+ch]) + "</li>\n")
		}
		p.raw("</ul>\n")
		p.raw(`<form method="post" action="/api/marketing/confirm"><input type="hidden" name="t" value="` + esc(token) + `">` +
			`<p><button type="submit" class="button">` + esc(k.ConfirmButton) + "</button></p></form>\n")
		p.write(w, http.StatusOK)
	})
}

// handleMarketingConfirm confirms: POST /api/marketing/confirm with the
// link's token (form field t, or JSON {"t": …}).
func handleMarketingConfirm(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d.Log, false)
		var body struct {
			T string `json:"t"`
		}
		err := x.decode(&body)
		if x.form != nil {
			body.T = x.field("t")
		}
		if err != nil {
			x.fail(err)
			return
		}
		person, c, err := d.Marketing.Confirm(r.Context(), body.T)
		if err != nil {
			if o, c, _ := d.Marketing.Check(r.Context(), body.T); x.page {
				x.setLang(c.Language)
				x.setLang(o.Form.Language)
			}
			x.fail(err)
			return
		}
		x.reply(http.StatusOK, optInAnswer{Status: "confirmed"}, func() {
			l := langOr(person.Language, c.Language)
			k := i18n.K(l)
			p := newPage(l, k.DoneTitle)
			p.h1(k.DoneTitle)
			p.status("lead", i18n.Fill(k.DoneText, "name", c.Name))
			p.link(d.Marketing.ManageLink(person.ID), k.ManageLink)
			p.write(w, http.StatusOK)
		})
	})
}

func langOr(l, fallback i18n.Lang) i18n.Lang {
	if l.Valid() {
		return l
	}
	return fallback
}

// handleMarketingManage shows a person's consents, for the holder of the
// link in every marketing e-mail: GET /api/marketing/manage?p=…&t=…; a
// POST withdraws one channel (channel=email) or all (channel=all) at once.
func handleMarketingManage(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d.Log, true)
		personID, token := r.URL.Query().Get("p"), r.URL.Query().Get("t")
		withdrawn := false
		if r.Method == http.MethodPost {
			var body struct {
				P       string `json:"p"`
				T       string `json:"t"`
				Channel string `json:"channel"`
			}
			err := x.decode(&body)
			x.page = true
			if x.form != nil {
				body.P, body.T, body.Channel = x.field("p"), x.field("t"), x.field("channel")
			}
			if err != nil {
				x.fail(err)
				return
			}
			personID, token = body.P, body.T
			var channels []string
			if ch := body.Channel; ch != "all" {
				channels = []string{ch}
			}
			if _, err := d.Marketing.Withdraw(r.Context(), personID, token, channels); err != nil {
				x.fail(err)
				return
			}
			withdrawn = true
		}
		person, consents, err := d.Marketing.Manage(r.Context(), personID, token)
		if err != nil {
			x.fail(err)
			return
		}
		c, _ := d.Controllers.Lookup(person.Controller)
		l := langOr(person.Language, c.Language)
		k := i18n.K(l)
		p := newPage(l, i18n.Fill(k.ManageTitle, "name", c.Name))
		p.h1(i18n.Fill(k.ManageTitle, "name", c.Name))
		p.para(k.ManageIntro)
		if withdrawn {
			p.status("lead", k.Withdrawn)
		}
		if len(consents) == 0 {
			p.para(k.NothingToShow)
		}
		form := func(channel, label string) {
			p.raw(`<form method="post" action="/api/marketing/manage" class="inline-form">` +
				`<input type="hidden" name="p" value="` + esc(personID) + `"><input type="hidden" name="t" value="` + esc(token) + `">` +
				`<input type="hidden" name="channel" value="` + esc(channel) + `">` +
				`<button type="submit" class="button secondary">` + esc(label) + "</button></form>\n")
		}
		anyGranted := false
		p.raw(`<ul class="mine">` + "\n")
		for _, cs := range consents {
			since := cs.ConfirmedAt
			if cs.Status == marketing.StatusWithdrawn {
				since = cs.WithdrawnAt
			}
			p.raw(`<li class="company"><h2>` + esc(i18n.T(l).ChannelNames[cs.Channel]) + "</h2>\n")
			p.para(k.Status[cs.Status] + ", " + i18n.Fill(k.Since, "date", i18n.FormatDate(l, since)) + ".")
			if cs.Purposes != "" {
				p.raw(`<p lang="` + string(c.Language) + `">` + esc(cs.Purposes) + "</p>\n")
			}
			if cs.Status == marketing.StatusGranted {
				anyGranted = true
				form(cs.Channel, i18n.Fill(k.WithdrawOne, "channel", strings.ToLower(i18n.T(l).ChannelNames[cs.Channel])))
			}
			p.raw("</li>\n")
		}
		p.raw("</ul>\n")
		if anyGranted && len(consents) > 1 {
			form("all", k.WithdrawAll)
		}
		p.write(w, http.StatusOK)
	})
}
