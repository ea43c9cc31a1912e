// The Worker's entry script. It starts the Go program (functions/worker,
// built to app.wasm) once per isolate and hands it every fetch and
// scheduled event; Go answers them concurrently, each with the event's own
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
import { createRuntimeContext, loadModule } from "./runtime.mjs";

globalThis.EmailMessage = EmailMessage;

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

// The running Go program, once started: { binding, exited }, where binding
// holds Go's fetch and scheduled functions and exited settles when the
// program ends.
let running;

// start runs the Go program with env, the env of the event that needs it
// first; Go reads the deployment's variables and secrets from it once.
async function start(env) {
  const mod = await loadModule();
  const go = new Go();
  const binding = {};
  let ready;
  const readyPromise = new Promise((resolve) => {
    ready = resolve;
  });
  const instance = new WebAssembly.Instance(mod, {
    ...go.importObject,
    workers: {
      ready: () => {
        ready();
      },
    },
  });
  const exited = go.run(instance, createRuntimeContext({ env, ctx: undefined, binding })).then(() => {
    throw new Error("the Go program exited");
  });
  await Promise.race([readyPromise, exited]);
  return { binding, exited };
}

// program returns the running Go program, starting it if none runs. Events
// that arrive while it starts wait for the same start; a program that has
// ended (a fatal error) is started afresh for the next event.
function program(env) {
  if (running === undefined) {
    running = start(env);
    running.then(
      ({ exited }) => exited.catch(() => {
        running = undefined;
      }),
      () => {
        running = undefined;
      },
    );
  }
  return running;
}

// Each event runs in Go; if the program ends meanwhile, the event fails
// rather than waiting for ever.
export default {
  async fetch(req, env, ctx) {
    const { binding, exited } = await program(env);
    return Promise.race([goEdge.fetch(binding, req, env, ctx), exited]);
  },
  async scheduled(event, env, ctx) {
    const { binding, exited } = await program(env);
    return Promise.race([binding.scheduled(event, env, ctx), exited]);
  },
};
