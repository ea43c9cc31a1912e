package api

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"log/slog"
	mathrand "math/rand/v2"
	"net/http"
	"sync"
)

// requestIDHeader carries the request id back to the client, so that an
// operator handed an error page's id finds the log lines of that request.
const requestIDHeader = "X-Request-Id"

// withRequestID gives every request an id, sent back in X-Request-Id and
// carried in the request's context, where a logger whose handler is
// wrapped by LogRequestIDs adds it to every line written about the
// request (request_id). On Cloudflare the id is the request's Ray ID
// (CF-Ray), which Cloudflare's own logs and support know it by; elsewhere
// it is random. Only a value of letters, digits and hyphens, as Cloudflare
// writes it, is taken from the header, so a client cannot write into the
// log.
func withRequestID(h http.Handler) http.Handler {
	// Ids need to be unique, not secret: a generator seeded once from
	// crypto/rand, so a request does not cost a call into the runtime's
	// random source (a crossing into JavaScript in the Worker).
	var seed [32]byte
	_, _ = rand.Read(seed[:])
	var mu sync.Mutex
	ids := mathrand.NewChaCha8(seed)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := rayID(r.Header.Get("CF-Ray"))
		if id == "" {
			var b [8]byte
			mu.Lock()
			binary.LittleEndian.PutUint64(b[:], ids.Uint64())
			mu.Unlock()
			id = hex.EncodeToString(b[:])
		}
		w.Header()[requestIDHeader] = []string{id}
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// LogRequestIDs wraps a log handler so that each line logged with a
// request's context (InfoContext and the like) carries the request's id.
func LogRequestIDs(h slog.Handler) slog.Handler { return logHandler{h} }

type requestIDKey struct{}

// rayID returns a CF-Ray value if it looks like one ("8f1c2a3b4c5d6e7f-OSL"),
// else "".
func rayID(v string) string {
	if len(v) == 0 || len(v) > 40 {
		return ""
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'Z' || c == '-') {
			return ""
		}
	}
	return v
}

// logHandler adds the request id of a record's context to each record.
type logHandler struct{ slog.Handler }

func (h logHandler) Handle(ctx context.Context, r slog.Record) error {
	if id, ok := ctx.Value(requestIDKey{}).(string); ok {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return logHandler{h.Handler.WithAttrs(attrs)}
}

func (h logHandler) WithGroup(name string) slog.Handler {
	return logHandler{h.Handler.WithGroup(name)}
}
