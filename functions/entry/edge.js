// The JavaScript half of functions/edge: it turns a fetch event into the
// few values Go takes, and Go's answer back into a Response. Every
// JavaScript value Go holds (an object, even a string) costs Go an
// allocation, a finalizer and calls across the boundary, and a wait for a
// promise costs it a round trip through the event loop; JavaScript does
// this shaping in a fraction of the time. So Go gets numbers and one byte
// array per request, and the event's env and execution context stay here
// until Go asks for them. The entry script (worker.mjs) imports this file;
// the Go tests of functions/edge load this same file into Node.js.
//
// Go's fetch(id, data, headLength, stream) takes
//   id:         the event's number, by which Go reaches what stays here
//   data:       a Uint8Array: the head (method, URL, then each header's
//               name and value, joined by line feeds, which neither a URL
//               nor a header may contain), UTF-8, headLength bytes long,
//               then the whole body when it is short and of known length
//               (read here)
//   stream:     the body's ReadableStream when it is not passed whole,
//               else null
// and answers through the functions bridge(binding) returns:
//   answer(id, error, headLength, data, stream), once: error is a message
//     or null; data holds the head (the status, then each header's name
//     and value, joined by line feeds; headLength bytes), then the whole
//     body, unless stream is the ReadableStream Go feeds it through;
//   env(id), exec(id): the event's env and execution context, for as long
//     as Go serves the event (Go asks only when it needs a binding);
//   end(id): Go is done with the event (needed only after a streamed
//     answer: a whole answer ends the event).
"use strict";

(() => {
  // Bodies up to this long, of known length, are read here and passed to
  // Go whole (the API reads at most 32 KiB); others are passed as a stream.
  const wholeBody = 64 << 10;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  // The events each Go program (its binding) is serving, by number.
  const programs = new WeakMap();
  let lastId = 0;

  // bridge is what Go calls back: see the top of this file. Go calls it
  // once, when it registers its handlers on binding.
  function bridge(binding) {
    const events = new Map();
    programs.set(binding, events);
    return {
      answer(id, error, headLength, data, stream) {
        const event = events.get(id);
        if (event === undefined) return;
        if (stream === null) events.delete(id);
        if (error !== null) {
          event.reject(new Error(error));
          return;
        }
        // Go checks every header against the Fetch standard before it
        // answers (functions/edge), so this does not throw; if it ever
        // did, the throw would surface inside Go's call. It answers 500
        // instead: one request's fault is that request's alone.
        try {
          const lines = decoder.decode(data.subarray(0, headLength)).split("\n");
          const headers = toHeaders(lines);
          const body = stream ?? (data.length > headLength ? data.subarray(headLength) : null);
          event.resolve(new Response(body, { status: Number(lines[0]), headers }));
        } catch (err) {
          console.error(`edge: the answer could not be made into a Response (${err.name}); answering 500`);
          event.resolve(failure());
        }
      },
      env: (id) => events.get(id)?.env,
      exec: (id) => events.get(id)?.ctx,
      end(id) {
        events.delete(id);
      },
    };
  }

  // toHeaders makes an answer's header lines (from the second on: name,
  // value, name, value...) into what the Response takes. A plain record
  // is the cheapest for workerd to read (measured there: 8 us for the
  // portal's dozen headers, against 10 us appended to a Headers object
  // one by one and 21 us as a list of pairs); a name that comes twice
  // (Go sends a header with two values as two lines) cannot be a
  // record's key twice, so then the headers are appended one by one.
  function toHeaders(lines) {
    const record = Object.create(null);
    for (let i = 1; i + 1 < lines.length; i += 2) {
      if (lines[i] in record) {
        const headers = new Headers();
        for (let j = 1; j + 1 < lines.length; j += 2) headers.append(lines[j], lines[j + 1]);
        return headers;
      }
      record[lines[i]] = lines[i + 1];
    }
    return record;
  }

  async function fetch(binding, req, env, ctx) {
    const lines = [req.method, req.url];
    for (const [name, value] of req.headers) lines.push(name, value);
    const head = encoder.encode(lines.join("\n"));
    let data = head;
    let stream = null;
    if (req.body !== null) {
      const length = req.headers.get("content-length");
      if (length !== null && /^\d+$/.test(length) && Number(length) <= wholeBody) {
        const body = new Uint8Array(await req.arrayBuffer());
        data = new Uint8Array(head.length + body.length);
        data.set(head);
        data.set(body, head.length);
      } else {
        stream = req.body;
      }
    }
    const events = programs.get(binding);
    if (events === undefined) throw new Error("edge: no Go program registered on this binding");
    const id = ++lastId;
    return new Promise((resolve, reject) => {
      events.set(id, { env, ctx, resolve, reject });
      // Calling into Go throws if the program has exited; the entry
      // script then starts a new one for the next event.
      try {
        binding.fetch(id, data, head.length, stream);
      } catch (err) {
        events.delete(id);
        throw err;
      }
    });
  }

  // failure is the answer to a request that could not be answered.
  function failure() {
    return new Response("Internal Server Error\n", {
      status: 500,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }

  globalThis.goEdge = { fetch, failure, bridge };
})();
