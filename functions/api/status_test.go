package api

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/problem"
)

// Every error code answers with the one HTTP status a client (a browser, a
// marketer's script, a mail service's webhook) can act on: the table is the
// contract, written out here on its own so that a change to status() shows
// as a change to it. A code missing from the table fails, so a new code
// cannot ship with the 500 that status() falls back to.
func TestEveryErrorCodeHasItsStatus(t *testing.T) {
	want := map[string]int{
		problem.CodeBadCode:           http.StatusUnprocessableEntity,
		problem.CodeBadEncoding:       http.StatusUnprocessableEntity,
		problem.CodeBadRequest:        http.StatusBadRequest,
		problem.CodeBadToken:          http.StatusForbidden,
		problem.CodeConflict:          http.StatusConflict,
		problem.CodeCrossSite:         http.StatusForbidden,
		problem.CodeErased:            http.StatusGone,
		problem.CodeExpired:           http.StatusGone,
		problem.CodeForbidden:         http.StatusForbidden,
		problem.CodeInternal:          http.StatusInternalServerError,
		problem.CodeInvalid:           http.StatusUnprocessableEntity,
		problem.CodeLinkExpired:       http.StatusGone,
		problem.CodeMethodNotAllowed:  http.StatusMethodNotAllowed,
		problem.CodeNotFound:          http.StatusNotFound,
		problem.CodeRateLimited:       http.StatusTooManyRequests,
		problem.CodeTooLarge:          http.StatusRequestEntityTooLarge,
		problem.CodeTooLate:           http.StatusConflict,
		problem.CodeTooManyCodes:      http.StatusTooManyRequests,
		problem.CodeUnauthorized:      http.StatusUnauthorized,
		problem.CodeUnknownController: http.StatusNotFound,
		problem.CodeUnsupportedMedia:  http.StatusUnsupportedMediaType,
	}
	got := map[string]int{}
	d := Deps{Controllers: company.NewRegistry(nil), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, code := range problem.Codes() {
		for _, page := range []bool{false, true} {
			w := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodPost, "/api/x?lang=nb", nil)
			newExchange(w, r, d, page).fail(problem.Fail(code))
			if page {
				if w.Code != got[code] {
					t.Errorf("%s: the page answers %d, JSON %d; want one status", code, w.Code, got[code])
				}
				continue
			}
			got[code] = w.Code
			var body errorBody
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || body.Error.Code != code {
				t.Errorf("%s: body %q (%v), want the code back", code, w.Body, err)
			}
			if body.Error.Message == "" || body.Error.Message != i18n.Pages(i18n.NB).Errors[code] {
				t.Errorf("%s: message %q, want the Norwegian text of the code", code, body.Error.Message)
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("status of each error code (-want +got):\n%s", diff)
	}
	// An error that is not the portal's is internal, whatever it says.
	w := httptest.NewRecorder()
	newExchange(w, httptest.NewRequest(http.MethodGet, "/api/x", nil), d, false).fail(errors.New("not found"))
	if w.Code != http.StatusInternalServerError {
		t.Errorf("a foreign error answers %d, want 500", w.Code)
	}
}
