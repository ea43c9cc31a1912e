package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"privacyportal/app/i18n"
	"privacyportal/app/marketing"
	"privacyportal/app/privacy"
	"privacyportal/functions/marketingconsent"
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
		slug := r.PathValue("slug")
		c, known := d.Controllers.Lookup(slug)
		var f marketing.Form
		fields, isForm, code := readBody(w, r, &f)
		if isForm {
			f = marketing.Form{
				Channels: r.PostForm["channels"], Reserve: r.PostForm["reserve"], Email: fields["email"],
				Phone: fields["phone"], Name: fields["name"], Street: fields["street"], PostalCode: fields["postal_code"],
				City: fields["city"], Language: i18n.Lang(fields["language"]), Page: fields["page"],
			}
		}
		lang := f.Language
		if !lang.Valid() {
			fallback := i18n.EN
			if known {
				fallback = c.Language
			}
			lang = requestLangOr(r, fallback)
		}
		if !known {
			code = CodeUnknownController
		}
		if code != "" {
			if isForm {
				errorPage(w, lang, code, "")
				return
			}
			writeErrorIn(w, lang, code)
			return
		}
		o, err := d.Marketing.Submit(r.Context(), slug, f, clientAddress(r))
		var invalid *marketingconsent.Invalid
		switch {
		case errors.As(err, &invalid):
			if isForm {
				marketingFormPage(w, c, lang, f.Normalize(c), invalid.Fields)
				return
			}
			var b invalidBody
			b.Error.Code = CodeInvalid
			b.Error.Message = i18n.T(lang).Errors[CodeInvalid]
			b.Fields = privacy.Messages(lang, invalid.Fields)
			writeJSON(w, http.StatusUnprocessableEntity, b)
			return
		case errors.Is(err, marketingconsent.ErrRateLimited):
			w.Header().Set("Retry-After", strconv.Itoa(int(time.Until(time.Now().Truncate(time.Hour).Add(time.Hour)).Seconds())+1))
			code = CodeRateLimited
		case err != nil:
			failed(w, r, d.Log, lang, isForm, err)
			return
		}
		if code != "" {
			if isForm {
				errorPage(w, lang, code, "")
				return
			}
			writeErrorIn(w, lang, code)
			return
		}
		if isForm {
			k := i18n.K(lang)
			p := newPage(lang, i18n.Fill(k.PageTitle, "name", c.Name))
			p.h1(i18n.Fill(k.PageTitle, "name", c.Name))
			p.status("lead", i18n.Fill(k.CheckMail, "email", o.Form.Email))
			p.write(w, http.StatusAccepted)
			return
		}
		writeJSON(w, http.StatusAccepted, optInAnswer{Status: "unconfirmed", ExpiresAt: rfc3339(o.ExpiresAt)})
	})
}

// marketingLinkError answers a link that does not work, in lang if known.
func marketingLinkError(w http.ResponseWriter, r *http.Request, d Deps, err error, lang i18n.Lang) {
	if !lang.Valid() {
		lang = requestLang(r)
	}
	switch {
	case errors.Is(err, marketingconsent.ErrBadLink), errors.Is(err, marketingconsent.ErrNotFound):
		errorPage(w, lang, CodeBadToken, "")
	case errors.Is(err, marketingconsent.ErrUsedOrExpired):
		p := newPage(lang, i18n.T(lang).Errors[CodeExpired])
		p.h1(i18n.R(lang).ExpiredTitle).para(i18n.K(lang).ExpiredLink)
		p.write(w, http.StatusGone)
	default:
		failed(w, r, d.Log, lang, true, err)
	}
}

// handleMarketingConfirmPage answers the confirmation e-mail's link with a
// page that has one button: opening a link confirms nothing.
func handleMarketingConfirmPage(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := r.URL.Query().Get("t")
		o, c, err := d.Marketing.Check(r.Context(), token)
		if err != nil {
			marketingLinkError(w, r, d, err, langOr(o.Form.Language, c.Language))
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
		var body struct {
			T string `json:"t"`
		}
		fields, isForm, code := readBody(w, r, &body)
		if isForm {
			body.T = fields["t"]
		}
		if code != "" {
			writeError(w, r, code)
			return
		}
		person, c, err := d.Marketing.Confirm(r.Context(), body.T)
		if err != nil {
			if !isForm {
				switch {
				case errors.Is(err, marketingconsent.ErrBadLink):
					writeError(w, r, CodeBadToken)
				case errors.Is(err, marketingconsent.ErrUsedOrExpired):
					writeError(w, r, CodeExpired)
				default:
					failed(w, r, d.Log, requestLang(r), false, err)
				}
				return
			}
			o, c, _ := d.Marketing.Check(r.Context(), body.T)
			marketingLinkError(w, r, d, err, langOr(o.Form.Language, c.Language))
			return
		}
		if !isForm {
			writeJSON(w, http.StatusOK, optInAnswer{Status: "confirmed"})
			return
		}
		l := langOr(person.Language, c.Language)
		k := i18n.K(l)
		p := newPage(l, k.DoneTitle)
		p.h1(k.DoneTitle)
		p.status("lead", i18n.Fill(k.DoneText, "name", c.Name))
		p.link(d.Marketing.ManageLink(person.ID), k.ManageLink)
		p.write(w, http.StatusOK)
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
		personID, token := r.URL.Query().Get("p"), r.URL.Query().Get("t")
		withdrawn := false
		if r.Method == http.MethodPost {
			var ignored struct{}
			fields, _, code := readBody(w, r, &ignored)
			if code != "" {
				errorPage(w, requestLang(r), code, "")
				return
			}
			personID, token = fields["p"], fields["t"]
			var channels []string
			if ch := fields["channel"]; ch != "all" {
				channels = []string{ch}
			}
			if _, err := d.Marketing.Withdraw(r.Context(), personID, token, channels); err != nil {
				marketingLinkError(w, r, d, err, "")
				return
			}
			withdrawn = true
		}
		person, consents, err := d.Marketing.Manage(r.Context(), personID, token)
		if err != nil {
			marketingLinkError(w, r, d, err, "")
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
