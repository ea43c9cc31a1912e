package api_test

import (
	"fmt"
	"net/http"
	"testing"
)

// The API's own cost per request, without the Worker around it: what the
// Go Worker adds to workerd's (make bench compares the whole Worker with a
// JavaScript one). Run with -count 6 and compare runs with benchstat.

// BenchmarkSubmitRejected is the request of the Worker load comparison: a
// JSON body missing every field, answered 422 with a message per field.
func BenchmarkSubmitRejected(b *testing.B) {
	p := newPortal(b)
	b.ReportAllocs()
	for b.Loop() {
		rec := p.serve(jsonRequest("/api/werksta/requests", map[string]string{}))
		if rec.Code != http.StatusUnprocessableEntity {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkSubmitAccepted files a valid request: validation, the rate limit,
// storing it (SQLite here, D1 in the Worker) and the confirmation e-mail.
func BenchmarkSubmitAccepted(b *testing.B) {
	p := newPortal(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		// A client and a customer of its own each time, to stay within the
		// limits per client and per recipient.
		form := accessRequest("nb")
		form["email"] = fmt.Sprintf("kunde%d@example.no", i)
		req := with(jsonRequest("/api/werksta/requests", form), "CF-Connecting-IP", fmt.Sprintf("198.51.%d.%d", i/250, i%250))
		if rec := p.serve(req); rec.Code != http.StatusAccepted {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkKeys serves the public signing keys, the portal's one GET that
// needs neither database nor input.
func BenchmarkKeys(b *testing.B) {
	p := newPortal(b)
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest("GET", "/.well-known/privacy-portal/keys.json", nil)
		if rec := p.serve(req); rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
