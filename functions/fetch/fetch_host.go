//go:build !(js && wasm)

package fetch

import (
	"bytes"
	"context"
	"io"
	"net/http"
)

// New returns a Doer backed by net/http.
func New() Doer { return httpDoer{&http.Client{Timeout: Timeout}} }

type httpDoer struct{ c *http.Client }

func (d httpDoer) Do(ctx context.Context, r Request) (Response, error) {
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, bytes.NewReader(r.Body))
	if err != nil {
		return Response{}, err
	}
	for _, h := range r.Header {
		req.Header.Add(h[0], h[1])
	}
	res, err := d.c.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, MaxBody))
	return Response{Status: res.StatusCode, Body: body}, err
}
