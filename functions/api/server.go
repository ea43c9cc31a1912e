// Package api is the portal's HTTP API, served under /api/ by the Worker.
// NewServer takes every dependency as a parameter, so the same handler runs
// in workerd with the real bindings and in tests with fakes; routes.go lists
// the whole API surface.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"privacyportal/app/privacy"
)

// Database is what the API needs of the database to report its health.
type Database interface {
	// Ping runs a trivial query, proving the database answers.
	Ping(ctx context.Context) error
}

// Deps are the API's dependencies.
type Deps struct {
	Controllers *privacy.Registry
	DB          Database
	// Now is the clock; tests pass a fixed one.
	Now func() time.Time
	// Log receives operational events. Nothing a customer sent is ever
	// logged: only codes, counts and identifiers the portal made itself.
	Log *slog.Logger
}

// NewServer returns the API handler. Every response carries the portal's
// security headers.
func NewServer(d Deps) http.Handler {
	mux := http.NewServeMux()
	addRoutes(mux, d)
	return withSecurityHeaders(mux)
}
