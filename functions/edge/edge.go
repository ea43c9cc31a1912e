//go:build js && wasm

// Package edge runs an http.Handler, a scheduled task and a queue consumer
// in a Cloudflare Worker from one Go WebAssembly instance that serves
// request after request, and many at a time. (The name: it is the edge
// between the Worker's JavaScript events and Go, and what runs at
// Cloudflare's edge.)
//
// syumai/workers' stock entry script starts a new Go instance for every
// request, and its handler ends the program once the first response has
// been read; starting Go (runtime, package init, the controllers' files)
// then costs more than the request itself. Here the entry script
// (functions/entry/worker.mjs) starts the instance once per isolate and
// calls into it for each event. Nothing of one request is kept in package
// state: each request's env (its bindings) and execution context travel in
// the request's context.Context, and Binding, WaitUntil and Env read them
// from there, so requests running at the same time each see their own.
package edge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"syscall/js"
)

// Task is the work of a Cron Trigger.
type Task func(ctx context.Context) error

// Consumer is the work of a queue consumer on one batch: bodies is the
// messages' bodies as one JSON array (built by the entry script, so the
// batch crosses into Go once). An error has the whole batch delivered
// again, so the work must be idempotent.
type Consumer func(ctx context.Context, bodies []byte) error

type contextKey int

const eventKey contextKey = 0

// event is what Go holds of one Worker event: its env and execution
// context, either given (scheduled events) or, for fetch events, asked of
// the entry script the first time a handler needs them (most answers need
// neither, and each JavaScript value Go takes costs it).
type event struct {
	once      sync.Once
	env, exec js.Value
	// bridge and id reach a fetch event's values in edge.js; bridge is nil
	// when the values were given.
	bridge *bridge
	id     float64
}

func (e *event) values() (env, exec js.Value) {
	if e.bridge != nil {
		e.once.Do(func() {
			e.env = e.bridge.env.Invoke(e.id)
			e.exec = e.bridge.exec.Invoke(e.id)
		})
	}
	return e.env, e.exec
}

// withEvent returns ctx carrying ev.
func withEvent(ctx context.Context, ev *event) context.Context {
	return context.WithValue(ctx, eventKey, ev)
}

// Env is the env object of the event ctx belongs to: its bindings, variables
// and secrets. It is undefined outside an event.
func Env(ctx context.Context) js.Value {
	if ev, ok := ctx.Value(eventKey).(*event); ok {
		env, _ := ev.values()
		return env
	}
	return js.Undefined()
}

// Binding is the binding called name (such as "DB") in the env of the event
// ctx belongs to, or undefined.
func Binding(ctx context.Context, name string) js.Value {
	env := Env(ctx)
	if env.Type() != js.TypeObject {
		return js.Undefined()
	}
	return env.Get(name)
}

// ErrNoEvent means a context that belongs to no request or scheduled event
// was used where one is needed.
var ErrNoEvent = errors.New("edge: the context belongs to no Worker event")

// WaitUntil lets task run on after the response has been sent, for as long
// as the Worker's execution context of ctx's event allows.
func WaitUntil(ctx context.Context, task func(context.Context)) error {
	ev, ok := ctx.Value(eventKey).(*event)
	if !ok {
		return ErrNoEvent
	}
	// The task outlives the request, so not its cancellation; it keeps
	// the event's env and execution context, fetched now, while the
	// entry script still holds them.
	_, exec := ev.values()
	if exec.Type() != js.TypeObject {
		return ErrNoEvent
	}
	detached := context.WithoutCancel(ctx)
	exec.Call("waitUntil", newGlobals().promise(func(resolve, _ js.Value) {
		defer resolve.Invoke()
		// A panic on a goroutine of its own would end the program.
		defer func() {
			if r := recover(); r != nil {
				slog.Error("edge: a task after the response panicked", "panic", panicText(r))
			}
		}()
		task(detached)
	}))
	return nil
}

// Getenv reads a variable or secret from env, the empty string if it is not
// set or not a string.
func Getenv(env js.Value, name string) string {
	if env.Type() != js.TypeObject {
		return ""
	}
	if v := env.Get(name); v.Type() == js.TypeString {
		return v.String()
	}
	return ""
}

// Names lists the names of env's variables and secrets (its string
// values), in no particular order: for settings found by their names'
// prefix rather than by one name (the old EXPORT_TOKEN_{SLUG} secrets).
func Names(env js.Value) []string {
	if env.Type() != js.TypeObject {
		return nil
	}
	keys := js.Global().Get("Object").Call("keys", env)
	var names []string
	for i := range keys.Length() {
		if k := keys.Index(i).String(); env.Get(k).Type() == js.TypeString {
			names = append(names, k)
		}
	}
	return names
}

// StartEnv is the env the entry script started the instance with: the
// first event's. Use it only for what is the same for every event of a
// deployment (variables and secrets, read once at start-up); bindings are
// read per event with Binding.
func StartEnv() js.Value {
	ctx := js.Global().Get("context")
	if ctx.Type() != js.TypeObject {
		return js.Undefined()
	}
	return ctx.Get("env")
}

// Serve makes h answer the Worker's fetch events, task its scheduled
// events and consume its queue batches, tells the entry script that Go is
// ready, and then serves for as long as the instance lives: it does not
// return. A nil task or consumer answers its event with an error.
func Serve(h http.Handler, task Task, consume Consumer, log *slog.Logger) {
	binding := js.Global().Get("context").Get("binding")
	Register(binding, h, task, consume, log)
	ready()
	select {}
}

// Register sets the functions fetch, scheduled(event, env, ctx) and
// queue(bodies, env, ctx) on binding, the object through which the entry
// script calls into Go: fetch as functions/entry/edge.js calls it,
// scheduled and queue returning a promise. Serve uses it; tests call it
// with an object of their own.
func Register(binding js.Value, h http.Handler, task Task, consume Consumer, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	rt := newGlobals()
	rt.bridge = newBridge(binding)
	// Each request runs on a goroutine of its own, which is then kept for
	// a later request rather than ended: a new goroutine's stack has to
	// grow, by copying, to what the API needs, every time.
	idle := make(chan func())
	run := func(job func()) {
		select {
		case idle <- job:
		default:
			go func() {
				for {
					job()
					job = <-idle
				}
			}()
		}
	}
	// fetch(id, data, headLength, stream): see serveHTTP and
	// functions/entry/edge.js, which calls it.
	binding.Set("fetch", js.FuncOf(func(_ js.Value, args []js.Value) any {
		id, data, headLength, stream := arg(args, 0), arg(args, 1), arg(args, 2), arg(args, 3)
		if id.Type() != js.TypeNumber {
			log.Error("edge: fetch needs the event's number")
			return nil
		}
		ev := &event{bridge: rt.bridge, id: id.Float()}
		if data.Type() != js.TypeObject || headLength.Type() != js.TypeNumber {
			invoke(rt.bridge.answer, log, ev.id, "edge: fetch needs the request's head and its length", 0, nil, nil)
			return nil
		}
		b := make([]byte, data.Length())
		js.CopyBytesToGo(b, data)
		n := headLength.Int()
		if n < 0 || n > len(b) {
			invoke(rt.bridge.answer, log, ev.id, "edge: the request's head is longer than its data", 0, nil, nil)
			return nil
		}
		run(func() { rt.serveHTTP(h, ev, b, n, stream, log) })
		return nil
	}))
	binding.Set("scheduled", js.FuncOf(func(_ js.Value, args []js.Value) any {
		scheduled, env, exec := arg(args, 0), arg(args, 1), arg(args, 2)
		return rt.promise(func(resolve, reject js.Value) {
			if err := runTask(task, scheduled, env, exec, log); err != nil {
				reject.Invoke(rt.Error.New(err.Error()))
				return
			}
			resolve.Invoke()
		})
	}))
	binding.Set("queue", js.FuncOf(func(_ js.Value, args []js.Value) any {
		bodies, env, exec := arg(args, 0), arg(args, 1), arg(args, 2)
		return rt.promise(func(resolve, reject js.Value) {
			if err := runConsumer(consume, bodies, env, exec, log); err != nil {
				reject.Invoke(rt.Error.New(err.Error()))
				return
			}
			resolve.Invoke()
		})
	}))
}

func runConsumer(consume Consumer, bodies, env, exec js.Value, log *slog.Logger) (err error) {
	if consume == nil {
		return errors.New("edge: no queue consumer")
	}
	if bodies.Type() != js.TypeString {
		return errors.New("edge: a queue batch's bodies must be one JSON text")
	}
	defer func() {
		if r := recover(); r != nil {
			log.Error("edge: the queue consumer panicked", "panic", panicText(r))
			err = errors.New("edge: the queue consumer failed")
		}
	}()
	ctx, cancel := context.WithCancel(withEvent(context.Background(), &event{env: env, exec: exec}))
	defer cancel()
	return consume(ctx, []byte(bodies.String()))
}

// globals holds the JavaScript values the package uses for every request,
// looked up once: every value Go takes from JavaScript costs a lookup and
// a finalizer.
type globals struct {
	Error, Object, Promise, ReadableStream, Uint8Array js.Value
	bridge                                             *bridge
}

func newGlobals() *globals {
	g := js.Global()
	return &globals{
		Error: g.Get("Error"), Object: g.Get("Object"), Promise: g.Get("Promise"),
		ReadableStream: g.Get("ReadableStream"), Uint8Array: g.Get("Uint8Array"),
	}
}

// bridge holds the entry script's functions through which Go answers
// fetch events and reaches their env and execution context (goEdge.bridge
// in functions/entry/edge.js).
type bridge struct {
	answer, env, exec, end js.Value
}

func newBridge(binding js.Value) *bridge {
	edge := js.Global().Get("goEdge")
	if edge.Type() != js.TypeObject {
		panic("edge: goEdge is not defined; the entry script must load functions/entry/edge.js")
	}
	b := edge.Call("bridge", binding)
	return &bridge{answer: b.Get("answer"), env: b.Get("env"), exec: b.Get("exec"), end: b.Get("end")}
}

func runTask(task Task, scheduled, env, exec js.Value, log *slog.Logger) (err error) {
	if task == nil {
		return errors.New("edge: no scheduled task")
	}
	defer func() {
		if r := recover(); r != nil {
			log.Error("edge: the scheduled task panicked", "panic", panicText(r))
			err = errors.New("edge: the scheduled task failed")
		}
	}()
	ctx, cancel := context.WithCancel(withEvent(context.Background(), &event{env: env, exec: exec}))
	defer cancel()
	return task(ctx)
}

func arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}

// promise returns a JavaScript promise settled by fn, which runs on a
// goroutine of its own: code that waits for other promises must not run in
// the callback JavaScript made, or it would block the event loop those
// promises need.
func (rt *globals) promise(fn func(resolve, reject js.Value)) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		executor.Release()
		resolve, reject := args[0], args[1]
		go fn(resolve, reject)
		return nil
	})
	return rt.Promise.New(executor)
}

// ready tells the entry script that the handlers are registered.
//
//go:wasmimport workers ready
func ready()

// panicText describes a recovered panic for the log without its value
// unless the runtime made it: a panic value of the program's own may carry
// what a customer sent, and the log never holds personal data.
func panicText(r any) string {
	if e, ok := r.(runtime.Error); ok {
		return e.Error()
	}
	return fmt.Sprintf("a panic with a %T", r)
}
