package api

import (
	"net/http"

	"privacyportal/app/headers"
)

// withSecurityHeaders sets the portal's security headers on every answer,
// before the handler runs, so that even a panic's 500 carries them.
func withSecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, h := range headers.Security() {
			w.Header().Set(h.Name, h.Value)
		}
		next.ServeHTTP(w, r)
	})
}
