package api

import (
	"log/slog"
	"net/http"
	"privacyportal/app/privacy"
)

// handleHealth reports whether the Worker and its database answer, for
// uptime checks and for the tests that wait for the portal to start.
func handleHealth(db Database, log *slog.Logger) http.Handler {
	type health struct {
		Status   string `json:"status"`
		Database string `json:"database"`
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := db.Ping(r.Context()); err != nil {
			log.Error("health: database does not answer", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, health{Status: "degraded", Database: "unavailable"})
			return
		}
		writeJSON(w, http.StatusOK, health{Status: "ok", Database: "ok"})
	})
}

// handleNotFound answers any /api/ address that is not an endpoint.
func handleNotFound(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		newExchange(w, r, d, false).fail(privacy.Fail(privacy.CodeNotFound))
	})
}
