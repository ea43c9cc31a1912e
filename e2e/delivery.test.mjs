// Nothing a customer sent is lost when mail fails. The Worker runs with its
// send_email binding refusing every recipient (a real binding, configured
// with allowed_destination_addresses), requests are filed and confirmed;
// then it runs again with mail working, on the same database, and the Cron
// Trigger's work delivers every message exactly once.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPortal, listMail, mailParts, d1, until } from "./harness.mjs";

const root = new URL("..", import.meta.url).pathname;
const port = 8790;
// Retries wait one second instead of a minute (then two, then four), so a
// retry comes due within seconds; the test runs the schedule until it has
// happened.
const vars = { MAIL_RETRY_SECONDS: "1" };

// failingConfig is wrangler.toml with the mail binding allowed to send only
// to an address nobody uses, so every send the Worker attempts throws. Its
// paths are made absolute, since it lives in a temporary folder.
function failingConfig() {
  const dir = mkdtempSync(join(tmpdir(), "portal-failing-"));
  let toml = readFileSync(join(root, "wrangler.toml"), "utf8");
  toml = toml
    .replace(/^main = "(.*)"$/m, (_, p) => `main = "${join(root, p)}"`)
    .replace(/^directory = "(.*)"$/m, (_, p) => `directory = "${join(root, p)}"`)
    .replace(/^migrations_dir = "(.*)"$/m, (_, p) => `migrations_dir = "${join(root, p)}"`)
    .replace(/^name = "MAIL"$/m, 'name = "MAIL"\nallowed_destination_addresses = ["nobody@example.invalid"]');
  assert.match(toml, /allowed_destination_addresses/, "the mail binding is made to fail");
  writeFileSync(join(dir, "wrangler.toml"), toml);
  // wrangler reads .dev.vars next to the config: the same signing key.
  if (existsSync(join(root, ".dev.vars"))) copyFileSync(join(root, ".dev.vars"), join(dir, ".dev.vars"));
  return join(dir, "wrangler.toml");
}

let portal;
let first;
after(async () => {
  await portal?.stop();
  await first?.stop(); // removes the folders the restarts shared
});

// retried runs the Cron Trigger's work until every message not yet sent
// has been tried at least twice: once where it was queued (the request
// tries its mail at once), and once more by the schedule when its retry
// came due.
async function retried() {
  const untried = async () => (await d1(portal, "SELECT COUNT(*) AS n FROM mail WHERE sent_at IS NULL AND attempts < 2"))[0].n;
  await until("the schedule to try every unsent message again", async () => {
    await portal.runSchedule();
    return (await untried()) === 0;
  }, { timeout: 30_000, interval: 250, describe: async () => `${await untried()} not tried again; the mail table: ${JSON.stringify(await d1(portal, "SELECT kind, attempts, next_attempt_at, sent_at FROM mail"))}` });
}

// delivered runs the Cron Trigger's work until the outbox holds n messages.
async function delivered(n) {
  await until(`${n} messages in the outbox`, async () => {
    await portal.runSchedule();
    return listMail(portal.outbox).length >= n;
  }, { timeout: 30_000, interval: 250, describe: () => `${listMail(portal.outbox).length} there` });
}

async function json(path, body) {
  const res = await fetch(portal.base + path, body && {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

test("with the mail binding failing, requests are kept and every message goes out exactly once after recovery", async () => {
  const failing = failingConfig();
  portal = await startPortal({ port, config: failing, scheduled: true, vars });
  const { persist, outbox } = portal;
  const customers = [
    ["werksta", "kunde.en@example.no"],
    ["westrum", "kunde.to@example.no"],
    ["car-room", "kunde.tre@example.dk"],
  ];
  const ids = [];
  for (const [slug, email] of customers) {
    const res = await json(`/api/${slug}/requests`, { type: "access", name: "Kunde Æøå", email });
    assert.equal(res.status, 202, "the request is accepted although its mail cannot be sent");
    ids.push(res.body.id);
  }
  await retried();
  assert.equal(listMail(outbox).length, 0, "nothing was sent while the binding fails");
  assert.match(portal.log(), /mail: sending failed/);
  assert.doesNotMatch(portal.log(), /kunde\.en@example\.no/, "no address in the log");
  await portal.stop({ keep: true });
  first = portal;

  // Mail works again: the schedule sends the three confirmations, once.
  portal = await startPortal({ port, persist, outbox, scheduled: true, vars });
  await delivered(3);
  await portal.runSchedule(); // and once more, which sends nothing again
  let mail = listMail(outbox).map((m) => mailParts(m.raw));
  assert.deepEqual(mail.map((m) => m.headers.to.replace(/.*</, "").replace(">", "")).sort(), customers.map((c) => c[1]).sort());
  const codes = ids.map((id) => {
    const m = mail.find((p) => p.text.includes(`/api/requests/${id}/confirm`));
    return /: (\d{6})\b/.exec(m.text)[1];
  });
  await portal.stop();

  // Confirmed while mail fails again: the signed requests wait in D1.
  portal = await startPortal({ port, persist, outbox, config: failing, scheduled: true, vars });
  for (const [i, id] of ids.entries()) {
    const res = await json(`/api/requests/${id}/confirm`, { code: codes[i] });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, "confirmed", "confirmed, not yet delivered");
  }
  await retried();
  assert.equal(listMail(outbox).length, 3, "no new mail while failing");
  await portal.stop();

  portal = await startPortal({ port, persist, outbox, scheduled: true, vars });
  await delivered(9);
  await portal.runSchedule();
  mail = listMail(outbox).map((m) => mailParts(m.raw));
  const kinds = mail.map((m) => `${m.headers.to.replace(/.*</, "").replace(">", "")} ${m.headers.subject.split(" – ")[0]}`);
  const counts = {};
  for (const k of kinds) counts[k] = (counts[k] || 0) + 1;
  assert.deepEqual(Object.values(counts).filter((n) => n !== 1), [], `sent more than once: ${JSON.stringify(counts)}`);
  assert.equal(mail.length, 9, `three confirmations, three requests, three receipts:\n${kinds.join("\n")}`);
  for (const inbox of ["catherine.sahlgren@werksta.com", "post@westrum.no", "jesper@car-room.dk"]) {
    const forward = mail.find((m) => m.headers.to.includes(inbox));
    assert.ok(forward?.attachments["request.json.sig"], `${inbox} got the signed request`);
  }
  for (const id of ids) {
    assert.equal((await json(`/api/requests/${id}`)).body.status, "delivered");
  }
});
