package api_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/company"
	"privacyportal/functions/api"
	"privacyportal/functions/d1"
	"privacyportal/functions/d1/d1test"
	"privacyportal/functions/exports"
	"privacyportal/site/controllers"
)

// exportPortal is the API over a database of n marketing consents, with
// an export token of every scope for Werksta and for CAR-ROOM (by slug).
func exportPortal(t *testing.T, n int) (http.Handler, d1.SQL, map[string]string) {
	t.Helper()
	reg, err := company.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		t.Fatal(err)
	}
	store, db := d1test.Open(t)
	ctx := context.Background()
	var stmts []d1.Statement
	for i := 0; i < n; i++ {
		person := fmt.Sprintf("p%04d", i)
		stmts = append(stmts,
			d1.Stmt(`INSERT INTO marketing_people (id, controller, email, language, created_at, updated_at)
				VALUES (?, 'werksta', ?, 'nb', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`, person, person+"@example.no"),
			d1.Stmt(`INSERT INTO marketing_consents (id, controller, person_id, channel, status, purposes, lawful_basis,
				policy_version, wording_sha256, language, updated_at)
				VALUES (?, 'werksta', ?, 'email', 'granted', 'tilbud', 'consent', 'v1', 'h', 'nb', '2026-01-01T00:00:00Z')`, "c"+person, person))
	}
	if _, err := db.Batch(ctx, stmts...); err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{}
	for _, slug := range []string{"werksta", "car-room"} {
		tok, text, err := exports.NewToken(testTokenKey, rand.Reader, exports.Token{
			Controller: slug, Name: "marketing", Scopes: exports.AllScopes(), CreatedAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
		if err == nil {
			err = store.IssueExportToken(ctx, tok)
		}
		if err != nil {
			t.Fatal(err)
		}
		tokens[slug] = text
	}
	h := api.NewServer(api.Deps{
		Controllers:  reg,
		DB:           store,
		Exports:      store,
		Counter:      store,
		ExportTokens: exports.Tokens{Store: store, Key: testTokenKey, Now: exportNow},
		Now:          exportNow,
		Log:          slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	return h, db, tokens
}

var testTokenKey = []byte(strings.Repeat("t", 43))

func exportNow() time.Time { return time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC) }

// cancelAfterFirstWrite is a client that leaves once the first bytes of
// the export have reached it.
type cancelAfterFirstWrite struct {
	*httptest.ResponseRecorder
	cancel context.CancelFunc
}

func (w *cancelAfterFirstWrite) Write(p []byte) (int, error) {
	w.cancel()
	return w.ResponseRecorder.Write(p)
}

// Every export is logged with how it ended: complete, or cancelled when
// the client leaves, in which case the answer is cut short (the handler
// aborts) rather than ended as if the file were whole.
func TestEveryExportIsLogged(t *testing.T) {
	h, db, tokens := exportPortal(t, 2500)
	get := func(w http.ResponseWriter, ctx context.Context) (aborted bool) {
		defer func() {
			if r := recover(); r != nil {
				if r != http.ErrAbortHandler {
					panic(r)
				}
				aborted = true
			}
		}()
		req := httptest.NewRequestWithContext(ctx, "GET", "/api/werksta/exports/marketing?format=csv", nil)
		req.Header.Set("Authorization", "Bearer "+tokens["werksta"])
		h.ServeHTTP(w, req)
		return false
	}
	whole := httptest.NewRecorder()
	if get(whole, context.Background()) || whole.Code != 200 {
		t.Fatalf("the whole export: status %d", whole.Code)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if !get(&cancelAfterFirstWrite{httptest.NewRecorder(), cancel}, ctx) {
		t.Errorf("an export whose client left was not cut short")
	}
	rows, err := db.Query(context.Background(), d1.Stmt(`SELECT kind, rows, outcome, token_id FROM export_log ORDER BY id`))
	if err != nil {
		t.Fatal(err)
	}
	id := strings.Split(tokens["werksta"], "_")[1]
	want := [][]any{{"marketing-current", int64(2500), "complete", id}, {"marketing-current", int64(1000), "cancelled", id}}
	if diff := cmp.Diff(want, rows.Values); diff != "" {
		t.Errorf("export_log (-want +got):\n%s", diff)
	}
}

// The suppression list holds everyone a marketer must not contact on a
// channel: those who withdrew a consent and those who reserved themselves
// (said no to calls or post), each with the day it began; and every row
// of the current view names its channel's rule in the company's country.
func TestSuppressionHasWithdrawalsAndReservations(t *testing.T) {
	h, db, tokens := exportPortal(t, 0)
	ctx := context.Background()
	var stmts []d1.Statement
	for i, r := range []struct{ controller, channel, status, confirmed, withdrawn string }{
		{"werksta", "email", "granted", "2026-02-01T10:00:00Z", ""},
		{"werksta", "sms", "withdrawn", "2026-02-01T10:00:00Z", "2026-03-05T08:00:00Z"},
		{"werksta", "phone", "reserved", "2026-02-03T09:00:00Z", ""},
		{"werksta", "post", "reserved", "2026-02-04T09:00:00Z", ""},
		{"car-room", "phone", "granted", "2026-02-01T10:00:00Z", ""},
		{"car-room", "post", "reserved", "2026-02-02T10:00:00Z", ""},
	} {
		person := fmt.Sprintf("q%d", i)
		var withdrawn any
		if r.withdrawn != "" {
			withdrawn = r.withdrawn
		}
		stmts = append(stmts,
			d1.Stmt(`INSERT INTO marketing_people (id, controller, email, language, created_at, updated_at)
				VALUES (?, ?, ?, 'nb', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`, person, r.controller, person+"@example.no"),
			d1.Stmt(`INSERT INTO marketing_consents (id, controller, person_id, channel, status, purposes, lawful_basis,
				confirmed_at, withdrawn_at, policy_version, wording_sha256, language, updated_at)
				VALUES (?, ?, ?, ?, ?, '', 'b', ?, ?, 'v1', 'h', 'nb', '2026-03-06T00:00:00Z')`,
				"c"+person, r.controller, person, r.channel, r.status, r.confirmed, withdrawn))
	}
	if _, err := db.Batch(ctx, stmts...); err != nil {
		t.Fatal(err)
	}
	lines := func(slug, path string) (int, []string) {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, "/api/"+slug+"/exports/"+path, nil)
		req.Header.Set("Authorization", "Bearer "+tokens[slug])
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		var out []string
		for _, l := range strings.Split(strings.TrimSpace(w.Body.String()), "\n") {
			if l != "" {
				out = append(out, l)
			}
		}
		return w.Code, out
	}
	_, list := lines("werksta", "suppression?format=jsonl")
	var got []string
	for _, l := range list {
		var r map[string]string
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		got = append(got, r["email"]+" "+r["channel"]+" "+r["status"]+" since "+r["since"])
	}
	want := []string{
		"q1@example.no sms withdrawn since 2026-03-05T08:00:00Z",
		"q2@example.no phone reserved since 2026-02-03T09:00:00Z",
		"q3@example.no post reserved since 2026-02-04T09:00:00Z",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("suppression list (-want +got):\n%s", diff)
	}
	if _, got := lines("werksta", "suppression?format=jsonl&status=reserved"); len(got) != 2 {
		t.Errorf("reserved only: %d rows, want 2", len(got))
	}
	if code, _ := lines("werksta", "suppression?status=granted"); code != http.StatusBadRequest {
		t.Errorf("a suppression list of consents: %d, want 400", code)
	}
	// Each row's channel rule, by the company's country.
	rules := map[string]string{}
	for _, slug := range []string{"werksta", "car-room"} {
		_, rows := lines(slug, "marketing?format=jsonl")
		for _, l := range rows {
			var r map[string]string
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatal(err)
			}
			rules[slug+":"+r["channel"]] = r["channel_rule"]
		}
	}
	wantRules := map[string]string{
		"werksta:email": "consent_or_existing_customer", "werksta:sms": "consent_or_existing_customer",
		"werksta:phone": "unless_reserved", "werksta:post": "unless_reserved",
		"car-room:phone": "consent", "car-room:post": "unless_reserved",
	}
	if diff := cmp.Diff(wantRules, rules); diff != "" {
		t.Errorf("channel rules (-want +got):\n%s", diff)
	}
}

// Each export needs a token of its own scope: the four endpoints answer
// 200 with it, 403 (forbidden) with a working token without it or of
// another company, and 401 (unauthorized) with none, a malformed one, and
// one revoked or expired the moment before: the record is read on every
// request.
func TestExportTokensPerEndpoint(t *testing.T) {
	h, db, tokens := exportPortal(t, 3)
	store := d1.New(db)
	ctx := context.Background()
	issue := func(slug string, scopes ...string) string {
		tok, text, err := exports.NewToken(testTokenKey, rand.Reader, exports.Token{Controller: slug, Name: "x", Scopes: scopes, CreatedAt: exportNow()})
		if err == nil {
			err = store.IssueExportToken(ctx, tok)
		}
		if err != nil {
			t.Fatal(err)
		}
		return text
	}
	get := func(path, token string) (int, string) {
		req := httptest.NewRequest(http.MethodGet, "/api/werksta/exports/"+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		var answer struct {
			Error struct{ Code string } `json:"error"`
		}
		json.Unmarshal(w.Body.Bytes(), &answer)
		return w.Code, answer.Error.Code
	}
	revoked, expired := issue("werksta", exports.AllScopes()...), issue("werksta", exports.AllScopes()...)
	for _, text := range []string{revoked, expired} {
		if code, _ := get("summary", text); code != http.StatusOK {
			t.Fatalf("before: %d", code)
		}
	}
	if _, err := store.RevokeExportToken(ctx, strings.Split(revoked, "_")[1], exportNow()); err != nil {
		t.Fatal(err)
	}
	if _, err := store.ExpireExportToken(ctx, strings.Split(expired, "_")[1], exportNow()); err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]string{}
	for _, scope := range exports.AllScopes() {
		only := issue("werksta", scope)
		path := map[string]string{"marketing": "marketing?view=events"}[scope]
		if path == "" {
			path = scope
		}
		got[scope] = map[string]string{}
		for name, token := range map[string]string{
			"every scope": tokens["werksta"], "its scope": only, "another scope": issue("werksta", otherScope(scope)),
			"another company's": tokens["car-room"], "none": "", "malformed": "ppx_" + only[5:],
			"revoked": revoked, "expired": expired,
		} {
			code, problemCode := get(path, token)
			got[scope][name] = fmt.Sprint(code, " ", problemCode)
		}
	}
	row := map[string]string{
		"every scope": "200 ", "its scope": "200 ", "another scope": "403 forbidden", "another company's": "403 forbidden",
		"none": "401 unauthorized", "malformed": "401 unauthorized", "revoked": "401 unauthorized", "expired": "401 unauthorized",
	}
	want := map[string]map[string]string{"marketing": row, "suppression": row, "cookies": row, "summary": row}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answers by export and token (-want +got):\n%s", diff)
	}

	// The suppression list asked for as a view of the marketing export
	// needs the suppression scope all the same.
	views := map[string]string{}
	for name, token := range map[string]string{"marketing only": issue("werksta", exports.ScopeMarketing), "suppression only": issue("werksta", exports.ScopeSuppression)} {
		for _, path := range []string{"marketing?view=suppression", "marketing?view=current", "suppression"} {
			code, problemCode := get(path, token)
			views[name+" "+path] = fmt.Sprint(code, " ", problemCode)
		}
	}
	wantViews := map[string]string{
		"marketing only marketing?view=suppression": "403 forbidden", "marketing only marketing?view=current": "200 ", "marketing only suppression": "403 forbidden",
		"suppression only marketing?view=suppression": "200 ", "suppression only marketing?view=current": "403 forbidden", "suppression only suppression": "200 ",
	}
	if diff := cmp.Diff(wantViews, views); diff != "" {
		t.Errorf("answers by view and scope (-want +got):\n%s", diff)
	}
}

// otherScope is a scope other than s.
func otherScope(s string) string {
	if s == exports.ScopeSummary {
		return exports.ScopeMarketing
	}
	return exports.ScopeSummary
}
