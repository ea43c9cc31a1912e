package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"privacyportal/app/i18n"
	"privacyportal/app/problem"
	"privacyportal/app/ui"
	"privacyportal/app/valid"
)

// maxBody is the largest request body the API reads: a form with every
// field at its longest fits several times over.
const maxBody = 32 << 10

// exchange is one request and its answer, the one way in and out of every
// handler: the body is read once (decode), in one of the two forms the
// portal takes (JSON from the browser app, a form post from a page without
// it), and the answer is chosen once from it: JSON for the app, an HTML
// page for a browser that posted a form or followed a link. The rules of
// what the API accepts (size, media type, UTF-8, unambiguous JSON keys) and
// how an error is answered (status, localized message, Retry-After, what
// the log may hold) live here and nowhere else.
type exchange struct {
	w    http.ResponseWriter
	r    *http.Request
	log  *slog.Logger
	site ui.Site // for the pages it answers with
	// page is whether to answer with an HTML page rather than JSON.
	page bool
	// lang is the language of the answer.
	lang i18n.Lang
	// form is the fields of a form post.
	form url.Values
	// now is the clock, for what a page says depends on the day.
	now func() time.Time
}

// newExchange starts an exchange answering in the language the client
// asked for (requestLang). page says whether the endpoint answers with
// pages whatever is posted (the links in e-mails); decode sets it for a
// form post.
func newExchange(w http.ResponseWriter, r *http.Request, d Deps, page bool) *exchange {
	now := d.Now
	if now == nil {
		now = time.Now
	}
	return &exchange{w: w, r: r, log: d.Log, site: ui.NewSite(d.Controllers), page: page, lang: requestLang(r), now: now}
}

// setLang answers in l from now on, if it is an interface language.
func (x *exchange) setLang(l i18n.Lang) {
	if l.Valid() {
		x.lang = l
	}
}

// field is the first value of a form post's field.
func (x *exchange) field(name string) string { return x.form.Get(name) }

// values are all the values of a form post's field (ticked boxes).
func (x *exchange) values(name string) []string { return x.form[name] }

// decode reads the body: JSON into v, or a form post into x.form (and the
// answer becomes a page). It returns a *problem.Error for a body that is
// too large (413), not UTF-8 (422), unreadable or JSON with a key given
// twice or in another case (400), or of another media type (415).
func (x *exchange) decode(v any) error {
	mt := x.r.Header.Get("Content-Type")
	if mt != "application/json" && mt != "application/x-www-form-urlencoded" {
		// Parameters (a charset) or another spelling: parsed properly.
		mt, _, _ = mime.ParseMediaType(mt)
	}
	isForm := mt == "application/x-www-form-urlencoded"
	if isForm {
		x.page = true
	}
	if mt != "application/json" && !isForm {
		return problem.Fail(problem.CodeUnsupportedMedia)
	}
	b, err := x.body()
	if err != nil {
		return err
	}
	if !isForm {
		return decodeJSON(b, v)
	}
	// A form post's fields are percent-encoded bytes, which may decode
	// to anything: only UTF-8 text is taken.
	form, err := url.ParseQuery(string(b))
	if err != nil {
		return problem.Fail(problem.CodeBadRequest)
	}
	for k, vals := range form {
		if !utf8.ValidString(k) {
			return problem.Fail(problem.CodeBadEncoding)
		}
		for _, s := range vals {
			if !utf8.ValidString(s) {
				return problem.Fail(problem.CodeBadEncoding)
			}
		}
	}
	x.form = form
	return nil
}

// body reads the request's body, at most maxBody bytes (413 past it).
func (x *exchange) body() ([]byte, error) {
	if x.r.ContentLength > maxBody {
		return nil, problem.Fail(problem.CodeTooLarge)
	}
	b, err := io.ReadAll(http.MaxBytesReader(x.w, x.r.Body, maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, problem.Fail(problem.CodeTooLarge)
		}
		return nil, problem.Fail(problem.CodeBadRequest)
	}
	return b, nil
}

// decodeService reads the JSON body a mail service posts (its webhooks)
// into v, under the same rules of size (maxBody: 413), media type (415)
// and encoding (UTF-8: 422) as every other body, but with the service's
// own keys ("event-data", "message-id"), which strictJSON's plain keys
// would refuse; it is still one value with nothing after it. What such a
// body says counts only once its signature has been checked.
func (x *exchange) decodeService(v any) error {
	mt, _, _ := mime.ParseMediaType(x.r.Header.Get("Content-Type"))
	if mt != "application/json" {
		return problem.Fail(problem.CodeUnsupportedMedia)
	}
	b, err := x.body()
	if err != nil {
		return err
	}
	if !utf8.Valid(b) {
		return problem.Fail(problem.CodeBadEncoding)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		return problem.Fail(problem.CodeBadRequest)
	}
	if _, err := dec.Token(); err != io.EOF {
		return problem.Fail(problem.CodeBadRequest)
	}
	return nil
}

// decodeJSON reads one JSON value into v, more strictly than
// encoding/json: the text must be UTF-8 (encoding/json would replace what
// is not), there must be nothing after the value, and no object may name
// a key twice or name one in any form but lower-case ASCII: encoding/json
// matches keys case-insensitively and lets the last one win, so
// {"email": a, "EMAIL": b} would be read as b by one reader and a by
// another.
func decodeJSON(b []byte, v any) error {
	if !utf8.Valid(b) {
		return problem.Fail(problem.CodeBadEncoding)
	}
	if !strictJSON(b) {
		return problem.Fail(problem.CodeBadRequest)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return problem.Fail(problem.CodeBadRequest)
	}
	return nil
}

// maxDepth bounds how deeply JSON may nest: the portal's bodies are two
// levels deep.
const maxDepth = 16

func plainKey(k string) bool {
	if k == "" || len(k) > 64 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// errorBody is the JSON body of every error answer; Fields, for a form
// with errors, has one message per field.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	Fields map[string]string `json:"fields,omitempty"`
}

// fail answers err: a *problem.Error with its code's status and message in
// the exchange's language, anything else as "internal" with the detail in
// the log only. Errors carry codes and the program's own words, never what
// a client sent, and the log names the route (the pattern), not the path a
// client chose, so the log line holds no personal data.
func (x *exchange) fail(err error) {
	code := problem.Code(err)
	e := problem.As(err)
	if e == nil {
		if x.r.Context().Err() != nil {
			// The client left, or the deadline passed: nobody reads
			// the answer, and it is no fault of the portal's.
			x.log.WarnContext(x.r.Context(), "request abandoned", "route", x.r.Pattern, "err", x.r.Context().Err())
		} else {
			x.log.ErrorContext(x.r.Context(), "request failed", "route", x.r.Pattern, "err", err)
		}
		e = problem.Fail(problem.CodeInternal)
	}
	switch code {
	case problem.CodeRateLimited:
		wait := e.RetryAfter
		if wait <= 0 {
			wait = time.Minute
		}
		x.w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
	case problem.CodeUnauthorized:
		x.w.Header().Set("WWW-Authenticate", `Bearer realm="privacy-portal exports"`)
	}
	if x.page {
		writeAnswer(x.w, status(code), ui.ErrorAnswer(x.site, x.lang, code, x.back()))
		return
	}
	var body errorBody
	body.Error.Code = code
	body.Error.Message = i18n.Pages(x.lang).Errors[code]
	switch code {
	case problem.CodeInvalid:
		body.Fields = problem.Messages(x.lang, e.Fields)
	case problem.CodeBadCode:
		body.Fields = map[string]string{"code": i18n.Requests(x.lang).CodeWrong}
	}
	writeJSONBytes(x.w, status(code), body.appendJSON(make([]byte, 0, 256)))
}

// appendJSON writes the error body as json.Marshal would (fields sorted
// by name), without reflection: every refused form is answered with it.
func (e errorBody) appendJSON(b []byte) []byte {
	b = append(b, `{"error":{"code":`...)
	b = appendJSONString(b, e.Error.Code)
	b = append(b, `,"message":`...)
	b = appendJSONString(b, e.Error.Message)
	b = append(b, '}')
	if len(e.Fields) > 0 {
		names := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			names = append(names, k)
		}
		slices.Sort(names)
		b = append(b, `,"fields":{`...)
		for i, k := range names {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			b = appendJSONString(b, e.Fields[k])
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

// reply answers success: v as JSON, or the page that page writes.
func (x *exchange) reply(code int, v any, page func()) {
	if x.page {
		page()
		return
	}
	writeJSON(x.w, code, v)
}

// back is the portal page the client came from, for the error page's way
// back: the Referer's path when the Referer is this portal and the path is
// one (valid.PortalPath), else "".
func (x *exchange) back() string {
	ref, err := url.Parse(x.r.Referer())
	if err != nil || ref.Host != x.r.Host || (ref.Scheme != "http" && ref.Scheme != "https") {
		return ""
	}
	p := ref.EscapedPath()
	if !valid.PortalPath(p) {
		return ""
	}
	return p
}

// redirect sends the browser to path, which must be a portal path
// (valid.PortalPath); any other is replaced by fallback. Location is set
// as it is: http.Redirect would clean the path, and a cleaned path is not
// the one that was checked.
func (x *exchange) redirect(path, fallback string) {
	if !valid.PortalPath(path) {
		path = fallback
	}
	x.w.Header().Set("Location", path)
	x.w.Header().Set("Cache-Control", "no-store")
	x.w.WriteHeader(http.StatusSeeOther)
}

// status is the HTTP status of each error code.
func status(code string) int {
	switch code {
	case problem.CodeNotFound, problem.CodeUnknownController:
		return http.StatusNotFound
	case problem.CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case problem.CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case problem.CodeRateLimited, problem.CodeTooManyCodes:
		return http.StatusTooManyRequests
	case problem.CodeBadRequest:
		return http.StatusBadRequest
	case problem.CodeUnsupportedMedia:
		return http.StatusUnsupportedMediaType
	case problem.CodeInvalid, problem.CodeBadCode, problem.CodeBadEncoding:
		return http.StatusUnprocessableEntity
	case problem.CodeBadToken, problem.CodeForbidden, problem.CodeCrossSite:
		return http.StatusForbidden
	case problem.CodeUnauthorized:
		return http.StatusUnauthorized
	case problem.CodeExpired, problem.CodeErased, problem.CodeLinkExpired:
		return http.StatusGone
	case problem.CodeConflict, problem.CodeTooLate:
		return http.StatusConflict
	}
	return http.StatusInternalServerError
}

// requestLang is the language to answer in: the lang query parameter if it
// names an interface language, else the browser's Accept-Language, else
// English.
func requestLang(r *http.Request) i18n.Lang { return requestLangOr(r, i18n.EN) }

// requestLangOr is requestLang with another language when neither the
// query nor the browser names one the portal has.
func requestLangOr(r *http.Request, fallback i18n.Lang) i18n.Lang {
	if r.URL.RawQuery != "" {
		if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
			return l
		}
	}
	return i18n.FromAcceptLanguage(r.Header.Get("Accept-Language"), fallback)
}

// writeJSON writes v as the JSON body of an answer that must not be cached:
// API answers are about one person's request at one moment.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"error":{"code":"internal"}}`, http.StatusInternalServerError)
		return
	}
	writeJSONBytes(w, status, b)
}

// writeJSONBytes writes b, a JSON value, as an answer's body.
func writeJSONBytes(w http.ResponseWriter, status int, b []byte) {
	h := w.Header()
	h["Content-Type"] = []string{"application/json; charset=utf-8"}
	h["Cache-Control"] = []string{"no-store"}
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// clientAddress is the client's address as Cloudflare reports it, for rate
// limiting only (functions/limit keys it by a keyed hash); it is never
// stored or logged as such.
func clientAddress(r *http.Request) string {
	if ip := r.Header.Get("CF-Connecting-IP"); ip != "" {
		return ip
	}
	return r.RemoteAddr
}
