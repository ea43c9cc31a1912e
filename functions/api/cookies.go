package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"privacyportal/app/consent"
	"privacyportal/app/i18n"
	"privacyportal/app/privacy"
	"privacyportal/functions/cookieconsent"
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
		slug := r.PathValue("slug")
		c, known := d.Controllers.Lookup(slug)
		var rec consent.Record
		fields, isForm, code := readBody(w, r, &rec)
		lang := rec.Language
		if isForm {
			lang = i18n.Lang(fields["language"])
		}
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
		gpcHeader := r.Header.Get("Sec-GPC") == "1"
		var prev consent.Choice
		if ck, err := r.Cookie(consent.CookieName(slug)); err == nil {
			prev, _ = consent.Parse(ck.Value)
		}
		if isForm {
			rec = consent.Record{Method: fields["method"], Version: c.Cookies.PolicyVersion, Language: lang,
				GPC: gpcHeader, Page: safeReturn(fields["return"], "/"+slug+"/")}
			rec.Granted, rec.Refused = consent.ForMethod(c.Cookies, rec.Method, r.PostForm["category"])
			rec.ConsentID = prev.ID
			if rec.ConsentID == "" {
				id, err := d.Cookies.NewConsentID()
				if err != nil {
					failed(w, r, d.Log, lang, true, err)
					return
				}
				rec.ConsentID = id
			}
		}
		e, err := d.Cookies.Record(r.Context(), slug, rec, gpcHeader, clientAddress(r))
		var invalid *cookieconsent.Invalid
		switch {
		case errors.As(err, &invalid):
			if isForm {
				errorPage(w, lang, CodeInvalid, "")
				return
			}
			var b invalidBody
			b.Error.Code = CodeInvalid
			b.Error.Message = i18n.T(lang).Errors[CodeInvalid]
			b.Fields = privacy.Messages(lang, invalid.Fields)
			writeJSON(w, http.StatusUnprocessableEntity, b)
			return
		case errors.Is(err, cookieconsent.ErrRateLimited):
			w.Header().Set("Retry-After", strconv.Itoa(int(time.Until(time.Now().Truncate(time.Hour).Add(time.Hour)).Seconds())+1))
			if isForm {
				errorPage(w, lang, CodeRateLimited, "")
				return
			}
			writeErrorIn(w, lang, CodeRateLimited)
			return
		case err != nil:
			failed(w, r, d.Log, lang, isForm, err)
			return
		}
		d.Log.Info("cookie choice recorded", "controller", slug, "method", e.Method, "gpc", e.GPC)
		if !isForm {
			writeJSON(w, http.StatusCreated, recordAnswer{ID: e.ID, ConsentID: e.ConsentID})
			return
		}
		choice := consent.Choice{ID: e.ConsentID, Version: e.Version, Granted: e.Granted, Time: e.At.Unix(),
			GPC: e.GPC, Method: e.Method}
		http.SetCookie(w, &http.Cookie{
			Name: consent.CookieName(slug), Value: choice.Encode(), Path: "/",
			MaxAge: int(consent.Lifetime(c.Cookies).Seconds()), SameSite: http.SameSiteLaxMode,
			// Browsers accept Secure cookies from http://localhost and
			// 127.0.0.1 too, so local development needs no exception.
			Secure: true,
		})
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, rec.Page, http.StatusSeeOther)
	})
}

// safeReturn is where a form post goes back to: a path on the portal
// itself, never another site.
func safeReturn(path, fallback string) string {
	if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") || strings.ContainsAny(path, "\\\r\n") || len(path) > 200 {
		return fallback
	}
	return path
}

// handleCookieReceipt sends the signed consent receipt of the visitor's
// latest choice: GET /api/{slug}/consent/cookies/receipt, for the consent
// id in the visitor's cookie.
func handleCookieReceipt(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slug := r.PathValue("slug")
		c, known := d.Controllers.Lookup(slug)
		lang := requestLang(r)
		if known {
			lang = requestLangOr(r, c.Language)
		}
		var id string
		if ck, err := r.Cookie(consent.CookieName(slug)); err == nil {
			if choice, err := consent.Parse(ck.Value); err == nil {
				id = choice.ID
			}
		}
		body, err := d.Cookies.ReceiptFor(r.Context(), slug, id)
		switch {
		case errors.Is(err, cookieconsent.ErrUnknownController):
			errorPage(w, lang, CodeUnknownController, "")
			return
		case errors.Is(err, cookieconsent.ErrNotFound):
			errorPage(w, lang, CodeNotFound, "")
			return
		case err != nil:
			failed(w, r, d.Log, lang, true, err)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="consent-receipt-`+slug+`.json"`)
		w.Header().Set("Cache-Control", "no-store")
		w.Write(body)
	})
}
