package api

import (
	"net/http"
	"strings"
	"time"

	"privacyportal/app/calendar"
	"privacyportal/app/i18n"
	"privacyportal/app/problem"
	apprequests "privacyportal/app/requests"
	"privacyportal/functions/requests"
)

// submitAnswer is the JSON answer to a stored request.
type submitAnswer struct {
	ID          string `json:"id"`
	Reference   string `json:"reference"`
	Status      string `json:"status"`
	SubmittedAt string `json:"submitted_at"`
}

// handleSubmit files a request: POST /api/{slug}/requests. It takes JSON
// from the browser app, or an ordinary form post from the prerendered page
// when JavaScript is off, and answers in kind.
func handleSubmit(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d, false)
		c, known := d.company(r, r.PathValue("slug"))
		if known {
			x.lang = requestLangOr(r, c.Language)
		}
		var form apprequests.Form
		err := x.decode(&form)
		for k, v := range x.form {
			form.Set(k, v[0])
		}
		// The customer's language: the form's, else the one asked for,
		// else the company's.
		x.setLang(form.Language)
		if err == nil && !known {
			err = problem.Fail(problem.CodeUnknownController)
		}
		if err != nil {
			x.fail(err)
			return
		}
		receipt, err := d.Requests.Submit(r.Context(), c.Slug, form, clientAddress(r))
		if e := problem.As(err); x.page && e != nil && e.Code == problem.CodeInvalid {
			formPage(x, w, c, x.lang, form.Normalize(c.Country), e.Fields)
			return
		}
		if err != nil {
			x.fail(err)
			return
		}
		x.reply(http.StatusAccepted, submitAnswer{
			ID: receipt.ID, Reference: receipt.Reference, Status: string(receipt.Status),
			SubmittedAt: rfc3339(receipt.SubmittedAt),
		}, func() { checkMailPage(x, w, c, x.lang, form.Normalize(c.Country).Email, receipt, "") })
	})
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
		LatestDueBy: rec.Latest().String(),
		ConfirmedAt: rfc3339(rec.ConfirmedAt), DeliveredAt: rfc3339(rec.DeliveredAt),
		HandledAt: rfc3339(rec.HandledAt), KeyID: rec.KeyID,
	}
	if rec.ExtendedTo != (calendar.Date{}) {
		a.ExtendedTo = rec.ExtendedTo.String()
	}
	return a
}

// handleStatus answers GET /api/requests/{id}: where the request is, for
// the "my requests" list in the customer's browser. It shows nothing
// personal.
func handleStatus(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d, false)
		rec, err := d.Requests.Status(r.Context(), r.PathValue("id"))
		if err != nil {
			x.fail(err)
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
		x := newExchange(w, r, d, true)
		id, token := r.PathValue("id"), r.URL.Query().Get("token")
		rec, err := d.Requests.Check(r.Context(), id, token)
		if err != nil {
			x.fail(err)
			return
		}
		c, _ := d.company(r, rec.Controller)
		if rec.Status != requests.StatusUnconfirmed {
			confirmedPage(x, w, c, rec.Language, rec, http.StatusOK, sameIn(r))
			return
		}
		confirmPage(x, w, c, rec.Language, rec, token)
	})
}

// confirmBody is the JSON body of a confirmation.
type confirmBody struct {
	Token    string    `json:"token"`
	Code     string    `json:"code"`
	Language i18n.Lang `json:"language"`
}

// handleConfirm confirms a request with the token of the e-mail's link or
// its short code: POST /api/requests/{id}/confirm.
func handleConfirm(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d, false)
		var body confirmBody
		err := x.decode(&body)
		if x.form != nil {
			body = confirmBody{Token: x.field("token"), Code: x.field("code"), Language: i18n.Lang(x.field("language"))}
		}
		x.setLang(body.Language)
		if err != nil {
			x.fail(err)
			return
		}
		id := r.PathValue("id")
		rec, err := d.Requests.Confirm(r.Context(), id, requests.Proof{Token: body.Token, Code: body.Code})
		if x.page && problem.Code(err) == problem.CodeBadCode {
			// The code page again, with the error at the field.
			if st, serr := d.Requests.Status(r.Context(), id); serr == nil {
				c, _ := d.company(r, st.Controller)
				checkMailPage(x, w, c, x.lang, "", requests.Receipt{ID: st.ID, Reference: st.Reference,
					Status: st.Status}, i18n.Requests(x.lang).CodeWrong)
				return
			}
		}
		if err != nil {
			x.fail(err)
			return
		}
		x.reply(http.StatusOK, statusOf(rec), func() {
			c, _ := d.company(r, rec.Controller)
			confirmedPage(x, w, c, x.lang, rec, http.StatusOK, confirmLinkIn(id, body.Token))
		})
	})
}

// handleCompanyPage answers the links in the company's e-mail with a page
// that asks before acting: GET /api/requests/{id}/handled and /extend.
func handleCompanyPage(d Deps, action string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d, true)
		token := r.URL.Query().Get("token")
		rec, err := d.Requests.CompanyRecord(r.Context(), r.PathValue("id"), action, token)
		if err != nil {
			x.fail(err)
			return
		}
		c, _ := d.company(r, rec.Controller)
		if action == requests.ActionHandled {
			handledPage(x, w, c, rec, token, false)
			return
		}
		extendPage(x, w, c, rec, token, "", "", nil)
	})
}

// handleCompanyAction carries out the company's action: POST
// /api/requests/{id}/handled or /extend, from the page above.
func handleCompanyAction(d Deps, action string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := newExchange(w, r, d, true)
		var body struct {
			Token   string `json:"token"`
			Date    string `json:"date"`
			Reasons string `json:"reasons"`
		}
		err := x.decode(&body)
		x.page = true // the company acts from a page, whatever it posts
		if x.form != nil {
			body.Token, body.Date, body.Reasons = x.field("token"), x.field("date"), x.field("reasons")
		}
		if err != nil {
			x.fail(err)
			return
		}
		id, token := r.PathValue("id"), body.Token
		if token == "" {
			token = r.URL.Query().Get("token")
		}
		if action == requests.ActionHandled {
			rec, err := d.Requests.MarkHandled(r.Context(), id, token)
			if err != nil {
				x.fail(err)
				return
			}
			c, _ := d.company(r, rec.Controller)
			handledPage(x, w, c, rec, token, true)
			return
		}
		to, _ := calendar.ParseDate(strings.TrimSpace(body.Date))
		rec, err := d.Requests.Extend(r.Context(), id, token, to, body.Reasons)
		if e := problem.As(err); e != nil && rec.ID != "" &&
			(e.Code == problem.CodeInvalid || e.Code == problem.CodeConflict || e.Code == problem.CodeErased || e.Code == problem.CodeTooLate) {
			c, _ := d.company(r, rec.Controller)
			extendPage(x, w, c, rec, token, body.Date, body.Reasons, e)
			return
		}
		if err != nil {
			x.fail(err)
			return
		}
		c, _ := d.company(r, rec.Controller)
		extendedPage(x, w, c, rec)
	})
}
