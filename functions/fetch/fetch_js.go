//go:build js && wasm

package fetch

import (
	"context"
	"errors"
	"syscall/js"

	"privacyportal/functions/promise"
)

// New returns a Doer backed by the runtime's fetch, through the entry
// script's portalFetch (functions/entry/worker.mjs), which builds the
// request and reads the answer in JavaScript.
func New() Doer { return jsFetch{} }

type jsFetch struct{}

// Do makes one request; the call ends after Timeout, and Go stops waiting
// when ctx ends.
func (jsFetch) Do(ctx context.Context, r Request) (res Response, err error) {
	defer func() {
		// A synchronous throw (a malformed request) arrives as a panic.
		if p := recover(); p != nil {
			err = errors.New("fetch: the request was refused")
			if jsErr, ok := p.(js.Error); ok {
				err = errors.New("fetch: " + jsErr.Get("message").String())
			}
		}
	}()
	call := js.Global().Get("portalFetch")
	if call.Type() != js.TypeFunction {
		return Response{}, errors.New("fetch: portalFetch is missing; is the entry script functions/entry/worker.mjs?")
	}
	headers := make([]any, len(r.Header))
	for i, h := range r.Header {
		headers[i] = []any{h[0], h[1]}
	}
	body := js.Null()
	if len(r.Body) > 0 {
		body = js.Global().Get("Uint8Array").New(len(r.Body))
		js.CopyBytesToJS(body, r.Body)
	}
	answer, err := promise.Await(ctx, call.Invoke(r.URL, r.Method, headers, body, Timeout.Milliseconds()))
	if err != nil {
		return Response{}, err
	}
	res.Status = answer.Get("status").Int()
	b := answer.Get("body")
	n := b.Get("length").Int()
	if n > MaxBody {
		n = MaxBody
	}
	res.Body = make([]byte, n)
	js.CopyBytesToGo(res.Body, b.Call("subarray", 0, n))
	return res, nil
}
