package ui

import (
	"errors"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// The browser app talks to the portal's own API with the browser's fetch,
// not Go's net/http client, which would add its weight to app.wasm for
// nothing. Calls block their goroutine, so they run in ctx.Async and hand
// their result back with ctx.Dispatch.

// response is an API answer: its status and body.
type response struct {
	Status int
	Body   []byte
}

// fetchJSON sends body (nil for none) as JSON and waits for the answer.
func fetchJSON(method, url string, body []byte) (response, error) {
	return fetchAuth(method, url, body, "")
}

// fetchAuth is fetchJSON with a bearer token (the marketers' exports).
func fetchAuth(method, url string, body []byte, token string) (response, error) {
	headers := map[string]any{"Accept": "application/json", "Content-Type": "application/json"}
	if token != "" {
		headers["Authorization"] = "Bearer " + token
	}
	init := map[string]any{
		"method":      method,
		"credentials": "same-origin",
		"headers":     headers,
	}
	if body != nil {
		init["body"] = string(body)
	}
	res, err := await(app.Window().Call("fetch", url, init))
	if err != nil {
		return response{}, err
	}
	text, err := await(res.Call("text"))
	if err != nil {
		return response{}, err
	}
	return response{Status: res.Get("status").Int(), Body: []byte(text.String())}, nil
}

// await waits for a JavaScript promise.
func await(p app.Value) (app.Value, error) {
	type outcome struct {
		v   app.Value
		err error
	}
	ch := make(chan outcome, 1)
	ok := app.FuncOf(func(_ app.Value, args []app.Value) any {
		ch <- outcome{v: args[0]}
		return nil
	})
	fail := app.FuncOf(func(_ app.Value, args []app.Value) any {
		msg := "failed"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
		}
		ch <- outcome{err: errors.New(msg)}
		return nil
	})
	p.Call("then", ok, fail)
	o := <-ch
	ok.Release()
	fail.Release()
	return o.v, o.err
}
