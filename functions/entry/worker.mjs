// The Worker's entry script: syumai/workers' own (workers-assets-gen
// -mode=go), plus the one thing Go cannot do itself: import the
// EmailMessage class of cloudflare:email, which the send_email binding
// needs. The Makefile copies this file to functions/build/worker.mjs.
import "./wasm_exec.js";
import { EmailMessage } from "cloudflare:email";
import { createRuntimeContext, loadModule } from "./runtime.mjs";

globalThis.EmailMessage = EmailMessage;

let mod;

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

async function run(ctx) {
  if (mod === undefined) {
    mod = await loadModule();
  }
  const go = new Go();

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
  go.run(instance, ctx);
  await readyPromise;
}

async function fetch(req, env, ctx) {
  const binding = {};
  await run(createRuntimeContext({ env, ctx, binding }));
  return binding.handleRequest(req);
}

async function scheduled(event, env, ctx) {
  const binding = {};
  await run(createRuntimeContext({ env, ctx, binding }));
  return binding.runScheduler(event);
}

export default {
  fetch,
  scheduled,
};
