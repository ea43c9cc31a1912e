// The README's key rotation, done as an operator would and checked as a
// privacy contact would: after LINK_KEY and SIGNING_KEY are both replaced,
// with the old ones listed as retired, the links in e-mails sent before
// still work, the request signed before still verifies against the
// published keys, and new links use the new key. Once the old link key is
// no longer listed, its links stop working.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { startPortal, waitForMessage, verifyWithOpenSSL } from "./harness.mjs";

const port = 8795;
const key = () => randomBytes(32).toString("base64url");
const today = new Date().toISOString().slice(0, 10);

let portal, first;
after(async () => {
  await portal?.stop();
  await first?.stop();
});

// linkOf finds a company link (handled or extend) in a message's text.
function linkOf(text, action) {
  const m = new RegExp(`https?://[^\\s]+/api/requests/[0-9a-f]+/${action}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  assert.ok(m, `the e-mail has a ${action} link`);
  return { url: m[0], token: m[1] };
}

test("rotating LINK_KEY and SIGNING_KEY as the README says breaks no link already e-mailed", async () => {
  const [oldLink, newLink, oldSeed, newSeed] = [key(), key(), key(), key()];
  portal = await startPortal({ port, vars: { LINK_KEY: oldLink, SIGNING_KEY: oldSeed } });
  const { persist, outbox, base } = portal;
  const email = "roter.nokler@example.no";
  const res = await fetch(`${base}/api/werksta/requests`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ type: "access", name: "Roter Nøkler", email }),
  });
  assert.equal(res.status, 202);
  const { id, reference } = await res.json();
  const code = /: (\d{6})\b/.exec((await waitForMessage(outbox, email, /^Bekreft kravet/)).text)[1];
  const ok = await fetch(`${base}/api/requests/${id}/confirm`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ code }),
  });
  assert.equal(ok.status, 200);
  const forward = await waitForMessage(outbox, "catherine.sahlgren@werksta.com", new RegExp(reference));
  const oldKeys = JSON.parse(await (await fetch(`${base}/.well-known/privacy-portal/keys.json`)).text());
  const handled = linkOf(forward.text, "handled");
  // A request still waiting for its code when the key is rotated: its
  // stored proof is an HMAC under the old key.
  const pendingRes = await fetch(`${base}/api/westrum/requests`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ type: "access", name: "Roter Nøkler", email }),
  });
  const pending = await pendingRes.json();
  const pendingCode = /: (\d{6})\b/.exec((await waitForMessage(outbox, email, /^Bekreft kravet ditt til Westrum/)).text)[1];
  await portal.stop({ keep: true });
  first = portal;

  // The rotation: new keys, the old ones retired.
  portal = await startPortal({
    port,
    persist,
    outbox,
    vars: {
      LINK_KEY: newLink,
      RETIRED_LINK_KEYS: `${oldLink}@${today}`,
      SIGNING_KEY: newSeed,
      RETIRED_SIGNING_KEYS: oldKeys.keys[0].x,
    },
  });
  const page = await fetch(handled.url);
  assert.equal(page.status, 200, "the handled link of the e-mail sent before the rotation opens");
  const done = await fetch(`${portal.base}/api/requests/${id}/handled`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: handled.token }).toString(),
  });
  assert.equal(done.status, 200, "and marks the request handled");
  assert.equal((await (await fetch(`${portal.base}/api/requests/${id}`)).json()).status, "handled");
  const confirmedLater = await fetch(`${portal.base}/api/requests/${pending.id}/confirm`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ code: pendingCode }),
  });
  assert.equal(confirmedLater.status, 200, "a code e-mailed before the rotation confirms its request after it");

  const keys = await (await fetch(`${portal.base}/.well-known/privacy-portal/keys.json`)).text();
  assert.equal(JSON.parse(keys).keys.length, 2, "the new key and the retired one are published");
  assert.notEqual(JSON.parse(keys).keys[0].x, oldKeys.keys[0].x, "the new key signs");
  assert.ok(
    verifyWithOpenSSL(keys, forward.attachments["request.json"], forward.attachments["request.json.sig"]),
    "the request signed before the rotation still verifies",
  );

  // A request after the rotation gets links of the new key.
  const later = await fetch(`${portal.base}/api/werksta/requests`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ type: "erasure", name: "Roter Nøkler", email }),
  });
  const second = await later.json();
  const code2 = /: (\d{6})\b/.exec((await waitForMessage(outbox, email, /^Bekreft kravet/)).text)[1];
  await fetch(`${portal.base}/api/requests/${second.id}/confirm`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ code: code2 }),
  });
  const forward2 = await waitForMessage(outbox, "catherine.sahlgren@werksta.com", new RegExp(second.reference));
  assert.notEqual(linkOf(forward2.text, "extend").token.slice(0, 8), handled.token.slice(0, 8), "new links carry the new key's id");
  await portal.stop({ keep: true });

  // The old link key no longer listed: its links stop working.
  portal = await startPortal({ port, persist, outbox, vars: { LINK_KEY: newLink, SIGNING_KEY: newSeed } });
  const extend = linkOf(forward.text, "extend");
  const refused = await fetch(extend.url);
  assert.equal(refused.status, 403, "a link of a key no longer listed is refused");
  const fresh = linkOf(forward2.text, "extend");
  assert.equal((await fetch(fresh.url)).status, 200, "the new key's links work");
});
