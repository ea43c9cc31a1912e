package api

import "net/http"

// addRoutes is the API surface: every endpoint the Worker answers.
func addRoutes(mux *http.ServeMux, d Deps) {
	mux.Handle("GET /api/health", handleHealth(d.DB, d.Log))
	mux.Handle("/api/", handleNotFound())
}
