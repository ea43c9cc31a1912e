// The Worker of scripts/bench/gopath.mjs (not part of the portal): the
// portal's Go program as functions/entry/worker.mjs runs it, the floor
// (scripts/bench/gopath/floor: the same bridge and net/http around a
// handler that answers from memory) and the JavaScript baseline of the
// load comparison, side by side in one isolate,
// so that what a rejected request costs in each can be measured without
// wrk, wrangler's proxy and the other processes in the way. gopath.mjs
// copies this file next to the built Worker (functions/build), the floor
// (floor.wasm) and the baseline (baseline.mjs).
//
//   GET /go?n=N     N rejected requests, one after the other, through Go
//   GET /floor?n=N  the same N through the floor
//   GET /js?n=N     the same N through the JavaScript baseline
//   GET /one, /floorone, /jsone: one rejected request through each: its answer
import "./wasm_exec.js";
import "./edge.js";
import { EmailMessage } from "cloudflare:email";
import { createRuntimeContext } from "./runtime.mjs";
import portal from "./app.wasm";
import floor from "./floor.wasm";
import baseline from "./baseline.mjs";

globalThis.EmailMessage = EmailMessage;
globalThis.tryCatch = (fn) => {
  try {
    return { result: fn() };
  } catch (error) {
    return { error };
  }
};

// The two Go programs, started by the first request.
let programs;

function start(mod, env) {
  const go = new Go();
  const b = {};
  let ready = false;
  const instance = new WebAssembly.Instance(mod, { ...go.importObject, workers: { ready: () => (ready = true) } });
  go.run(instance, createRuntimeContext({ env, ctx: undefined, binding: b }));
  if (!ready) throw new Error("the Go program did not start");
  return b;
}

// rejected is the request of the load comparison (scripts/bench/worker.mjs).
const rejected = () =>
  new Request("http://127.0.0.1/api/werksta/requests", {
    method: "POST",
    body: "{}",
    headers: { "Content-Type": "application/json", "Content-Length": "2" },
  });

export default {
  async fetch(req, env, ctx) {
    const url = new URL(req.url);
    programs ??= { portal: start(portal, env), floor: start(floor, env) };
    const serve = {
      go: () => goEdge.fetch(programs.portal, rejected(), env, ctx),
      floor: () => goEdge.fetch(programs.floor, rejected(), env, ctx),
      js: () => baseline.fetch(rejected()),
    };
    switch (url.pathname) {
      case "/one":
        return serve.go();
      case "/floorone":
        return serve.floor();
      case "/jsone":
        return serve.js();
      case "/go":
      case "/floor":
      case "/js": {
        const n = Number(url.searchParams.get("n") ?? 1000);
        const one = serve[url.pathname.slice(1)];
        for (let i = 0; i < n; i++) {
          const res = await one();
          if (res.status !== 422) return new Response(`answered ${res.status}: ${await res.text()}`, { status: 500 });
          await res.arrayBuffer();
        }
        return new Response(`${n} answered\n`);
      }
    }
    return new Response("not found\n", { status: 404 });
  },
};
