// Mail through a mail service's HTTP API, in workerd: the Worker runs with
// MAIL_TRANSPORT "cloudflare" (Cloudflare Email Service's send_raw) or
// "mailgun" (Mailgun's messages.mime), pointed at a server on loopback that
// speaks each API as documented, so nothing reaches another host. A
// request goes from the form to the company; an inbox the service refuses
// for good is reported to the customer and never retried; and with 1,000
// undeliverable messages waiting, a new confirmation goes out in its own
// request while /api/health reports the backlog.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createHmac } from "node:crypto";
import { startPortal, mailParts, d1, until as waitUntil } from "./harness.mjs";

// mailService answers as the two APIs do. Recipients in refused bounce
// for good (Cloudflare: permanent_bounces; Mailgun: 400); those matching
// down get 503. Every accepted message is kept with its API, recipient,
// idempotency key and MIME text.
function mailService() {
  const received = [];
  const refused = new Set();
  const down = (to) => /^down\d+@/.test(to);
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const answer = (status, json) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(json));
    };
    let m = /^\/client\/v4\/accounts\/([^/]+)\/email\/sending\/send_raw$/.exec(req.url);
    if (req.method === "POST" && m) {
      if (m[1] !== "acc-e2e" || req.headers.authorization !== "Bearer cf-token-e2e") {
        return answer(401, { success: false, errors: [{ code: 10000, message: "Authentication error" }], result: null });
      }
      const { from, recipients, mime_message: mime } = JSON.parse(body.toString("utf8"));
      const to = recipients[0];
      if (down(to)) return answer(503, { success: false, errors: [{ code: 10500, message: "unavailable" }] });
      if (refused.has(to)) return answer(200, { success: true, errors: [], result: { delivered: [], permanent_bounces: [to], queued: [] } });
      received.push({ api: "cloudflare", from, to, key: req.headers["idempotency-key"], raw: mime });
      return answer(200, { success: true, errors: [], result: { delivered: [to], permanent_bounces: [], queued: [] } });
    }
    m = /^\/v3\/([^/]+)\/messages\.mime$/.exec(req.url);
    if (req.method === "POST" && m) {
      const auth = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString();
      if (m[1] !== "mg.portal.example" || auth !== "api:mg-key-e2e") return answer(401, { message: "Forbidden" });
      const form = await new Request("http://x/", { method: "POST", headers: { "content-type": req.headers["content-type"] }, body }).formData();
      const to = form.get("to");
      if (down(to)) return answer(503, { message: "unavailable" });
      if (refused.has(to)) return answer(400, { message: "to parameter is not a valid address" });
      const raw = await form.get("message").text();
      received.push({ api: "mailgun", to, key: req.headers["idempotency-key"], raw });
      // Mailgun keeps the message's own Message-ID and answers with it.
      return answer(200, { id: mailParts(raw).headers["message-id"], message: "Queued. Thank you." });
    }
    answer(404, { message: "not found" });
  });
  return {
    received,
    refused,
    listen: () => new Promise((r) => server.listen(0, "127.0.0.1", () => r(server.address().port))),
    close: () => new Promise((r) => server.close(r)),
  };
}

const service = mailService();
let apiPort;
let portal;

before(async () => {
  apiPort = await service.listen();
});

after(async () => {
  await portal?.stop();
  await service.close();
});

// until waits for what the mail service has received, and names it all
// when it times out.
const until = (what, fn, timeout = 15_000) =>
  waitUntil(what, fn, { timeout, describe: () => `received:\n${service.received.map((m) => `${m.api} ${m.to} ${mailParts(m.raw).headers.subject}`).join("\n")}` });

// withPortal runs a test's steps on a portal of its own, stopping it
// whatever happens and showing the Worker's log when a step fails.
async function withPortal(options, steps) {
  portal = await startPortal(options);
  try {
    await steps();
  } catch (err) {
    err.message += `\n--- the Worker's log:\n${portal.log().split("\n").slice(-60).join("\n")}`;
    throw err;
  } finally {
    await portal.stop();
    portal = undefined;
  }
}

const post = (path, body) =>
  fetch(portal.base + path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

test("Cloudflare Email Service: a request reaches the company; a refused inbox is told to the customer once; a backlog blocks nobody", () =>
  withPortal({
    port: 8796,
    scheduled: true,
    vars: {
      MAIL_TRANSPORT: "cloudflare",
      CF_ACCOUNT_ID: "acc-e2e",
      CF_EMAIL_API_TOKEN: "cf-token-e2e",
      CF_EMAIL_API_BASE: `http://127.0.0.1:${apiPort}/client/v4`,
      REQUEST_LIMIT: "1000/3600",
      MAIL_RETRY_SECONDS: "1",
      // The drain's time budget (20 s) guards a production run's limits;
      // here the claim is that no count caps a run, which a loaded
      // machine must not turn into a race against the clock.
      MAIL_DRAIN_SECONDS: "600",
    },
  }, async () => {
  // From the form to the company, through the API.
  let res = await post("/api/werksta/requests", { type: "access", name: "Kari Nordmann", email: "kari.api@example.no", language: "nb" });
  assert.equal(res.status, 202);
  const { id } = await res.json();
  const confirm = await until("the confirmation", () => service.received.find((m) => m.to === "kari.api@example.no"));
  assert.match(confirm.key, /^pp-[0-9a-f]{32}$/, "each message carries its idempotency key");
  assert.equal(confirm.from, "portal@personvern.example");
  const code = /\b(\d{6})\b/.exec(mailParts(confirm.raw).text)[1];
  res = await post(`/api/requests/${id}/confirm`, { code });
  assert.equal(res.status, 200);
  const forward = await until("the request to Werksta", () => service.received.find((m) => m.to === "catherine.sahlgren@werksta.com"));
  assert.ok(mailParts(forward.raw).attachments["request.json.sig"], "the company gets the signed request");

  // The company's inbox refuses for good: the customer is told, once,
  // and nothing is retried.
  service.refused.add("post@westrum.no");
  res = await post("/api/westrum/requests", { type: "erasure", name: "Per Hansen", email: "per.api@example.no", language: "nb" });
  const per = await res.json();
  const perConfirm = await until("Per's confirmation", () => service.received.find((m) => m.to === "per.api@example.no"));
  res = await post(`/api/requests/${per.id}/confirm`, { code: /\b(\d{6})\b/.exec(mailParts(perConfirm.raw).text)[1] });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).status, "confirmed", "not delivered: the inbox refused it");
  // The notice is queued with the refusal; the schedule sends it.
  const notice = await until("the notice to Per", async () => {
    await portal.runSchedule();
    return service.received.find((m) => m.to === "per.api@example.no" && /kom ikke fram/.test(mailParts(m.raw).headers.subject));
  });
  assert.match(mailParts(notice.raw).text, /Postboks 71/, "the notice gives Westrum's postal address");
  await portal.runSchedule();
  assert.equal(service.received.filter((m) => m.to === "per.api@example.no").length, 3, "confirmation, receipt, one notice");
  const failed = await d1(portal, `SELECT kind, failed_at IS NOT NULL AS failed, message IS NULL AS dropped, attempts FROM mail WHERE request_id = '${per.id}' AND kind = 'forward'`);
  assert.deepEqual(failed, [{ kind: "forward", failed: 1, dropped: 1, attempts: 1 }], "tried once, recorded as failed, content dropped");
  assert.doesNotMatch(portal.log(), /post@westrum\.no/, "no address in the log");

  // 1,000 undeliverable messages wait; a new customer's confirmation goes
  // out in the request that files it.
  await d1(
    portal,
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
     INSERT INTO mail (request_id, kind, recipient, message, created_at, next_attempt_at)
     SELECT printf('backlog%04d', i), 'confirm', printf('down%d@example.no', i),
            CAST('Subject: backlog' || char(13) || char(10) || char(13) || char(10) || 'x' AS BLOB),
            '2026-01-01T00:00:00Z', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (1001 - i) || ' minutes')
     FROM n`,
  );
  let health = await (await fetch(`${portal.base}/api/health`)).json();
  assert.ok(health.outbox.due >= 1000, `health reports the backlog: ${JSON.stringify(health)}`);
  assert.ok(health.outbox.oldest_due_seconds >= 1000 * 60, `and how long the oldest has waited: ${JSON.stringify(health)}`);
  const started = performance.now();
  res = await post("/api/car-room/requests", { type: "access", name: "Søren Ny", email: "soren.api@example.dk", language: "da" });
  const elapsed = performance.now() - started;
  assert.equal(res.status, 202);
  assert.ok(service.received.some((m) => m.to === "soren.api@example.dk"), "the confirmation went out before the answer");
  console.log(`new confirmation sent within its own request in ${elapsed.toFixed(0)} ms, with 1000 undeliverable messages waiting`);

  // The schedule works through the backlog without a cap and without
  // sending anything twice.
  const before = service.received.length;
  const t0 = performance.now();
  await portal.runSchedule();
  console.log(`one scheduled run tried the backlog of 1000 in ${(performance.now() - t0).toFixed(0)} ms`);
  const untried = (await d1(portal, "SELECT COUNT(*) AS n FROM mail WHERE request_id LIKE 'backlog%' AND attempts = 0"))[0].n;
  assert.equal(untried, 0, "every due message was tried in one run");
  const twice = (await d1(portal, "SELECT COUNT(*) AS n FROM mail WHERE request_id LIKE 'backlog%' AND attempts > 1"))[0].n;
  assert.equal(twice, 0, "none was tried twice in one run, however short the retry wait");
  assert.equal(service.received.length, before, "nothing undeliverable was delivered, nothing sent twice");
  const keys = service.received.map((m) => m.key);
  assert.equal(new Set(keys).size, keys.length, "every delivered message had its own key, once");
  }));

const WEBHOOK_KEY = "mg-webhook-key-e2e";

// mailgunEvent is the body of one of Mailgun's event webhooks about the
// message with messageID, signed as Mailgun signs (HMAC-SHA256 of the
// timestamp and the token, hex) with key.
function mailgunEvent(key, { event, severity, messageID, token, timestamp = Math.floor(Date.now() / 1000) }) {
  const stamp = String(timestamp);
  return JSON.stringify({
    signature: { timestamp: stamp, token, signature: createHmac("sha256", key).update(stamp + token).digest("hex") },
    "event-data": {
      event,
      severity,
      reason: "bounce",
      "log-level": "error",
      timestamp: timestamp + 0.25,
      recipient: "jesper@car-room.dk",
      "delivery-status": { code: 550, message: "5.1.1 The email account that you tried to reach does not exist", "attempt-no": 1 },
      message: { headers: { "message-id": messageID, to: "jesper@car-room.dk", subject: "x" }, size: 9000 },
      flags: { "is-test-mode": false },
    },
  });
}

const webhook = (body) =>
  fetch(`${portal.base}/api/mail/events/mailgun`, { method: "POST", headers: { "Content-Type": "application/json" }, body });

test("Mailgun: the same way from the form to the company, with the MIME intact; a signed report of a bounce after acceptance tells the customer once", () =>
  withPortal({
    port: 8796,
    vars: {
      MAIL_TRANSPORT: "mailgun",
      MAILGUN_DOMAIN: "mg.portal.example",
      MAILGUN_API_KEY: "mg-key-e2e",
      MAILGUN_WEBHOOK_KEY: WEBHOOK_KEY,
      MAILGUN_API_BASE: `http://127.0.0.1:${apiPort}`,
    },
  }, async () => {
  const res = await post("/api/car-room/requests", { type: "access", name: "Åse Ærø", email: "ase.mg@example.dk", language: "da" });
  assert.equal(res.status, 202);
  const { id } = await res.json();
  const confirm = await until("the confirmation", () => service.received.find((m) => m.api === "mailgun" && m.to === "ase.mg@example.dk"));
  const parts = mailParts(confirm.raw);
  assert.match(parts.headers.subject, /CAR-ROOM/);
  const code = /\b(\d{6})\b/.exec(parts.text)[1];
  const ok = await post(`/api/requests/${id}/confirm`, { code });
  assert.equal((await ok.json()).status, "delivered");
  const forward = await until("the request to CAR-ROOM", () => service.received.find((m) => m.api === "mailgun" && m.to === "jesper@car-room.dk"));
  assert.ok(mailParts(forward.raw).attachments["request.json.sig"]);

  // Later Mailgun learns that CAR-ROOM's inbox refuses it (a contact who
  // left) and reports it. Unsigned, wrongly signed and stale reports
  // change nothing.
  const messageID = mailParts(forward.raw).headers["message-id"].replace(/^<|>$/g, "");
  const status = async () => (await (await fetch(`${portal.base}/api/requests/${id}`)).json());
  const notices = () =>
    service.received.filter((m) => m.to === "ase.mg@example.dk" && /nåede ikke frem/.test(mailParts(m.raw).headers.subject));
  const unsigned = JSON.parse(mailgunEvent(WEBHOOK_KEY, { event: "failed", severity: "permanent", messageID, token: "t-unsigned-0001" }));
  delete unsigned.signature;
  for (const [body, want] of [
    [JSON.stringify(unsigned), 401],
    [mailgunEvent("not-the-key", { event: "failed", severity: "permanent", messageID, token: "t-wrong-key-0001" }), 401],
    [mailgunEvent(WEBHOOK_KEY, { event: "failed", severity: "permanent", messageID, token: "t-stale-0001", timestamp: Math.floor(Date.now() / 1000) - 10 * 3600 }), 406],
    [mailgunEvent(WEBHOOK_KEY, { event: "failed", severity: "temporary", messageID, token: "t-temporary-0001" }), 200],
  ]) {
    const r = await webhook(body);
    assert.equal(r.status, want, await r.text());
  }
  assert.equal((await status()).status, "delivered", "nothing unsigned, wrongly signed, stale or temporary changes the request");
  assert.equal(notices().length, 0);

  const report = mailgunEvent(WEBHOOK_KEY, { event: "failed", severity: "permanent", messageID, token: "t-report-0001" });
  let r = await webhook(report);
  assert.equal(r.status, 200, await r.text());
  const notice = await until("the notice to Åse", () => notices()[0]);
  const text = mailParts(notice.raw).text;
  assert.match(text, /Lucernemarken 3/, "the notice gives CAR-ROOM's postal address");
  assert.match(text, /Datatilsynet/, "the notice names the authority");
  const st = await status();
  assert.equal(st.status, "confirmed", "the request is no longer delivered");
  assert.equal(st.delivered_at ?? null, null);

  // Delivered twice (the same token) and a complaint after it: still one notice.
  r = await webhook(report);
  assert.equal(r.status, 406, "the same token is not taken twice");
  // A complaint about the forward is no bounce: the message arrived.
  // The webhook's answer comes once the report is taken, so what it
  // changed (nothing) is there to check at once.
  r = await webhook(mailgunEvent(WEBHOOK_KEY, { event: "complained", messageID, token: "t-complaint-0001" }));
  assert.equal(r.status, 200);
  assert.equal(notices().length, 1, "the customer is told once");
  assert.equal((await d1(portal, `SELECT COUNT(*) AS n FROM mail WHERE request_id = '${id}' AND kind = 'forward' AND failed_at IS NOT NULL`))[0].n, 1);
  assert.doesNotMatch(portal.log(), /jesper@car-room\.dk/, "no address in the log");
  }));

// Every link in every e-mail starts with PORTAL_ORIGIN: a Worker given an
// http origin off loopback, or a mail API address in clear, refuses to
// start rather than send tokens in clear.
test("a Worker whose PORTAL_ORIGIN is not https (off loopback) or whose mail API is in clear refuses to start", async () => {
  for (const [vars, message] of [
    [{ PORTAL_ORIGIN: "http://personvern.example.no" }, /PORTAL_ORIGIN must be an https:\/\/ origin/],
    [{ MAIL_TRANSPORT: "mailgun", MAILGUN_DOMAIN: "mg.portal.example", MAILGUN_API_KEY: "k", MAILGUN_API_BASE: "http://mail.example.net" }, /MAILGUN_API_BASE must be an https:\/\/ address/],
    // Without its webhook key, Mailgun's reports of bounces would go unheard.
    [{ MAIL_TRANSPORT: "mailgun", MAILGUN_DOMAIN: "mg.portal.example", MAILGUN_API_KEY: "k" }, /MAILGUN_WEBHOOK_KEY/],
  ]) {
    portal = await startPortal({ port: 8796, vars, healthy: false });
    try {
      const res = await fetch(`${portal.base}/api/health`);
      assert.equal(res.status, 500, "nothing is served");
      // The Worker's log line reaches wrangler's output a moment after
      // the answer.
      await until("the log line", () => message.test(portal.log()), 10_000).catch(() => {});
      assert.match(portal.log(), message);
    } finally {
      await portal.stop();
      portal = undefined;
    }
  }
});
