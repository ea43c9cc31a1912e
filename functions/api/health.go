package api

import (
	"log/slog"
	"net/http"
	"time"

	"privacyportal/app/problem"
)

// handleHealth reports whether the Worker and its database answer, and how
// far behind the outbox is, for uptime checks and the operator's alerts:
// how many messages are due for an attempt and how long the longest due
// has waited. It says nothing of whom the messages are for.
func handleHealth(db Database, backlog Backlog, now func() time.Time, log *slog.Logger) http.Handler {
	type outbox struct {
		Due int `json:"due"`
		// OldestDueSeconds is how long the longest due message has
		// waited: a number that keeps growing means mail is not going
		// out.
		OldestDueSeconds int64 `json:"oldest_due_seconds"`
	}
	type health struct {
		Status   string  `json:"status"`
		Database string  `json:"database"`
		Outbox   *outbox `json:"outbox,omitempty"`
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := db.Ping(r.Context()); err != nil {
			log.ErrorContext(r.Context(), "health: database does not answer", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, health{Status: "degraded", Database: "unavailable"})
			return
		}
		h := health{Status: "ok", Database: "ok"}
		if backlog != nil {
			at := now().UTC()
			due, oldest, err := backlog.Backlog(r.Context(), at)
			if err != nil {
				log.ErrorContext(r.Context(), "health: reading the outbox failed", "err", err)
				writeJSON(w, http.StatusServiceUnavailable, health{Status: "degraded", Database: "unavailable"})
				return
			}
			h.Outbox = &outbox{Due: due}
			if due > 0 && !oldest.IsZero() {
				h.Outbox.OldestDueSeconds = int64(at.Sub(oldest) / time.Second)
			}
		}
		writeJSON(w, http.StatusOK, h)
	})
}

// handleNotFound answers any /api/ address that is not an endpoint.
func handleNotFound(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		newExchange(w, r, d, false).fail(problem.Fail(problem.CodeNotFound))
	})
}

// now is the API's clock, the system's when none is given.
func (d Deps) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}
