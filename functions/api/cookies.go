package api

import (
	"net/http"

	appcookieconsent "privacyportal/app/cookieconsent"
	"privacyportal/app/i18n"
	"privacyportal/app/problem"
	"privacyportal/app/valid"
)

// recordAnswer is the JSON answer to a recorded choice.
type recordAnswer struct {
	ID        string `json:"id"`
	ConsentID string `json:"consent_id"`
}

// handleCookieChoice records a visitor's choice about a company's optional
// cookies: POST /api/{slug}/consent/cookies. The page script sends JSON
// (it has already kept the choice in the cookie); the banner's form without
// JavaScript posts a form, and then the Worker keeps the choice in the
// cookie itself and sends the visitor back to the page.
func handleCookieChoice(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d, false)
		slug := r.PathValue("slug")
		c, known := d.company(r, slug)
		if known {
			x.lang = requestLangOr(r, c.Language)
		}
		var rec appcookieconsent.Record
		err := x.decode(&rec)
		if x.form != nil {
			rec.Language = i18n.Lang(x.field("language"))
		}
		x.setLang(rec.Language)
		if err == nil && !known {
			err = problem.Fail(problem.CodeUnknownController)
		}
		if err != nil {
			x.fail(err)
			return
		}
		gpcHeader := r.Header.Get("Sec-GPC") == "1"
		if x.form != nil {
			var prev appcookieconsent.Choice
			if ck, err := r.Cookie(appcookieconsent.CookieName(slug)); err == nil {
				prev, _ = appcookieconsent.Parse(ck.Value)
			}
			home := "/" + slug + "/"
			page := x.field("return")
			if !valid.PortalPath(page) {
				page = home
			}
			rec = appcookieconsent.Record{Method: x.field("method"), Version: c.Cookies.PolicyVersion, Language: x.lang,
				GPC: gpcHeader, Page: page, ConsentID: prev.ID}
			rec.Granted, rec.Refused = appcookieconsent.ForMethod(c.Cookies, rec.Method, x.values("category"))
			if rec.ConsentID == "" {
				if rec.ConsentID, err = d.Cookies.NewConsentID(); err != nil {
					x.fail(err)
					return
				}
			}
		}
		e, err := d.Cookies.Record(r.Context(), slug, rec, gpcHeader, clientAddress(r))
		if err != nil {
			x.fail(err)
			return
		}
		d.Log.InfoContext(r.Context(), "cookie choice recorded", "controller", slug, "method", e.Method, "gpc", e.GPC)
		if x.form == nil {
			writeJSON(w, http.StatusCreated, recordAnswer{ID: e.ID, ConsentID: e.ConsentID})
			return
		}
		choice := appcookieconsent.Choice{ID: e.ConsentID, Version: e.Version, Granted: e.Granted, Time: e.At.Unix(),
			GPC: e.GPC, Method: e.Method}
		http.SetCookie(w, &http.Cookie{
			Name: appcookieconsent.CookieName(slug), Value: choice.Encode(), Path: "/",
			MaxAge: int(appcookieconsent.Lifetime(c.Cookies).Seconds()), SameSite: http.SameSiteLaxMode,
			// Browsers accept Secure cookies from http://localhost and
			// 127.0.0.1 too, so local development needs no exception.
			Secure: true,
		})
		x.redirect(rec.Page, "/"+slug+"/")
	})
}

// handleCookieReceipt sends the signed consent receipt of the visitor's
// latest choice: GET /api/{slug}/consent/cookies/receipt, for the consent
// id in the visitor's cookie.
func handleCookieReceipt(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slug := r.PathValue("slug")
		c, known := d.company(r, slug)
		lang := requestLang(r)
		if known {
			lang = requestLangOr(r, c.Language)
		}
		var id string
		if ck, err := r.Cookie(appcookieconsent.CookieName(slug)); err == nil {
			if choice, err := appcookieconsent.Parse(ck.Value); err == nil {
				id = choice.ID
			}
		}
		body, err := d.Cookies.ReceiptFor(r.Context(), slug, id)
		if err != nil {
			x := newExchange(w, r, d, true)
			x.lang = lang
			x.fail(err)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="consent-receipt-`+slug+`.json"`)
		w.Header().Set("Cache-Control", "no-store")
		w.Write(body)
	})
}
