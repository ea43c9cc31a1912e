package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/privacy"
	"privacyportal/functions/api"
	"privacyportal/functions/d1"
	"privacyportal/functions/d1/d1test"
	"privacyportal/functions/exports"
	"privacyportal/site/controllers"
)

// exportPortal is the API with Werksta's export token over a database of
// n marketing consents.
func exportPortal(t *testing.T, n int) (http.Handler, d1.SQL) {
	t.Helper()
	reg, err := privacy.Load(controllers.FS(), controllers.Dir)
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
	h := api.NewServer(api.Deps{
		Controllers:  reg,
		DB:           store,
		Exports:      store,
		Counter:      store,
		ExportTokens: exports.NewTokens(map[string]string{"werksta": "tok-werksta"}),
		Now:          func() time.Time { return time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC) },
		Log:          slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	return h, db
}

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
	h, db := exportPortal(t, 2500)
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
		req.Header.Set("Authorization", "Bearer tok-werksta")
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
	rows, err := db.Query(context.Background(), d1.Stmt(`SELECT kind, rows, outcome FROM export_log ORDER BY id`))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]any{{"marketing-current", int64(2500), "complete"}, {"marketing-current", int64(1000), "cancelled"}}
	if diff := cmp.Diff(want, rows.Values); diff != "" {
		t.Errorf("export_log (-want +got):\n%s", diff)
	}
}
