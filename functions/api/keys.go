package api

import (
	"net/http"
	"sync"

	"privacyportal/app/signature"
)

// handleKeys publishes the public keys that requests are signed with, as a
// JWK Set, so that anyone can verify a request without trusting the
// e-mail it came in. Retired keys stay listed: old requests still verify.
func handleKeys(keys func() signature.KeySet) http.Handler {
	// Written on first request, not when the Worker starts: the key set
	// needs the signing key derived (see signature.Signer).
	body := sync.OnceValue(func() []byte { return keys().JSON() })
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/jwk-set+json")
		w.Header().Set("Cache-Control", "public, max-age=300")
		// Verifiers elsewhere may fetch the keys from their own pages.
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
		w.Write(body())
	})
}
