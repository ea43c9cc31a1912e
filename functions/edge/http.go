//go:build js && wasm

package edge

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall/js"

	"privacyportal/functions/promise"
)

// streamAfter is how much of a response is held before it is sent as a
// stream: most answers are smaller and go out in one piece, which is
// cheaper than a stream; exports are sent while they are written, so the
// Worker's memory stays flat however long they are.
const streamAfter = 64 << 10

// serveHTTP answers one fetch event, as shaped by the entry script's
// goEdge.fetch (functions/entry/edge.js): head is the method, the URL and
// each header's name and value, one per line; body the whole body or null;
// stream the body's ReadableStream or null. It runs h and calls done once h has written its answer whole,
// or once it has written more than streamAfter (the rest then follows as a
// stream). A panic in h is a 500, and the instance serves on.
func (rt *globals) serveHTTP(h http.Handler, head string, body, stream, env, exec, done js.Value, log *slog.Logger) {
	ctx, cancel := context.WithCancel(withRuntime(context.Background(), env, exec))
	req, err := toRequest(ctx, head, body, stream)
	if err != nil {
		cancel()
		done.Invoke("edge: "+err.Error(), nil, nil, nil)
		return
	}
	w := &responseWriter{rt: rt, header: http.Header{}, done: done, stop: cancel}
	defer cancel()
	defer func() {
		if r := recover(); r != nil {
			// No request data in the log: it may hold personal data.
			log.Error("edge: the handler panicked", "method", req.Method, "path", req.URL.Path, "panic", panicText(r))
			w.fail()
			return
		}
		w.finish()
	}()
	h.ServeHTTP(w, req)
}

// toRequest makes the http.Request of a fetch event. A body passed whole
// is read from memory; a stream only when, and as far as, the handler
// reads it.
func toRequest(ctx context.Context, head string, whole, stream js.Value) (*http.Request, error) {
	lines := strings.Split(head, "\n")
	if len(lines) < 2 || len(lines)%2 != 0 {
		return nil, errors.New("the request's head is not method, URL and header lines")
	}
	var body io.ReadCloser = http.NoBody
	length := int64(0)
	switch {
	case whole.Type() == js.TypeObject:
		b := make([]byte, whole.Length())
		js.CopyBytesToGo(b, whole)
		body, length = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	case stream.Type() == js.TypeObject:
		body, length = &bodyReader{ctx: ctx, stream: stream}, -1
	}
	req, err := http.NewRequestWithContext(ctx, lines[0], lines[1], body)
	if err != nil {
		return nil, err
	}
	for i := 2; i+1 < len(lines); i += 2 {
		req.Header.Add(lines[i], lines[i+1])
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
	done        js.Value // the entry script's callback, called once
	streaming   bool
	chunks      chan []byte   // to the stream; closed at the end
	gone        chan struct{} // closed when the reader cancels the stream
	stop        func()        // cancels the request's context
}

// errGone is what writes return once the client no longer reads.
var errGone = errors.New("edge: the client stopped reading the response")

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
	if !bodyAllowed(w.status) {
		return 0, http.ErrBodyNotAllowed
	}
	if w.header.Get("Content-Type") == "" && len(w.buf) == 0 && !w.streaming && len(p) > 0 {
		w.header.Set("Content-Type", http.DetectContentType(p))
	}
	w.buf = append(w.buf, p...)
	if len(w.buf) > streamAfter {
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
	if !w.streaming {
		w.streaming = true
		w.chunks = make(chan []byte)
		w.gone = make(chan struct{})
		w.answer(js.Null(), w.stream())
	}
	if len(w.buf) == 0 {
		return nil
	}
	chunk := w.buf
	w.buf = nil
	select {
	case w.chunks <- chunk:
		return nil
	case <-w.gone:
		return errGone
	}
}

// finish ends the answer once the handler has returned.
func (w *responseWriter) finish() {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if !w.streaming {
		var body js.Value = js.Null()
		if len(w.buf) > 0 && bodyAllowed(w.status) {
			body = w.rt.Uint8Array.New(len(w.buf))
			js.CopyBytesToJS(body, w.buf)
		}
		w.answer(body, js.Null())
		return
	}
	w.send() //nolint:errcheck // nobody is left to tell
	close(w.chunks)
}

// fail ends the answer of a handler that panicked: a 500 if nothing has
// been sent, else a stream that errors, so the reader sees it is cut short.
func (w *responseWriter) fail() {
	if !w.streaming {
		w.header = http.Header{"Content-Type": {"text/plain; charset=utf-8"}}
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

// answer hands the entry script the status, the headers and the body (a
// Uint8Array or a stream) for its Response. Status and headers travel as
// one string of lines: cheaper than a value per header. A line feed in a
// header would break the lines; Go's own server refuses such a header too.
func (w *responseWriter) answer(body, stream js.Value) {
	var head strings.Builder
	head.WriteString(strconv.Itoa(w.status))
	for name, values := range w.header {
		// workerd sets the length of what it sends itself.
		if strings.EqualFold(name, "Content-Length") || strings.EqualFold(name, "Transfer-Encoding") {
			continue
		}
		for _, v := range values {
			if strings.ContainsAny(name, "\r\n") || strings.ContainsAny(v, "\r\n") {
				continue
			}
			head.WriteString("\n" + name + "\n" + v)
		}
	}
	w.done.Invoke(nil, head.String(), body, stream)
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
			defer resolve.Invoke()
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
