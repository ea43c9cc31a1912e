package api

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"privacyportal/app/i18n"
	"privacyportal/app/privacy"
	"privacyportal/functions/requests"
)

// maxBody is the largest request body the API reads: a form with every
// field at its longest fits several times over.
const maxBody = 32 << 10

// readBody decodes a JSON body into v, or an ordinary form post into
// form. It reports the error code for a body that is too large, of the
// wrong kind or unreadable.
func readBody(w http.ResponseWriter, r *http.Request, v any) (form map[string]string, isForm bool, code string) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if r.ContentLength > maxBody {
		return nil, mt == "application/x-www-form-urlencoded", CodeTooLarge
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	switch mt {
	case "application/json":
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, false, bodyErrorCode(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			return nil, false, CodeBadRequest
		}
		return nil, false, ""
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return nil, true, bodyErrorCode(err)
		}
		form = map[string]string{}
		for k, vals := range r.PostForm {
			if len(vals) > 0 {
				form[k] = vals[0]
			}
		}
		return form, true, ""
	}
	return nil, false, CodeUnsupportedMedia
}

func bodyErrorCode(err error) string {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return CodeTooLarge
	}
	return CodeBadRequest
}

// clientAddress is the client's address as Cloudflare reports it, for rate
// limiting only; it is never stored or logged as such.
func clientAddress(r *http.Request) string {
	if ip := r.Header.Get("CF-Connecting-IP"); ip != "" {
		return ip
	}
	return r.RemoteAddr
}

// submitAnswer is the JSON answer to a stored request.
type submitAnswer struct {
	ID          string `json:"id"`
	Reference   string `json:"reference"`
	Status      string `json:"status"`
	SubmittedAt string `json:"submitted_at"`
	DueBy       string `json:"due_by"`
	LatestDueBy string `json:"latest_due_by"`
}

// invalidBody is the JSON answer to a form with errors: one message per
// field, in the customer's language.
type invalidBody struct {
	errorBody
	Fields map[string]string `json:"fields"`
}

// handleSubmit files a request: POST /api/{slug}/requests. It takes JSON
// from the browser app, or an ordinary form post from the prerendered page
// when JavaScript is off, and answers in kind.
func handleSubmit(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slug := r.PathValue("slug")
		c, known := d.Controllers.Lookup(slug)
		var form privacy.RequestForm
		fields, isForm, code := readBody(w, r, &form)
		for k, v := range fields {
			form.Set(k, v)
		}
		// The customer's language: the form's, else the one asked for,
		// else the company's.
		lang := form.Language
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
				errorPage(w, lang, code, r.Referer())
				return
			}
			writeErrorIn(w, lang, code)
			return
		}
		receipt, err := d.Requests.Submit(r.Context(), slug, form, clientAddress(r))
		if err != nil {
			var e *requests.Error
			if errors.As(err, &e) && e.Code == requests.CodeInvalid {
				if isForm {
					normalized := form.Normalize(c.Country)
					formPage(w, c, lang, normalized, e.Fields)
					return
				}
				var body invalidBody
				body.Error.Code = CodeInvalid
				body.Error.Message = i18n.T(lang).Errors[CodeInvalid]
				body.Fields = privacy.Messages(lang, e.Fields)
				writeJSON(w, http.StatusUnprocessableEntity, body)
				return
			}
			if errors.As(err, &e) && e.Code == requests.CodeRateLimited {
				w.Header().Set("Retry-After", strconv.Itoa(int((e.RetryAfter+time.Second-1)/time.Second)))
			}
			failed(w, r, d.Log, lang, isForm, err)
			return
		}
		if isForm {
			checkMailPage(w, c, lang, form.Normalize(c.Country).Email, receipt, "")
			return
		}
		writeJSON(w, http.StatusAccepted, submitAnswer{
			ID: receipt.ID, Reference: receipt.Reference, Status: string(receipt.Status),
			SubmittedAt: rfc3339(receipt.SubmittedAt),
			DueBy:       receipt.Deadlines.Due.String(), LatestDueBy: receipt.Deadlines.Latest.String(),
		})
	})
}

// failed answers a workflow error: its code and message if the user can act
// on it, "internal" (with the detail in the log only) otherwise.
func failed(w http.ResponseWriter, r *http.Request, log *slog.Logger, lang i18n.Lang, html bool, err error) {
	code := requests.ErrorCode(err)
	if code == "internal" {
		log.Error("request failed", "path", r.URL.Path, "err", err)
		code = CodeInternal
	}
	if html {
		errorPage(w, lang, code, "")
		return
	}
	writeErrorIn(w, lang, code)
}

// statusAnswer is what anyone holding a request's id may know of it.
type statusAnswer struct {
	ID          string `json:"id"`
	Reference   string `json:"reference"`
	Controller  string `json:"controller"`
	Type        string `json:"type"`
	Status      string `json:"status"`
	SubmittedAt string `json:"submitted_at"`
	DueBy       string `json:"due_by"`
	LatestDueBy string `json:"latest_due_by"`
	ExtendedTo  string `json:"extended_to,omitempty"`
	ConfirmedAt string `json:"confirmed_at,omitempty"`
	DeliveredAt string `json:"delivered_at,omitempty"`
	HandledAt   string `json:"handled_at,omitempty"`
	KeyID       string `json:"key_id,omitempty"`
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func statusOf(rec requests.Record) statusAnswer {
	a := statusAnswer{
		ID: rec.ID, Reference: rec.Reference, Controller: rec.Controller, Type: rec.Type,
		Status: string(rec.Status), SubmittedAt: rfc3339(rec.SubmittedAt), DueBy: rec.DueBy.String(),
		LatestDueBy: privacy.DeadlinesFor(rec.SubmittedAt).Latest.String(),
		ConfirmedAt: rfc3339(rec.ConfirmedAt), DeliveredAt: rfc3339(rec.DeliveredAt),
		HandledAt: rfc3339(rec.HandledAt), KeyID: rec.KeyID,
	}
	if rec.ExtendedTo != (privacy.Date{}) {
		a.ExtendedTo = rec.ExtendedTo.String()
	}
	return a
}

// handleStatus answers GET /api/requests/{id}: where the request is, for
// the "my requests" list in the customer's browser. It shows nothing
// personal.
func handleStatus(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec, err := d.Requests.Status(r.Context(), r.PathValue("id"))
		if err != nil {
			failed(w, r, d.Log, requestLang(r), false, err)
			return
		}
		writeJSON(w, http.StatusOK, statusOf(rec))
	})
}

// handleConfirmPage answers the link in the confirmation e-mail, GET
// /api/requests/{id}/confirm?token=…, with a page that has one button.
// Following a link changes nothing: mail scanners open links, and only a
// person presses the button.
func handleConfirmPage(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, token := r.PathValue("id"), r.URL.Query().Get("token")
		rec, err := d.Requests.Check(r.Context(), id, token)
		lang := requestLang(r)
		if err == nil {
			lang = rec.Language
		}
		if err != nil {
			failed(w, r, d.Log, lang, true, err)
			return
		}
		c, _ := d.Controllers.Lookup(rec.Controller)
		if rec.Status != requests.StatusUnconfirmed {
			confirmedPage(w, c, lang, rec, http.StatusOK)
			return
		}
		confirmPage(w, c, lang, rec, token)
	})
}

// confirmBody is the JSON body of a confirmation.
type confirmBody struct {
	Token string `json:"token"`
	Code  string `json:"code"`
}

// handleConfirm confirms a request with the token of the e-mail's link or
// its short code: POST /api/requests/{id}/confirm.
func handleConfirm(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body confirmBody
		fields, isForm, code := readBody(w, r, &body)
		if isForm {
			body.Token, body.Code = fields["token"], fields["code"]
		}
		lang := requestLang(r)
		if l, ok := i18n.Parse(fields["language"]); ok {
			lang = l
		}
		if code != "" {
			if isForm {
				errorPage(w, lang, code, "")
				return
			}
			writeErrorIn(w, lang, code)
			return
		}
		id := r.PathValue("id")
		rec, err := d.Requests.Confirm(r.Context(), id, requests.Proof{Token: body.Token, Code: body.Code})
		if err != nil {
			ecode := requests.ErrorCode(err)
			if isForm && ecode == requests.CodeBadCode {
				if st, err := d.Requests.Status(r.Context(), id); err == nil {
					c, _ := d.Controllers.Lookup(st.Controller)
					checkMailPage(w, c, lang, "", requests.Receipt{ID: st.ID, Reference: st.Reference,
						Status: st.Status, Deadlines: privacy.DeadlinesFor(st.SubmittedAt)}, i18n.R(lang).CodeWrong)
					return
				}
			}
			if !isForm && ecode == requests.CodeBadCode {
				var b invalidBody
				b.Error.Code = CodeBadCode
				b.Error.Message = i18n.T(lang).Errors[CodeBadCode]
				b.Fields = map[string]string{"code": i18n.R(lang).CodeWrong}
				writeJSON(w, http.StatusUnprocessableEntity, b)
				return
			}
			failed(w, r, d.Log, lang, isForm, err)
			return
		}
		if isForm {
			c, _ := d.Controllers.Lookup(rec.Controller)
			confirmedPage(w, c, lang, rec, http.StatusOK)
			return
		}
		writeJSON(w, http.StatusOK, statusOf(rec))
	})
}

// handleCompanyPage answers the links in the company's e-mail with a page
// that asks before acting: GET /api/requests/{id}/handled and /extend.
func handleCompanyPage(d Deps, action string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := r.URL.Query().Get("token")
		rec, err := d.Requests.CompanyRecord(r.Context(), r.PathValue("id"), action, token)
		if err != nil {
			failed(w, r, d.Log, requestLang(r), true, err)
			return
		}
		c, _ := d.Controllers.Lookup(rec.Controller)
		if action == requests.ActionHandled {
			handledPage(w, c, rec, token, false)
			return
		}
		extendPage(w, c, rec, token, "", "", nil)
	})
}

// handleCompanyAction carries out the company's action: POST
// /api/requests/{id}/handled or /extend, from the page above.
func handleCompanyAction(d Deps, action string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ignored struct{}
		fields, _, code := readBody(w, r, &ignored)
		lang := requestLang(r)
		if code != "" {
			errorPage(w, lang, code, "")
			return
		}
		id, token := r.PathValue("id"), fields["token"]
		if token == "" {
			token = r.URL.Query().Get("token")
		}
		if action == requests.ActionHandled {
			rec, err := d.Requests.MarkHandled(r.Context(), id, token)
			if err != nil {
				failed(w, r, d.Log, lang, true, err)
				return
			}
			c, _ := d.Controllers.Lookup(rec.Controller)
			handledPage(w, c, rec, token, true)
			return
		}
		to, _ := privacy.ParseDate(strings.TrimSpace(fields["date"]))
		rec, err := d.Requests.Extend(r.Context(), id, token, to, fields["reasons"])
		var e *requests.Error
		if errors.As(err, &e) && (e.Code == requests.CodeInvalid || e.Code == requests.CodeConflict || e.Code == requests.CodeErased) && rec.ID != "" {
			c, _ := d.Controllers.Lookup(rec.Controller)
			extendPage(w, c, rec, token, fields["date"], fields["reasons"], e)
			return
		}
		if err != nil {
			failed(w, r, d.Log, lang, true, err)
			return
		}
		c, _ := d.Controllers.Lookup(rec.Controller)
		extendedPage(w, c, rec)
	})
}
