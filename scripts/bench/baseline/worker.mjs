// The JavaScript baseline of the Worker load comparison (make bench): a
// plain JavaScript Worker that does what the Go Worker does with a rejected
// request, POST /api/{slug}/requests with a JSON body missing every field:
// it reads and parses the body, finds the required fields missing, and
// answers the same 422 (same status, headers and bytes, in the company's
// language). scripts/bench/worker.mjs checks that the two answers match
// before it measures. Not part of the portal.
const companies = { westrum: "nb", werksta: "nb", carglass: "nb", cars: "nb", "car-room": "da" };

const text = {
  nb: {
    invalid: "Noen felt må rettes.",
    email: "Skriv e-postadressen din. Vi sender en bekreftelse dit.",
    name: "Skriv navnet ditt.",
    type: "Velg hva du vil be om.",
  },
  da: {
    invalid: "Nogle felter skal rettes.",
    email: "Skriv din e-mailadresse. Vi sender en bekræftelse dertil.",
    name: "Skriv dit navn.",
    type: "Vælg, hvad du vil bede om.",
  },
  en: {
    invalid: "Some fields need correcting.",
    email: "Enter your e-mail address. We send a confirmation there.",
    name: "Enter your name.",
    type: "Choose what you are asking for.",
  },
};

const security = {
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
};

function json(status, body) {
  return new Response(JSON.stringify(body) + "\n", {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...security },
  });
}

export default {
  async fetch(req) {
    const m = /^\/api\/([a-z-]+)\/requests$/.exec(new URL(req.url).pathname);
    if (!m || req.method !== "POST" || !(m[1] in companies)) return json(404, { error: { code: "not_found" } });
    let form;
    try {
      form = JSON.parse(await req.text());
    } catch {
      return json(400, { error: { code: "bad_request" } });
    }
    const lang = text[form.language] ? form.language : companies[m[1]];
    const fields = {};
    for (const f of ["email", "name", "type"]) {
      if (typeof form[f] !== "string" || form[f].trim() === "") fields[f] = text[lang][f];
    }
    if (Object.keys(fields).length === 0) return json(501, { error: { code: "not_part_of_the_baseline" } });
    return json(422, { error: { code: "invalid", message: text[lang].invalid }, fields });
  },
};
