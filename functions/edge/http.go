//go:build js && wasm

package edge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"privacyportal/functions/promise"
)

// streamAfter is how much of a response is held before it is sent as a
// stream: most answers are smaller and go out in one piece, which is
// cheaper than a stream; exports are sent while they are written, so the
// Worker's memory stays flat however long they are.
const streamAfter = 64 << 10

// streamChunk is how much of a streamed answer is handed to JavaScript at
// a time, once it streams. Each chunk costs a call into Go from the
// stream's pull, a promise, a goroutine and a copy: 470 chunks of 64 KiB
// took about 0.1 s of a 30 MB export that takes 1.2 s. The stream holds
// one chunk at a time whatever the answer's length.
const streamChunk = 512 << 10

// serveHTTP answers one fetch event, as shaped by the entry script's
// goEdge.fetch (functions/entry/edge.js): data holds the head (the method,
// the URL and each header's name and value, one per line; headLength
// bytes), then the whole body if it was passed whole; stream is the body's
// ReadableStream or null. It runs h and answers once h has written its
// answer whole, or once it has written more than streamAfter (the rest
// then follows as a stream).
//
// Nothing one request does may end the instance, which serves every
// company's visitors at once: a panic in h is a 500, an answer whose
// headers the Fetch API would refuse is a 500 (see validHeader), and a
// throw on the JavaScript side of the answer is caught there (edge.js)
// and, as a last resort, here.
func (rt *globals) serveHTTP(h http.Handler, ev *event, data []byte, headLength int, stream js.Value, log *slog.Logger) {
	ctx, cancel := context.WithCancel(withEvent(context.Background(), ev))
	defer cancel()
	req, err := toRequest(ctx, string(data[:headLength]), data[headLength:], stream)
	if err != nil {
		invoke(rt.bridge.answer, log, ev.id, "edge: "+err.Error(), 0, nil, nil)
		return
	}
	w := &responseWriter{rt: rt, header: make(http.Header, answerHeaders), id: ev.id, stop: cancel, log: log}
	defer func() {
		if r := recover(); r != nil {
			// http.ErrAbortHandler is how a handler cuts an answer
			// short on purpose (as with net/http): the stream errors,
			// so the client knows it is incomplete.
			if r != http.ErrAbortHandler {
				// No request data in the log, not even the path (it
				// may hold anything a client put there): the route.
				log.Error("edge: the handler panicked", "method", req.Method, "route", req.Pattern, "panic", panicText(r))
			}
			w.fail()
		} else {
			w.finish()
		}
		// A whole answer ended the event in edge.js; a streamed one
		// kept it, for the handler to reach its bindings while it wrote.
		if w.streaming {
			invoke(rt.bridge.end, log, ev.id)
		}
	}()
	h.ServeHTTP(w, req)
}

// headRoom is the bytes an answer's head is given before it grows: the
// portal's security headers and the few others of an API answer take
// about 900.
const headRoom = 1280

// answerHeaders is room for the headers of the portal's answers (a dozen,
// the security headers among them) without the map growing on the way.
const answerHeaders = 16

// invoke calls a JavaScript callback, turning a throw (which syscall/js
// raises as a panic) into a log line: the callback's failure is that
// request's, never the instance's.
func invoke(fn js.Value, log *slog.Logger, args ...any) {
	defer func() {
		if r := recover(); r != nil {
			log.Error("edge: the entry script's callback threw", "panic", panicText(r))
		}
	}()
	fn.Invoke(args...)
}

// toRequest makes the http.Request of a fetch event. A body passed whole
// (whole is nil or empty otherwise) is read from memory; a stream only
// when, and as far as, the handler reads it.
func toRequest(ctx context.Context, head string, whole []byte, stream js.Value) (*http.Request, error) {
	lines := strings.Split(head, "\n")
	if len(lines) < 2 || len(lines)%2 != 0 {
		return nil, errors.New("the request's head is not method, URL and header lines")
	}
	var body io.ReadCloser = http.NoBody
	length := int64(0)
	switch {
	case len(whole) > 0:
		body, length = io.NopCloser(bytes.NewReader(whole)), int64(len(whole))
	case stream.Type() == js.TypeObject:
		body, length = &bodyReader{ctx: ctx, stream: stream}, -1
	}
	req, err := http.NewRequestWithContext(ctx, lines[0], lines[1], body)
	if err != nil {
		return nil, err
	}
	// Sized for the headers at hand: a browser's dozen and Cloudflare's
	// would otherwise grow the map twice.
	req.Header = make(http.Header, (len(lines)-2)/2)
	for i := 2; i+1 < len(lines); i += 2 {
		// The Fetch API gives names in lower case; the common ones map to
		// their canonical form without the allocation Header.Add makes
		// to write it.
		name, ok := canonicalNames[lines[i]]
		if !ok {
			name = http.CanonicalHeaderKey(lines[i])
		}
		req.Header[name] = append(req.Header[name], lines[i+1])
	}
	req.ContentLength = length
	if v := req.Header.Get("Content-Length"); v != "" && length < 0 {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
			req.ContentLength = n
		}
	}
	req.RequestURI = req.URL.RequestURI()
	req.RemoteAddr = req.Header.Get("CF-Connecting-IP")
	return req, nil
}

// canonicalNames are the canonical forms of the header names every request
// through Cloudflare (and wrangler dev) carries, by the lower-case form the
// Fetch API gives them in. It is only ever read.
var canonicalNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range []string{"Accept", "Accept-Encoding", "Accept-Language", "Cache-Control", "Cf-Connecting-Ip",
		"Cf-Ipcountry", "Cf-Ray", "Cf-Visitor", "Connection", "Content-Length", "Content-Type", "Cookie", "Host",
		"Origin", "Pragma", "Referer", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User",
		"Sec-Gpc", "Upgrade-Insecure-Requests", "User-Agent", "X-Forwarded-For", "X-Forwarded-Proto", "X-Real-Ip"} {
		m[strings.ToLower(n)] = n
	}
	return m
}()

// bodyReader reads a request's body chunk by chunk from its ReadableStream.
type bodyReader struct {
	ctx    context.Context
	stream js.Value
	reader js.Value
	chunk  []byte
	done   bool
}

func (b *bodyReader) Read(p []byte) (int, error) {
	for len(b.chunk) == 0 {
		if b.done {
			return 0, io.EOF
		}
		if b.reader.IsUndefined() {
			b.reader = b.stream.Call("getReader")
		}
		res, err := promise.Await(b.ctx, b.reader.Call("read"))
		if err != nil {
			return 0, err
		}
		if res.Get("done").Bool() {
			b.done = true
			continue
		}
		v := res.Get("value")
		b.chunk = make([]byte, v.Length())
		js.CopyBytesToGo(b.chunk, v)
	}
	n := copy(p, b.chunk)
	b.chunk = b.chunk[n:]
	return n, nil
}

// Close stops reading: the rest of the body is not needed.
func (b *bodyReader) Close() error {
	if !b.done && !b.reader.IsUndefined() {
		b.reader.Call("cancel")
	}
	b.done = true
	return nil
}

// responseWriter collects a handler's answer. Until the answer has been
// handed to JavaScript (done), writes are buffered; once it has (more than
// streamAfter written), buffered bytes are passed on through chunks as the
// stream asks for them.
type responseWriter struct {
	rt          *globals
	header      http.Header
	status      int
	wroteHeader bool
	buf         []byte
	id          float64 // the event's number in edge.js; answered once
	streaming   bool
	chunks      chan []byte   // to the stream; closed at the end
	gone        chan struct{} // closed when the reader cancels the stream
	stop        func()        // cancels the request's context
	log         *slog.Logger
	// refused is set when the handler's headers could not be sent: the
	// answer became a 500, and what the handler writes after is dropped.
	refused bool
	// deadline bounds each wait for the reader; see SetWriteDeadline.
	deadline time.Time
}

// errGone is what writes return once the client no longer reads.
var errGone = errors.New("edge: the client stopped reading the response")

// errDeadline is what a write returns when the client has not read it by
// the write deadline.
var errDeadline = fmt.Errorf("edge: the client did not read the response in time: %w", os.ErrDeadlineExceeded)

// errRefused is what writes return once the answer was replaced by a 500
// because its headers could not be sent.
var errRefused = errors.New("edge: the answer's headers could not be sent")

func (w *responseWriter) Header() http.Header { return w.header }

func (w *responseWriter) WriteHeader(status int) {
	if w.wroteHeader || status < 100 || status > 999 {
		return
	}
	if status < 200 {
		return // informational answers are not passed on
	}
	w.status = status
	w.wroteHeader = true
}

func (w *responseWriter) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if w.refused {
		return 0, errRefused
	}
	if !bodyAllowed(w.status) {
		return 0, http.ErrBodyNotAllowed
	}
	if w.header.Get("Content-Type") == "" && len(w.buf) == 0 && !w.streaming && len(p) > 0 {
		w.header.Set("Content-Type", http.DetectContentType(p))
	}
	if w.streaming && w.buf == nil {
		w.buf = make([]byte, 0, streamChunk+streamAfter)
	}
	w.buf = append(w.buf, p...)
	if len(w.buf) > streamAfter && (!w.streaming || len(w.buf) >= streamChunk) {
		if err := w.send(); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Flush sends what has been written so far.
func (w *responseWriter) Flush() {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if len(w.buf) > 0 || !w.streaming {
		w.send() //nolint:errcheck // a gone client shows in the next Write
	}
}

// send starts the stream if it has not started, and hands it the buffer.
func (w *responseWriter) send() error {
	if w.refused {
		return errRefused
	}
	if !w.streaming {
		head, ok := w.head(0)
		if !ok {
			w.refuse()
			return errRefused
		}
		w.streaming = true
		w.chunks = make(chan []byte)
		w.gone = make(chan struct{})
		w.answer(head, len(head), w.stream())
	}
	if len(w.buf) == 0 {
		return nil
	}
	chunk := w.buf
	w.buf = nil
	// A reader that stops reading without going away would hold the
	// handler, and all it holds, for ever: a write deadline (set through
	// http.ResponseController) bounds the wait.
	var expired <-chan time.Time
	if !w.deadline.IsZero() {
		t := time.NewTimer(time.Until(w.deadline))
		defer t.Stop()
		expired = t.C
	}
	select {
	case w.chunks <- chunk:
		return nil
	case <-w.gone:
		return errGone
	case <-expired:
		return errDeadline
	}
}

// SetWriteDeadline bounds how long a write may wait for the client to
// read (http.ResponseController calls it); the zero time means no bound.
func (w *responseWriter) SetWriteDeadline(t time.Time) error {
	w.deadline = t
	return nil
}

// finish ends the answer once the handler has returned.
func (w *responseWriter) finish() {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if w.refused {
		return
	}
	if !w.streaming {
		body := w.buf
		if !bodyAllowed(w.status) {
			body = nil
		}
		head, ok := w.head(len(body))
		if !ok {
			w.refuse()
			return
		}
		w.answer(append(head, body...), len(head), js.Null())
		return
	}
	w.send() //nolint:errcheck // nobody is left to tell
	close(w.chunks)
}

// fail ends the answer of a handler that panicked: a 500 if nothing has
// been sent, else a stream that errors, so the reader sees it is cut short.
func (w *responseWriter) fail() {
	if w.refused {
		return
	}
	if !w.streaming {
		w.header = http.Header{"Content-Type": {"text/plain; charset=utf-8"}, "Cache-Control": {"no-store"}}
		w.status, w.wroteHeader, w.buf = http.StatusInternalServerError, true, []byte("Internal Server Error\n")
		w.finish()
		return
	}
	select {
	case w.chunks <- nil: // nil: the stream errors
	case <-w.gone:
	}
	close(w.chunks)
}

func bodyAllowed(status int) bool {
	return status != http.StatusNoContent && status != http.StatusNotModified && status != http.StatusResetContent
}

// answer hands the answer to the entry script: data is the head
// (headLength bytes) and, unless stream is the answer's ReadableStream,
// the whole body.
func (w *responseWriter) answer(data []byte, headLength int, stream js.Value) {
	d := w.rt.Uint8Array.New(len(data))
	js.CopyBytesToJS(d, data)
	invoke(w.rt.bridge.answer, w.log, w.id, nil, headLength, d, stream)
}

// head is the status and the headers of the answer as the entry script
// takes them (lines, as bytes: cheaper than a value per header), with
// room for extra bytes after it, or false if a header is one the Fetch API
// would refuse.
func (w *responseWriter) head(extra int) ([]byte, bool) {
	// One slice, each piece written in place: the head of every answer is
	// built here. headRoom holds the portal's usual headers, so it is not
	// grown (one walk over the map; a first walk to measure cost as much
	// as the writing).
	head := make([]byte, 0, headRoom+extra)
	head = strconv.AppendInt(head, int64(w.status), 10)
	for name, values := range w.header {
		// workerd sets the length of what it sends itself.
		if strings.EqualFold(name, "Content-Length") || strings.EqualFold(name, "Transfer-Encoding") {
			continue
		}
		for _, v := range values {
			if !validHeader(name, v) {
				// The name is the program's own; the value may be
				// what a client sent, and stays out of the log.
				w.log.Error("edge: an answer's header cannot be sent; answering 500", "header", safeName(name))
				return nil, false
			}
			head = append(head, '\n')
			head = append(head, name...)
			head = append(head, '\n')
			head = append(head, v...)
		}
	}
	return head, true
}

// refuse replaces an answer whose headers cannot be sent with a 500.
func (w *responseWriter) refuse() {
	w.refused = true
	w.buf = nil
	head := strconv.Itoa(http.StatusInternalServerError) +
		"\nContent-Type\ntext/plain; charset=utf-8\nCache-Control\nno-store"
	w.answer([]byte(head+"Internal Server Error\n"), len(head), js.Null())
}

// validHeader reports whether a header can cross into a JavaScript Headers
// object unchanged. The Fetch standard refuses a name that is not an HTTP
// token and a value with NUL, CR or LF (https://fetch.spec.whatwg.org/#concept-header-value),
// and WebIDL's ByteString refuses any character above U+00FF; both throw
// a TypeError, which, unguarded, once ended the whole Go program. The
// portal sends only visible ASCII, space and tab in values: a byte above
// 0x7E would reach the wire as Latin-1, not as the UTF-8 Go meant.
// Every header of every answer passes here (the security policy alone is
// some 250 bytes), so each byte is one look-up in a table.
func validHeader(name, value string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		if headerBytes[name[i]]&tokenByte == 0 {
			return false
		}
	}
	for i := 0; i < len(value); i++ {
		if headerBytes[value[i]]&valueByte == 0 {
			return false
		}
	}
	return true
}

// What a byte may be in a header: a token's byte, a value's, or both.
const (
	tokenByte = 1 << iota
	valueByte
)

// headerBytes classifies every byte: tokenByte for those of an HTTP token
// (RFC 9110, section 5.6.2), valueByte for visible ASCII, space and tab.
var headerBytes = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", byte(c)) >= 0 {
			t[c] |= tokenByte
		}
		if c == '\t' || 0x20 <= c && c <= 0x7e {
			t[c] |= valueByte
		}
	}
	return t
}()

// isTokenChar reports whether c may appear in an HTTP token.
func isTokenChar(c byte) bool { return headerBytes[c]&tokenByte != 0 }

// safeName is a header name fit for the log: the name itself when it is a
// token, else a placeholder.
func safeName(name string) string {
	for i := 0; i < len(name); i++ {
		if !isTokenChar(name[i]) {
			return "(not a token)"
		}
	}
	if len(name) > 64 {
		return name[:64]
	}
	return name
}

// stream is a ReadableStream that takes its chunks from w.chunks, one each
// time the reader asks for more, so a slow reader slows the handler down
// rather than filling memory.
func (w *responseWriter) stream() js.Value {
	var pull, cancel js.Func
	var once sync.Once
	release := func() {
		once.Do(func() {
			pull.Release()
			cancel.Release()
		})
	}
	pull = js.FuncOf(func(_ js.Value, args []js.Value) any {
		controller := args[0]
		return w.rt.promise(func(resolve, _ js.Value) {
			defer invoke(resolve, w.log)
			// A stream the reader has cancelled throws on enqueue or
			// close; that ends this answer, not the instance.
			defer func() {
				if r := recover(); r != nil {
					w.log.Warn("edge: the response stream refused a chunk", "panic", panicText(r))
				}
			}()
			// The handler's goroutine always ends the stream: finish
			// closes chunks, fail sends nil first.
			chunk, ok := <-w.chunks
			switch {
			case !ok:
				controller.Call("close")
				release()
			case chunk == nil:
				controller.Call("error", w.rt.Error.New("the response was cut short"))
				release()
			default:
				u := w.rt.Uint8Array.New(len(chunk))
				js.CopyBytesToJS(u, chunk)
				controller.Call("enqueue", u)
			}
		})
	})
	cancel = js.FuncOf(func(_ js.Value, _ []js.Value) any {
		// The client is gone: the handler's next write fails, and what
		// it waits for is cancelled.
		close(w.gone)
		w.stop()
		go func() {
			// Let the handler's last send through, then forget it.
			for range w.chunks {
			}
			release()
		}()
		return nil
	})
	src := w.rt.Object.New()
	src.Set("pull", pull)
	src.Set("cancel", cancel)
	strategy := w.rt.Object.New()
	strategy.Set("highWaterMark", 0)
	return w.rt.ReadableStream.New(src, strategy)
}
