//go:build js && wasm

// These tests run the package in Node.js (GOOS=js GOARCH=wasm go test
// -exec "$(go env GOROOT)/lib/wasm/go_js_wasm_exec"; `make test-go` does),
// whose fetch API (Request, Response, Headers, ReadableStream) is the one
// workerd implements.

package edge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"syscall/js"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/functions/promise"
)

// TestMain loads the entry script's half of the package, edge.js, as the
// Worker does, so the tests call Go the way workerd's events do.
func TestMain(m *testing.M) {
	src, err := os.ReadFile("../entry/edge.js")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	js.Global().Call("eval", string(src))
	os.Exit(m.Run())
}

// callFetch hands a fetch event to the Go side registered on binding, the
// way functions/entry/worker.mjs does; it returns the Response's promise.
func callFetch(binding, req, env, exec js.Value) js.Value {
	return js.Global().Get("goEdge").Call("fetch", binding, req, env, exec)
}

// answer is what a client sees of a Response.
type answer struct {
	Status  int
	Headers map[string]string
	Body    string
}

type fixture struct {
	binding js.Value
}

func newFixture(t *testing.T, h http.Handler, task Task) fixture {
	t.Helper()
	b := js.Global().Get("Object").New()
	Register(b, h, task, nil, nil)
	return fixture{binding: b}
}

// request makes a JavaScript Request.
func request(method, url, body string, headers map[string]string) js.Value {
	init := map[string]any{"method": method}
	if body != "" {
		init["body"] = body
	}
	h := map[string]any{}
	for k, v := range headers {
		h[k] = v
	}
	init["headers"] = h
	return js.Global().Get("Request").New(url, init)
}

// env makes an env object with the given string properties.
func env(props map[string]any) js.Value { return js.ValueOf(props) }

// execContext makes an execution context whose waitUntil keeps the
// promises it is given in its "waited" array.
func execContext(id string) js.Value {
	return js.Global().Call("eval", `(() => { const c = { id: "`+id+`", waited: [] }; c.waitUntil = (p) => c.waited.push(p); return c; })()`)
}

func (f fixture) fetch(t *testing.T, req, env, exec js.Value) answer {
	t.Helper()
	ctx := context.Background()
	res, err := promise.Await(ctx, callFetch(f.binding, req, env, exec))
	if err != nil {
		t.Fatalf("fetch: %v", err)
	}
	return read(t, res)
}

func read(t *testing.T, res js.Value) answer {
	t.Helper()
	a := answer{Status: res.Get("status").Int(), Headers: map[string]string{}}
	pairs := js.Global().Get("Array").Call("from", res.Get("headers"))
	for i := 0; i < pairs.Length(); i++ {
		a.Headers[pairs.Index(i).Index(0).String()] = pairs.Index(i).Index(1).String()
	}
	// Each Set-Cookie is its own header; the others may be joined.
	if cookies := res.Get("headers").Call("getSetCookie"); cookies.Length() > 0 {
		var all []string
		for i := 0; i < cookies.Length(); i++ {
			all = append(all, cookies.Index(i).String())
		}
		a.Headers["set-cookie"] = strings.Join(all, " | ")
	}
	buf, err := promise.Await(context.Background(), res.Call("arrayBuffer"))
	if err != nil {
		t.Fatalf("reading the body: %v", err)
	}
	u := js.Global().Get("Uint8Array").New(buf)
	b := make([]byte, u.Length())
	js.CopyBytesToGo(b, u)
	a.Body = string(b)
	return a
}

// sleep waits for a JavaScript timer, so that other requests run meanwhile,
// as they do while a handler waits for D1.
func sleep(ctx context.Context, d time.Duration) error {
	p := js.Global().Call("eval", fmt.Sprintf(`new Promise((r) => setTimeout(r, %d))`, d.Milliseconds()))
	_, err := promise.Await(ctx, p)
	return err
}

// Requests served at the same time by the one instance each see their own
// env (bindings) and execution context, also after waiting for JavaScript.
func TestConcurrentRequestsKeepTheirOwnEnv(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		before := Binding(r.Context(), "DB").String()
		// Later requests wait less, so they overtake earlier ones.
		n := len(r.URL.Query().Get("n"))
		if err := sleep(r.Context(), time.Duration(40-2*n)*time.Millisecond); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		err := WaitUntil(r.Context(), func(ctx context.Context) {})
		fmt.Fprintf(w, "%s %s %s %v", before, Binding(r.Context(), "DB").String(), Getenv(Env(r.Context()), "NAME"), err)
	})
	f := newFixture(t, h, nil)
	const n = 16
	var wg sync.WaitGroup
	got := make([]string, n)
	execs := make([]js.Value, n)
	promises := make([]js.Value, n)
	for i := range n {
		id := fmt.Sprint(i)
		execs[i] = execContext(id)
		promises[i] = callFetch(f.binding,
			request("GET", "http://portal.test/api/x?n="+strings.Repeat("i", i), "", nil),
			env(map[string]any{"DB": "db-" + id, "NAME": "env-" + id}), execs[i])
	}
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := promise.Await(context.Background(), promises[i])
			if err != nil {
				got[i] = err.Error()
				return
			}
			got[i] = read(t, res).Body
		}()
	}
	wg.Wait()
	for i := range n {
		want := fmt.Sprintf("db-%d db-%d env-%d <nil>", i, i, i)
		if got[i] != want {
			t.Errorf("request %d answered %q, want %q", i, got[i], want)
		}
		if w := execs[i].Get("waited").Length(); w != 1 {
			t.Errorf("request %d: its execution context was given %d promises to wait for, want 1", i, w)
		}
	}
}

// The handler reads the request as sent and its answer arrives as written:
// status, repeated headers, body.
func TestRequestAndAnswer(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Add("Set-Cookie", "a=1")
		w.Header().Add("Set-Cookie", "b=2")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprintf(w, `{"method":%q,"path":%q,"query":%q,"type":%q,"length":%d,"body":%q,"uri":%q}`,
			r.Method, r.URL.Path, r.URL.Query().Get("q"), r.Header.Get("Content-Type"), r.ContentLength, body, r.RequestURI)
	})
	f := newFixture(t, h, nil)
	got := f.fetch(t, request("POST", "http://portal.test/api/werksta/requests?q=%C3%A6", `{"name":"Åse"}`,
		map[string]string{"Content-Type": "application/json", "Content-Length": "15"}), env(nil), execContext("1"))
	want := answer{
		Status: 422,
		Headers: map[string]string{
			"content-type": "application/json",
			"set-cookie":   "a=1 | b=2",
		},
		Body: `{"method":"POST","path":"/api/werksta/requests","query":"æ","type":"application/json","length":15,"body":"{\"name\":\"Åse\"}","uri":"/api/werksta/requests?q=%C3%A6"}`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answer (-want +got):\n%s", diff)
	}
}

// A header the Fetch API would refuse (a throw that once ended the whole
// program) makes that one answer a 500, short or streamed, whatever the
// bytes; the instance serves the next request. The values are those of
// the attack (a NUL from a form's return path), the ones JavaScript's
// ByteString refuses, and a few hundred generated ones.
func TestHeadersTheFetchAPIRefuses(t *testing.T) {
	type header struct{ name, value string }
	cases := []header{
		{"Location", "/\x00"}, {"Location", "/\r\nSet-Cookie: a=1"}, {"Location", "/\n"},
		{"X-Name", "Åse"}, {"X-Name", "€"}, {"X-Name", "\xff\xfe"}, {"X-Name", "\x7f"},
		{"Bad Name", "x"}, {"", "x"}, {"Nåme", "x"}, {"X:Y", "x"},
	}
	rng := rand.New(rand.NewPCG(9, 9))
	for i := 0; i < 300; i++ {
		b := make([]byte, 1+rng.IntN(12))
		for j := range b {
			b[j] = byte(rng.IntN(256))
		}
		if i%2 == 0 {
			cases = append(cases, header{"X-Generated", string(b)})
		} else {
			cases = append(cases, header{string(b), "v"})
		}
	}
	var current header
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ok" {
			w.Write([]byte("ok"))
			return
		}
		w.Header()[current.name] = []string{current.value}
		if r.URL.Path == "/long" {
			w.Write(bytes.Repeat([]byte("x"), 2*streamAfter))
			return
		}
		w.WriteHeader(http.StatusSeeOther)
	})
	f := newFixture(t, h, nil)
	for i, c := range cases {
		current = c
		path := "/short"
		if i%3 == 0 {
			path = "/long"
		}
		got := f.fetch(t, request("GET", "http://portal.test"+path, "", nil), env(nil), execContext("1"))
		want := http.StatusSeeOther
		if path == "/long" {
			want = http.StatusOK
		}
		if !validHeader(c.name, c.value) {
			want = http.StatusInternalServerError
		}
		if got.Status != want {
			t.Errorf("header %q: %q on %s answered %d, want %d", c.name, c.value, path, got.Status, want)
		}
		if next := f.fetch(t, request("GET", "http://portal.test/ok", "", nil), env(nil), execContext("2")); next.Body != "ok" {
			t.Fatalf("after header %q: %q the next request answered %+v", c.name, c.value, next)
		}
	}
	// What validHeader accepts is exactly visible ASCII, space and tab
	// in values, and HTTP tokens as names.
	for _, c := range cases[:11] {
		if validHeader(c.name, c.value) {
			t.Errorf("validHeader(%q, %q) = true", c.name, c.value)
		}
	}
}

// validHeader's table says of every byte what the rules say: in a name,
// an HTTP token's characters (RFC 9110, 5.6.2); in a value, visible ASCII,
// space and tab.
func TestValidHeaderEveryByte(t *testing.T) {
	for c := 0; c < 256; c++ {
		b := string([]byte{byte(c)})
		token := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c))
		visible := c == '\t' || c >= 0x20 && c <= 0x7e
		if got := validHeader("X-"+b, "v"); got != token {
			t.Errorf("byte %#x in a name: valid %v, want %v", c, got, token)
		}
		if got := validHeader("X", "a"+b+"z"); got != visible {
			t.Errorf("byte %#x in a value: valid %v, want %v", c, got, visible)
		}
	}
}

// An answer longer than streamAfter is sent while it is written, and
// arrives whole; answers without a body have none.
func TestLongAndEmptyAnswers(t *testing.T) {
	long := bytes.Repeat([]byte("0123456789abcdef"), 3*streamAfter/16+5)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/long":
			w.Header().Set("Content-Type", "text/csv")
			for rest := long; len(rest) > 0; {
				n := min(len(rest), 1000)
				if _, err := w.Write(rest[:n]); err != nil {
					return
				}
				rest = rest[n:]
			}
		case "/none":
			w.WriteHeader(http.StatusNoContent)
		case "/sniffed":
			w.Write([]byte("<!doctype html><p>hei</p>"))
		}
	})
	f := newFixture(t, h, nil)
	tests := []struct {
		path string
		want answer
	}{
		{"/long", answer{Status: 200, Headers: map[string]string{"content-type": "text/csv"}, Body: string(long)}},
		{"/none", answer{Status: 204, Headers: map[string]string{}, Body: ""}},
		{"/sniffed", answer{Status: 200, Headers: map[string]string{"content-type": "text/html; charset=utf-8"}, Body: "<!doctype html><p>hei</p>"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got := f.fetch(t, request("GET", "http://portal.test"+tt.path, "", nil), env(nil), execContext("1"))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff[:min(len(diff), 2000)])
			}
		})
	}
}

// A long answer reaches JavaScript in a few large chunks, each at most
// streamChunk and the handler's last write: each chunk costs a crossing
// into Go, and the stream holds one at a time.
func TestLongAnswersStreamInBoundedChunks(t *testing.T) {
	const total, write = 3 << 20, 1000
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		line := bytes.Repeat([]byte("x"), write-1)
		for n := 0; n < total; n += write {
			if _, err := w.Write(append(line, '\n')); err != nil {
				return
			}
		}
	})
	f := newFixture(t, h, nil)
	res, err := promise.Await(context.Background(), callFetch(f.binding, request("GET", "http://portal.test/", "", nil), env(nil), execContext("1")))
	if err != nil {
		t.Fatal(err)
	}
	reader := res.Get("body").Call("getReader")
	var sizes []int
	got := 0
	for {
		chunk, err := promise.Await(context.Background(), reader.Call("read"))
		if err != nil {
			t.Fatal(err)
		}
		if chunk.Get("done").Bool() {
			break
		}
		n := chunk.Get("value").Length()
		sizes = append(sizes, n)
		got += n
	}
	if got < total || got > total+write {
		t.Fatalf("%d bytes arrived, want %d", got, total)
	}
	if sizes[0] > streamAfter+write {
		t.Errorf("first chunk %d bytes, want at most %d", sizes[0], streamAfter+write)
	}
	for i, n := range sizes {
		if n > streamChunk+write {
			t.Errorf("chunk %d: %d bytes, want at most %d", i, n, streamChunk+write)
		}
	}
	if most := total/streamChunk + 2; len(sizes) > most {
		t.Errorf("%d chunks, want at most %d: %v", len(sizes), most, sizes)
	}
}

// A client that stops reading a long answer stops the handler too: its
// writes fail and its context is cancelled.
func TestClientGone(t *testing.T) {
	stopped := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("x"), 1<<10)
		for {
			if _, err := w.Write(chunk); err != nil {
				<-r.Context().Done()
				stopped <- err
				return
			}
		}
	})
	f := newFixture(t, h, nil)
	res, err := promise.Await(context.Background(), callFetch(f.binding, request("GET", "http://portal.test/", "", nil), env(nil), execContext("1")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := promise.Await(context.Background(), res.Get("body").Call("cancel")); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-stopped:
		if !errors.Is(err, errGone) {
			t.Errorf("write after the client left: %v, want errGone", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the handler kept writing after the client left")
	}
}

// A handler that panics answers 500, and the instance serves the next
// request.
func TestPanicIsA500(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/panic" {
			panic("boom")
		}
		w.Write([]byte("ok"))
	})
	f := newFixture(t, h, nil)
	if got := f.fetch(t, request("GET", "http://portal.test/panic", "", nil), env(nil), execContext("1")); got.Status != 500 {
		t.Errorf("a panic answered %d, want 500", got.Status)
	}
	if got := f.fetch(t, request("GET", "http://portal.test/", "", nil), env(nil), execContext("2")); got.Body != "ok" {
		t.Errorf("the next request answered %+v", got)
	}
}

// The scheduled task runs with its own event's env; its failure rejects the
// event's promise.
func TestScheduled(t *testing.T) {
	var seen []string
	task := func(ctx context.Context) error {
		seen = append(seen, Binding(ctx, "DB").String())
		if Getenv(Env(ctx), "FAIL") != "" {
			return errors.New("step failed")
		}
		return nil
	}
	f := newFixture(t, http.NotFoundHandler(), task)
	event := js.ValueOf(map[string]any{"cron": "*/10 * * * *"})
	if _, err := promise.Await(context.Background(), f.binding.Call("scheduled", event, env(map[string]any{"DB": "db-1"}), execContext("1"))); err != nil {
		t.Errorf("scheduled: %v", err)
	}
	_, err := promise.Await(context.Background(), f.binding.Call("scheduled", event, env(map[string]any{"DB": "db-2", "FAIL": "yes"}), execContext("2")))
	if err == nil || err.Error() != "step failed" {
		t.Errorf("a failed task: %v, want the rejection \"step failed\"", err)
	}
	if diff := cmp.Diff([]string{"db-1", "db-2"}, seen); diff != "" {
		t.Errorf("envs the task saw (-want +got):\n%s", diff)
	}
}

// A queue batch reaches the consumer as the one JSON text the entry script
// made, with its own event's env; a failure or a panic rejects the batch's
// promise (so the entry script has it delivered again), and the next batch
// is served.
func TestQueue(t *testing.T) {
	var seen []string
	consume := func(ctx context.Context, bodies []byte) error {
		seen = append(seen, Binding(ctx, "DB").String()+" "+string(bodies))
		switch Getenv(Env(ctx), "FAIL") {
		case "error":
			return errors.New("batch failed")
		case "panic":
			panic("no")
		}
		return nil
	}
	b := js.Global().Get("Object").New()
	Register(b, http.NotFoundHandler(), nil, consume, nil)
	call := func(bodies any, e map[string]any) error {
		_, err := promise.Await(context.Background(), b.Call("queue", bodies, env(e), execContext("q")))
		return err
	}
	if err := call(`[{"type":"x"}]`, map[string]any{"DB": "db-1"}); err != nil {
		t.Errorf("queue: %v", err)
	}
	if err := call(`[]`, map[string]any{"DB": "db-2", "FAIL": "error"}); err == nil || err.Error() != "batch failed" {
		t.Errorf("a failed batch: %v", err)
	}
	if err := call(`[]`, map[string]any{"DB": "db-3", "FAIL": "panic"}); err == nil {
		t.Errorf("a panicking consumer resolved its batch")
	}
	if err := call(42, map[string]any{"DB": "db-4"}); err == nil {
		t.Errorf("bodies that are not text were taken")
	}
	if err := call(`[1]`, map[string]any{"DB": "db-5"}); err != nil {
		t.Errorf("the batch after a panic: %v", err)
	}
	if diff := cmp.Diff([]string{`db-1 [{"type":"x"}]`, "db-2 []", "db-3 []", "db-5 [1]"}, seen); diff != "" {
		t.Errorf("batches the consumer saw (-want +got):\n%s", diff)
	}
}

// A body of unknown length, or longer than edge.js reads whole, is read as a stream
// and arrives whole; a short one of known length is read in one piece.
func TestBodies(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		fmt.Fprintf(w, "%d %d %x", r.ContentLength, len(body), body[len(body)-4:])
	})
	f := newFixture(t, h, nil)
	long := strings.Repeat("æøå-", 40000) + "end!"
	tests := []struct {
		name    string
		body    string
		headers map[string]string
		want    string
	}{
		{"short, of known length", "hei på deg!", map[string]string{"Content-Length": "12"}, "12 12 " + fmt.Sprintf("%x", "deg!")},
		{"short, of unknown length", "hei på deg!", nil, "-1 12 " + fmt.Sprintf("%x", "deg!")},
		{"long, of known length", long, map[string]string{"Content-Length": fmt.Sprint(len(long))}, fmt.Sprintf("%d %d %x", len(long), len(long), "end!")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := f.fetch(t, request("POST", "http://portal.test/", tt.body, tt.headers), env(nil), execContext("1"))
			if got.Body != tt.want {
				t.Errorf("the handler read %q, want %q", got.Body, tt.want)
			}
		})
	}
}

// BenchmarkServe is what one request costs the edge package in Node.js:
// the JavaScript Request into Go, a small JSON answer with the portal's
// dozen headers back out as a Response, read by the caller.
func BenchmarkServe(b *testing.B) {
	body := []byte(`{"error":{"code":"invalid","message":"Noen felt må rettes."},"fields":{"name":"Skriv navnet ditt."}}` + "\n")
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		for i := range 10 {
			w.Header().Set(fmt.Sprintf("X-Header-%d", i), "a value of some length, like a policy")
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusUnprocessableEntity)
		w.Write(body)
	})
	binding := js.Global().Get("Object").New()
	Register(binding, h, nil, nil, nil)
	e, exec := env(nil), execContext("1")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req := request("POST", "http://portal.test/api/werksta/requests", "{}", map[string]string{"Content-Type": "application/json", "Content-Length": "2"})
		res, err := promise.Await(ctx, callFetch(binding, req, e, exec))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := promise.Await(ctx, res.Call("arrayBuffer")); err != nil {
			b.Fatal(err)
		}
	}
}

// Exports that a client abandons (cancels) or stalls on (never reads)
// end: the handler's writes fail, by the client's leaving or by the write
// deadline, the handler returns, and what it held is let go. A hundred of
// each leave the heap where it was.
func TestAbandonedAndStalledAnswersLetGo(t *testing.T) {
	ended := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		deadline := 20 * time.Millisecond
		if r.URL.Query().Has("cancel") {
			deadline = time.Minute
		}
		http.NewResponseController(w).SetWriteDeadline(time.Now().Add(deadline))
		// What an export holds while it writes: a page of rows.
		page := bytes.Repeat([]byte("row,"), 256<<10)
		for {
			if _, err := w.Write(page[:32<<10]); err != nil {
				ended <- err
				panic(http.ErrAbortHandler)
			}
		}
	})
	f := newFixture(t, h, nil)
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	run := func(cancel bool) {
		url := "http://portal.test/export"
		if cancel {
			url += "?cancel"
		}
		res, err := promise.Await(context.Background(), callFetch(f.binding, request("GET", url, "", nil), env(nil), execContext("1")))
		if err != nil {
			t.Fatal(err)
		}
		if cancel {
			if _, err := promise.Await(context.Background(), res.Get("body").Call("cancel")); err != nil {
				t.Fatal(err)
			}
		}
		select {
		case err := <-ended:
			want := errDeadline
			if cancel {
				want = errGone
			}
			if !errors.Is(err, want) {
				t.Fatalf("the handler's write failed with %v, want %v", err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the handler kept writing")
		}
	}
	for i := 0; i < 5; i++ { // warm up
		run(i%2 == 0)
	}
	before := heap()
	for i := 0; i < 200; i++ {
		run(i%2 == 0)
	}
	after := heap()
	t.Logf("heap in use before 200 abandoned or stalled answers: %d KiB, after: %d KiB", before>>10, after>>10)
	if grown := int64(after) - int64(before); grown > 4<<20 {
		t.Errorf("200 abandoned or stalled answers grew the heap by %d KiB (from %d to %d KiB)", grown>>10, before>>10, after>>10)
	}
}

// The table of common header names gives what net/http would.
func TestCanonicalNames(t *testing.T) {
	for lower, name := range canonicalNames {
		if want := http.CanonicalHeaderKey(lower); name != want || strings.ToLower(name) != lower {
			t.Errorf("canonicalNames[%q] = %q, want %q", lower, name, want)
		}
	}
}

// Names lists the names of an env's variables and secrets, not its
// bindings: a setting found by its prefix (the old EXPORT_TOKEN_{SLUG}
// secrets) is found among them, an empty one too.
func TestNames(t *testing.T) {
	env := js.Global().Get("Object").New()
	env.Set("DB", js.Global().Get("Object").New())
	env.Set("EXPORT_TOKEN_WERKSTA", "s3cret")
	env.Set("EXPORT_TOKEN_CAR_ROOM", "")
	env.Set("PORTAL_ORIGIN", "http://127.0.0.1:8787")
	got := Names(env)
	want := []string{"EXPORT_TOKEN_WERKSTA", "EXPORT_TOKEN_CAR_ROOM", "PORTAL_ORIGIN"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
	if got := Names(js.Undefined()); len(got) != 0 {
		t.Errorf("Names(undefined) = %v", got)
	}
}
