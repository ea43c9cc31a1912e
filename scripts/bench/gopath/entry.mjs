// The Worker of scripts/bench/gopath.mjs (not part of the portal): the
// portal's Go program as functions/entry/worker.mjs runs it, and the
// JavaScript baseline of the load comparison, side by side in one isolate,
// so that what a rejected request costs in each can be measured without
// wrk, wrangler's proxy and the other processes in the way. gopath.mjs
// copies this file next to the built Worker (functions/build) and the
// baseline (baseline.mjs).
//
//   GET /go?n=N  N rejected requests, one after the other, through Go
//   GET /js?n=N  the same N through the JavaScript baseline
//   GET /one     one rejected request through Go: its answer
//   GET /jsone   one through the JavaScript baseline: its answer
import "./wasm_exec.js";
import "./edge.js";
import { EmailMessage } from "cloudflare:email";
import { createRuntimeContext } from "./runtime.mjs";
import mod from "./app.wasm";
import baseline from "./baseline.mjs";

globalThis.EmailMessage = EmailMessage;
globalThis.tryCatch = (fn) => {
  try {
    return { result: fn() };
  } catch (error) {
    return { error };
  }
};

let binding;

function start(env) {
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
    binding ??= start(env);
    const go = () => goEdge.fetch(binding, rejected(), env, ctx);
    const js = () => baseline.fetch(rejected());
    switch (url.pathname) {
      case "/one":
        return go();
      case "/jsone":
        return js();
      case "/go":
      case "/js": {
        const n = Number(url.searchParams.get("n") ?? 1000);
        const serve = url.pathname === "/go" ? go : js;
        for (let i = 0; i < n; i++) {
          const res = await serve();
          if (res.status !== 422) return new Response(`answered ${res.status}: ${await res.text()}`, { status: 500 });
          await res.arrayBuffer();
        }
        return new Response(`${n} answered\n`);
      }
    }
    return new Response("not found\n", { status: 404 });
  },
};
