//go:build js && wasm

// Command floor is the Go Worker with nothing of the portal's request path:
// functions/edge (the bridge into workerd, net/http's request and answer)
// around a handler that writes a rejected request's 422 from memory, with
// the portal's security headers. scripts/bench/gopath.mjs measures it
// beside the portal's Worker and the JavaScript baseline: what any Go
// handler costs in workerd before it does anything. Not part of the portal.
package main

import (
	"log/slog"
	"net/http"
	"os"

	"privacyportal/app/headers"
	"privacyportal/functions/edge"
)

func main() {
	body := []byte(`{"error":{"code":"invalid","message":"Noen felt må rettes."},"fields":{"email":"Skriv e-postadressen din. Vi sender en bekreftelse dit.","name":"Skriv navnet ditt.","type":"Velg hva du vil be om."}}` + "\n")
	answer := http.Header{
		"Content-Type":  {"application/json; charset=utf-8"},
		"Cache-Control": {"no-store"},
		"X-Request-Id":  {"0123456789abcdef"},
	}
	for _, h := range headers.Security() {
		answer[http.CanonicalHeaderKey(h.Name)] = []string{h.Value}
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range answer {
			w.Header()[k] = v
		}
		w.WriteHeader(http.StatusUnprocessableEntity)
		w.Write(body)
	})
	edge.Serve(h, nil, nil, slog.New(slog.NewJSONHandler(os.Stderr, nil)))
}
