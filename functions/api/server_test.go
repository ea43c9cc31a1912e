package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/company"
	"privacyportal/app/headers"
)

type fakeDB struct{ err error }

func (f fakeDB) Ping(context.Context) error { return f.err }

func newTestServer(db Database) http.Handler {
	return NewServer(Deps{
		Controllers: company.NewRegistry(nil),
		DB:          db,
		Log:         slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
}

func serve(h http.Handler, method, target string, hdr map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func decode(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, rec.Body)
	}
	return m
}

func TestHealth(t *testing.T) {
	tests := []struct {
		name       string
		db         Database
		wantStatus int
		wantBody   map[string]any
	}{
		{"database answers", fakeDB{}, 200, map[string]any{"status": "ok", "database": "ok"}},
		{"database down", fakeDB{errors.New("D1_ERROR")}, 503, map[string]any{"status": "degraded", "database": "unavailable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(newTestServer(tt.db), "GET", "/api/health", nil)
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if diff := cmp.Diff(tt.wantBody, decode(t, rec)); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

type fakeBacklog struct {
	due    int
	oldest time.Time
	err    error
}

func (f fakeBacklog) Backlog(context.Context, time.Time) (int, time.Time, error) {
	return f.due, f.oldest, f.err
}

// The operator's view of the outbox: how many messages are due and how
// long the longest due has waited, nothing of whom they are for.
func TestHealthReportsTheBacklog(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		backlog    fakeBacklog
		wantStatus int
		wantBody   map[string]any
	}{
		{"nothing due", fakeBacklog{}, 200,
			map[string]any{"status": "ok", "database": "ok", "outbox": map[string]any{"due": 0.0, "oldest_due_seconds": 0.0}}},
		{"a backlog", fakeBacklog{due: 1000, oldest: now.Add(-90 * time.Minute)}, 200,
			map[string]any{"status": "ok", "database": "ok", "outbox": map[string]any{"due": 1000.0, "oldest_due_seconds": 5400.0}}},
		{"the outbox cannot be read", fakeBacklog{err: errors.New("D1_ERROR")}, 503,
			map[string]any{"status": "degraded", "database": "unavailable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := NewServer(Deps{Controllers: company.NewRegistry(nil), DB: fakeDB{}, Backlog: tt.backlog,
				Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler)})
			rec := serve(h, "GET", "/api/health", nil)
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if diff := cmp.Diff(tt.wantBody, decode(t, rec)); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

// Every answer names its request, and every line logged while answering
// it carries that id: Cloudflare's Ray ID where it is one, else a random
// one; a forged header cannot write into the log.
func TestRequestIDs(t *testing.T) {
	var logged bytes.Buffer
	log := slog.New(LogRequestIDs(slog.NewJSONHandler(&logged, nil)))
	h := NewServer(Deps{Controllers: company.NewRegistry(nil), DB: fakeDB{errors.New("D1_ERROR")}, Log: log})
	tests := []struct {
		ray  string
		want string // "" for a random id
	}{
		{"8f1c2a3b4c5d6e7f-OSL", "8f1c2a3b4c5d6e7f-OSL"},
		{"", ""},
		{`x" injected="1`, ""},
		{strings.Repeat("a", 200), ""},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		logged.Reset()
		rec := serve(h, "GET", "/api/health", map[string]string{"CF-Ray": tt.ray})
		id := rec.Header().Get("X-Request-Id")
		if tt.want != "" && id != tt.want || tt.want == "" && (len(id) != 16 || seen[id]) {
			t.Errorf("CF-Ray %q: X-Request-Id %q", tt.ray, id)
		}
		seen[id] = true
		var line map[string]any
		if err := json.Unmarshal(logged.Bytes(), &line); err != nil || line["request_id"] != id {
			t.Errorf("CF-Ray %q: log line %s lacks request_id %q", tt.ray, logged.String(), id)
		}
	}
}

func TestUnknownEndpointIsLocalized(t *testing.T) {
	tests := []struct {
		target, acceptLanguage, want string
	}{
		{"/api/nope", "", "Nothing was found at this address."},
		{"/api/nope", "nb-NO,nb;q=0.9", "Fant ikke det du ba om."},
		{"/api/nope", "da", "Det, du bad om, blev ikke fundet."},
		{"/api/nope?lang=da", "nb", "Det, du bad om, blev ikke fundet."},
	}
	for _, tt := range tests {
		rec := serve(newTestServer(fakeDB{}), "GET", tt.target, map[string]string{"Accept-Language": tt.acceptLanguage})
		if rec.Code != 404 {
			t.Errorf("%s: status %d", tt.target, rec.Code)
		}
		want := map[string]any{"error": map[string]any{"code": "not_found", "message": tt.want}}
		if diff := cmp.Diff(want, decode(t, rec)); diff != "" {
			t.Errorf("%s (%s) (-want +got):\n%s", tt.target, tt.acceptLanguage, diff)
		}
	}
}

func TestSecurityHeadersOnEveryAnswer(t *testing.T) {
	for _, target := range []string{"/api/health", "/api/nope"} {
		rec := serve(newTestServer(fakeDB{}), "GET", target, nil)
		for _, h := range headers.Security() {
			if got := rec.Header().Get(h.Name); got != h.Value {
				t.Errorf("%s: %s = %q, want %q", target, h.Name, got, h.Value)
			}
		}
		if got := rec.Header().Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control = %q, want no-store", target, got)
		}
	}
}
