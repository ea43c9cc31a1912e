// Package fetch makes the Worker's few outgoing HTTP calls (to a mail
// service's API) through the runtime's own fetch API inside the Worker,
// and through net/http on the host, where the tests run.
//
// The Worker does not use net/http's client: it would bring the client's
// TLS and connection code into the Worker's WebAssembly (about 5 MB raw),
// which a Worker only pays for in start-up time, and workerd's fetch does
// that work anyway.
package fetch

import (
	"context"
	"time"
)

// Request is one HTTP request.
type Request struct {
	Method string
	URL    string
	Header [][2]string // name, value; in order
	Body   []byte
}

// Response is an HTTP response, its body read whole (at most MaxBody).
type Response struct {
	Status int
	Body   []byte
}

// Doer makes HTTP requests.
type Doer interface {
	Do(ctx context.Context, r Request) (Response, error)
}

// MaxBody is the most of a response body read: the APIs answer with a few
// hundred bytes of JSON.
const MaxBody = 64 << 10

// Timeout bounds one call.
const Timeout = 30 * time.Second
