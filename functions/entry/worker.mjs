// The Worker's entry script. It starts the Go program (functions/worker,
// built to app.wasm) once per isolate and hands it every fetch, scheduled
// and queue event; Go answers them concurrently, each with the event's own
// env and execution context (see functions/edge). syumai/workers' stock
// entry script starts a fresh Go instance for every request, which cost
// more than the requests themselves.
//
// It also does the one thing Go cannot do itself: import the EmailMessage
// class of cloudflare:email, which the send_email binding needs. wasm_exec.js
// and runtime.mjs come from syumai/workers (workers-assets-gen -mode=go);
// edge.js, the JavaScript half of functions/edge, shapes each request and
// answer for Go. The Makefile copies both files to functions/build/.
import "./wasm_exec.js";
import "./edge.js";
import { EmailMessage } from "cloudflare:email";
import { createRuntimeContext } from "./runtime.mjs";
// The Worker's module, compiled by workerd when the script loads; importing
// it (rather than awaiting runtime.mjs's loadModule) lets an event start
// Go synchronously.
import mod from "./app.wasm";

globalThis.EmailMessage = EmailMessage;

// portalFetch is fetch as Go calls it (functions/fetch): the request is
// built and the answer read here, in JavaScript, and Go gets a promise of
// { status, body } (body a Uint8Array). Built from Go, the call failed in
// workerd with "Illegal invocation" (a runtime object used with another
// this than its own). ms bounds the call.
globalThis.portalFetch = async (url, method, headers, body, ms) => {
  const res = await fetch(url, { method, headers, body, redirect: "manual", signal: AbortSignal.timeout(ms) });
  return { status: res.status, body: new Uint8Array(await res.arrayBuffer()) };
};

globalThis.tryCatch = (fn) => {
  try {
    return {
      result: fn(),
    };
  } catch (e) {
    return {
      error: e,
    };
  }
};

// The running Go program, once started: { go, binding, inflight }, where
// binding holds Go's fetch and scheduled functions and inflight the
// failure callbacks of the events it is serving.
//
// workerd ties every promise to the request that created it: a promise of
// one request that another awaits, or whose continuations were attached in
// a request that has since ended, is cancelled (workerd logs "a promise was
// resolved or rejected from a different request context"). So nothing here
// is shared across events as a promise: the program is started
// synchronously within the event that needs it, its exit is noticed
// through go.exited (a plain flag) at the next event, and each event fails
// through a callback of its own when the program ends under it.
let running;

// start runs the Go program with env, the env of the event that needs it
// first; Go reads the deployment's variables and secrets from it once.
// Go registers its handlers and calls ready() before main first yields,
// all inside go.run's synchronous part; a program that fails to start
// exits there instead.
function start(env) {
  const go = new Go();
  const binding = {};
  const inflight = new Set();
  let ready = false;
  // Go calls exit when the program ends (a fatal error, or an unrecovered
  // panic on a goroutine): every event it was serving fails at once
  // rather than waiting for ever.
  go.exit = (code) => {
    console.error(`worker: the Go program exited (code ${code}); the next event starts a new one`);
    for (const fail of inflight) fail();
    inflight.clear();
  };
  const instance = new WebAssembly.Instance(mod, {
    ...go.importObject,
    workers: {
      ready: () => {
        ready = true;
      },
    },
  });
  go.run(instance, createRuntimeContext({ env, ctx: undefined, binding })).catch((err) => {
    console.error(`worker: the Go program failed: ${err}`);
  });
  if (!ready || go.exited) return undefined;
  return { go, binding, inflight };
}

// program returns the running Go program, starting it if none runs or the
// last one has exited; undefined if it could not start.
function program(env) {
  if (running === undefined || running.go.exited) running = start(env);
  return running;
}

// serve runs one event in Go: it settles with what Go answers, or with
// failed() if the program ends first (or cannot start at all).
function serve(env, call, failed) {
  const p = program(env);
  if (p === undefined) return Promise.resolve(failed());
  return new Promise((resolve) => {
    const fail = () => resolve(failed());
    p.inflight.add(fail);
    let answer;
    try {
      answer = call(p.binding);
    } catch (err) {
      console.error(`worker: calling into Go failed: ${err}`);
      answer = Promise.resolve(failed());
    }
    Promise.resolve(answer)
      .catch((err) => {
        console.error(`worker: the event failed: ${err}`);
        return failed();
      })
      .then((v) => {
        p.inflight.delete(fail);
        resolve(v);
      });
  });
}

export default {
  fetch(req, env, ctx) {
    return serve(env, (binding) => goEdge.fetch(binding, req, env, ctx), () => goEdge.failure());
  },
  async scheduled(event, env, ctx) {
    const failed = new Error("the scheduled event failed");
    const result = await serve(env, (binding) => binding.scheduled(event, env, ctx).then(() => undefined), () => failed);
    if (result === failed) throw failed;
  },
  // A batch of the queue that Cloudflare Email Service's event
  // subscription fills: the bodies cross into Go as one JSON text, and a
  // batch Go fails is delivered again (Go takes each report once).
  async queue(batch, env, ctx) {
    const failed = new Error("the queue batch failed");
    const bodies = JSON.stringify(batch.messages.map((m) => m.body));
    const result = await serve(env, (binding) => binding.queue(bodies, env, ctx).then(() => undefined), () => failed);
    if (result === failed) batch.retryAll();
    else batch.ackAll();
  },
};
