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
	"privacyportal/app/signature"
	"privacyportal/functions/cookieconsent"
	"privacyportal/functions/exports"
	"privacyportal/functions/marketingconsent"
	"privacyportal/functions/requests"
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
	// Requests is the data-subject request workflow.
	Requests *requests.Service
	// Cookies records choices about companies' cookies.
	Cookies *cookieconsent.Service
	// Marketing is the marketing consent workflow.
	Marketing *marketingconsent.Service
	// Exports reads the marketers' lists; ExportTokens are the companies'
	// export tokens.
	Exports      exports.Store
	Counter      exports.Counter
	ExportTokens exports.Tokens
	// Now is the clock.
	Now func() time.Time
	// Keys are the public keys requests are signed with, current first.
	Keys signature.KeySet
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
