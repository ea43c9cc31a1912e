package api

import (
	"net/http"

	"privacyportal/app/calendar"
	"privacyportal/app/i18n"
	appmarketingconsent "privacyportal/app/marketingconsent"
	"privacyportal/app/problem"
	"privacyportal/app/ui"
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
		x := newExchange(w, r, d, false)
		c, known := d.company(r, r.PathValue("slug"))
		if known {
			x.lang = requestLangOr(r, c.Language)
		}
		var f appmarketingconsent.Form
		err := x.decode(&f)
		if x.form != nil {
			f = appmarketingconsent.Form{
				Channels: x.values("channels"), Reserve: x.values("reserve"), Email: x.field("email"),
				Phone: x.field("phone"), Name: x.field("name"), Street: x.field("street"), PostalCode: x.field("postal_code"),
				City: x.field("city"), Language: i18n.Lang(x.field("language")), Page: x.field("page"),
			}
		}
		x.setLang(f.Language)
		if err == nil && !known {
			err = problem.Fail(problem.CodeUnknownController)
		}
		if err != nil {
			x.fail(err)
			return
		}
		o, err := d.Marketing.Submit(r.Context(), c.Slug, f, clientAddress(r))
		if e := problem.As(err); x.page && e != nil && e.Code == problem.CodeInvalid {
			marketingFormPage(x, w, c, x.lang, f.Normalize(c), e.Fields)
			return
		}
		if err != nil {
			x.fail(err)
			return
		}
		x.reply(http.StatusAccepted, optInAnswer{Status: "unconfirmed", ExpiresAt: rfc3339(o.ExpiresAt)}, func() {
			k := i18n.Marketing(x.lang)
			writeAnswer(w, http.StatusAccepted, ui.MarketingNotice(x.site, c, x.lang, i18n.Fill(k.PageTitle, "name", c.Name),
				i18n.Fill(k.CheckMail, "email", o.Form.Email), "", ""))
		})
	})
}

// handleMarketingConfirmPage answers the confirmation e-mail's link with a
// page that has one button: opening a link confirms nothing.
func handleMarketingConfirmPage(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d, true)
		token := r.URL.Query().Get("t")
		o, c, err := d.Marketing.Check(r.Context(), token)
		if err != nil {
			x.setLang(c.Language)
			x.setLang(o.Form.Language)
			x.fail(err)
			return
		}
		var choices []string
		for _, ch := range o.Form.Channels {
			choices = append(choices, o.Wordings[ch])
		}
		for _, ch := range o.Form.Reserve {
			choices = append(choices, o.Wordings["no:"+ch])
		}
		writeAnswer(w, http.StatusOK, ui.MarketingConfirmAnswer(x.site, c, o.Form.Language, choices, token))
	})
}

// handleMarketingConfirm confirms: POST /api/marketing/confirm with the
// link's token (form field t, or JSON {"t": …}).
func handleMarketingConfirm(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d, false)
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
			k := i18n.Marketing(l)
			writeAnswer(w, http.StatusOK, ui.MarketingNotice(x.site, c, l, k.DoneTitle,
				i18n.Fill(k.DoneText, "name", c.Name), d.Marketing.ManageLink(person.ID), k.ManageLink))
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
// The page then says what happened: consent withdrawn, or nothing changed
// (no consent to withdraw there); a channel the portal does not know, or
// none, is refused (422) with the page and a message, and changes nothing.
func handleMarketingManage(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d, true)
		personID, token := r.URL.Query().Get("p"), r.URL.Query().Get("t")
		code := http.StatusOK
		withdrawn := -1 // consents the post withdrew; -1 without a post
		var refused *problem.Error
		channel := ""
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
			personID, token, channel = body.P, body.T, body.Channel
			var channels []string
			if channel != "all" {
				channels = []string{channel}
			}
			n, err := d.Marketing.Withdraw(r.Context(), personID, token, channels)
			if e := problem.As(err); e != nil && e.Code == problem.CodeInvalid {
				refused, code = e, http.StatusUnprocessableEntity
			} else if err != nil {
				x.fail(err)
				return
			} else {
				withdrawn = n
			}
		}
		person, consents, err := d.Marketing.Manage(r.Context(), personID, token)
		if err != nil {
			x.fail(err)
			return
		}
		c, _ := d.company(r, person.Controller)
		l := langOr(person.Language, c.Language)
		k := i18n.Marketing(l)
		var notice ui.ManageNotice
		switch {
		case refused != nil:
			notice = ui.ManageNotice{Text: problem.Messages(l, refused.Fields)["channel"], Error: true}
		case withdrawn > 0:
			notice.Text = k.Withdrawn
		case withdrawn == 0 && channel == "all":
			notice.Text = k.NothingWithdrawnAll
		case withdrawn == 0:
			notice.Text = i18n.Fill(k.NothingWithdrawnOne, "channel", k.ChannelBy[channel])
		}
		shown := make([]ui.Consent, 0, len(consents))
		for _, cs := range consents {
			since := cs.ConfirmedAt
			if cs.Status == appmarketingconsent.StatusWithdrawn {
				since = cs.WithdrawnAt
			}
			shown = append(shown, ui.Consent{Channel: cs.Channel, Status: cs.Status, Purposes: cs.Purposes, Since: calendar.DateOf(since)})
		}
		writeAnswer(w, code, ui.ManageAnswer(x.site, c, l, personID, token, shown, notice))
	})
}
