package api

import (
	"net/http"

	"privacyportal/app/headers"
)

// withSecurityHeaders sets the portal's security headers on every answer,
// before the handler runs, so that even a panic's 500 carries them.
func withSecurityHeaders(next http.Handler) http.Handler {
	// The values are made once and shared by every answer: Header.Set
	// would allocate a slice for each of them on every request. Each has
	// length and capacity one, so an Add appends to a copy, never to the
	// shared array.
	type field struct {
		name  string
		value []string
	}
	var fields []field
	for _, h := range headers.Security() {
		fields = append(fields, field{http.CanonicalHeaderKey(h.Name), []string{h.Value}[:1:1]})
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, f := range fields {
			h[f.name] = f.value
		}
		next.ServeHTTP(w, r)
	})
}
