// The JavaScript half of functions/edge: it turns a fetch event into the
// few values Go takes, and Go's answer back into a Response. Every
// JavaScript value Go holds, even a string, costs Go an allocation and a
// finalizer, and a wait for a promise costs it a round trip through the
// event loop; JavaScript does this shaping in a fraction of the time. The
// entry script (worker.mjs) imports it; the Go tests of functions/edge load
// this same file into Node.js.
//
// Go's fetch(head, body, stream, env, ctx, done) takes
//   head:   method, URL, then each header's name and value, joined by
//           line feeds (which neither a URL nor a header may contain)
//   body:   the whole body as a Uint8Array when it is short and of known
//           length (read here), else null
//   stream: the body's ReadableStream when it is not passed whole, else null
// and calls done(error, head, body, stream) once, where error is a message
// or null, head is the status, then each header's name and value, joined
// by line feeds, and the body is a Uint8Array, a ReadableStream Go feeds,
// or null.
"use strict";

(() => {
  // Bodies up to this long, of known length, are read here and passed to
  // Go whole (the API reads at most 32 KiB); others are passed as a stream.
  const wholeBody = 64 << 10;

  async function fetch(binding, req, env, ctx) {
    const lines = [req.method, req.url];
    for (const [name, value] of req.headers) lines.push(name, value);
    const head = lines.join("\n");
    let body = null;
    let stream = null;
    if (req.body !== null) {
      const length = req.headers.get("content-length");
      if (length !== null && /^\d+$/.test(length) && Number(length) <= wholeBody) {
        body = new Uint8Array(await req.arrayBuffer());
      } else {
        stream = req.body;
      }
    }
    return new Promise((resolve, reject) => {
      // Calling into Go throws if the program has exited; the entry
      // script then starts a new one for the next event.
      binding.fetch(head, body, stream, env, ctx, (error, head, body, stream) => {
        if (error !== null) {
          reject(new Error(error));
          return;
        }
        // Go checks every header against the Fetch standard before it
        // answers (functions/edge), so this does not throw; if it ever
        // did, the throw would surface inside Go's call. It answers 500
        // instead: one request's fault is that request's alone.
        try {
          // The headers go to the Response as one list of pairs: one
          // call into the runtime, where appending them one by one to a
          // Headers object costs a call each.
          const lines = head.split("\n");
          const headers = [];
          for (let i = 1; i + 1 < lines.length; i += 2) headers.push([lines[i], lines[i + 1]]);
          resolve(new Response(body ?? stream, { status: Number(lines[0]), headers }));
        } catch (err) {
          console.error(`edge: the answer could not be made into a Response (${err.name}); answering 500`);
          resolve(failure());
        }
      });
    });
  }

  // failure is the answer to a request that could not be answered.
  function failure() {
    return new Response("Internal Server Error\n", {
      status: 500,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }

  globalThis.goEdge = { fetch, failure };
})();
