package api

import (
	"net/http"

	"privacyportal/app/i18n"
	"privacyportal/functions/requests"
)

// Error codes. Each maps to one HTTP status in status, and to a message in
// every interface language in i18n.Text.Errors. A client can rely on the
// code; the message is for people.
const (
	CodeNotFound          = "not_found"
	CodeUnknownController = "unknown_controller"
	CodeMethodNotAllowed  = "method_not_allowed"
	CodeTooLarge          = "too_large"
	CodeRateLimited       = "rate_limited"
	CodeBadRequest        = "bad_request"
	CodeUnsupportedMedia  = "unsupported_media"
	CodeInternal          = "internal"
	CodeUnauthorized      = "unauthorized"
	CodeForbidden         = "forbidden"
	// The codes of the request workflow (functions/requests).
	CodeInvalid      = requests.CodeInvalid
	CodeBadToken     = requests.CodeBadToken
	CodeBadCode      = requests.CodeBadCode
	CodeTooManyCodes = requests.CodeTooManyCodes
	CodeExpired      = requests.CodeExpired
	CodeConflict     = requests.CodeConflict
	CodeErased       = requests.CodeErased
)

func status(code string) int {
	switch code {
	case CodeNotFound, CodeUnknownController:
		return http.StatusNotFound
	case CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case CodeRateLimited:
		return http.StatusTooManyRequests
	case CodeBadRequest:
		return http.StatusBadRequest
	case CodeUnsupportedMedia:
		return http.StatusUnsupportedMediaType
	case CodeInvalid, CodeBadCode:
		return http.StatusUnprocessableEntity
	case CodeBadToken, CodeForbidden:
		return http.StatusForbidden
	case CodeUnauthorized:
		return http.StatusUnauthorized
	case CodeTooManyCodes:
		return http.StatusTooManyRequests
	case CodeExpired, CodeErased:
		return http.StatusGone
	case CodeConflict:
		return http.StatusConflict
	}
	return http.StatusInternalServerError
}

// errorBody is the JSON body of every error answer.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// writeError answers with the error code's status and a message in the
// language the client asked for.
func writeError(w http.ResponseWriter, r *http.Request, code string) {
	writeErrorIn(w, requestLang(r), code)
}

// writeErrorIn answers with an error in a given language.
func writeErrorIn(w http.ResponseWriter, lang i18n.Lang, code string) {
	var body errorBody
	body.Error.Code = code
	body.Error.Message = i18n.T(lang).Errors[code]
	writeJSON(w, status(code), body)
}

// requestLang is the language to answer in: the lang query parameter if it
// names an interface language, else the browser's Accept-Language, else
// English.
func requestLang(r *http.Request) i18n.Lang { return requestLangOr(r, i18n.EN) }

// requestLangOr is requestLang with another language when neither the
// query nor the browser names one the portal has.
func requestLangOr(r *http.Request, fallback i18n.Lang) i18n.Lang {
	if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
		return l
	}
	return i18n.FromAcceptLanguage(r.Header.Get("Accept-Language"), fallback)
}
