// Export tokens as an operator and a marketer meet them, against the
// Worker in workerd: issued with the operator's command (cmd/token, as
// `make token` runs it) on the portal's own database, used for a CSV and a
// JSON export, listed with their last use; expired and revoked, which the
// very next request feels; another company's token and a token without
// the export's scope refused with 403; and a token of the old kind, the
// Worker variable EXPORT_TOKEN_WERKSTA, imported at the Worker's first
// event and working as its record until that is revoked.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startPortal, token, issueToken, d1 } from "./harness.mjs";

const LEGACY = "an-old-secret-of-werksta-0123456789";
const vars = { EXPORT_TOKEN_WERKSTA: LEGACY };
let portal, first;

before(async () => {
  first = portal = await startPortal({ port: 8803, vars });
});

after(async () => {
  await portal?.stop();
  if (first !== portal) await first?.stop(); // removes the folders the restart shared
});

// get asks for a company's export with a bearer token (none if
// undefined) and returns the status, the problem's code and the answer.
async function get(slug, path, bearer) {
  const res = await fetch(`${portal.base}/api/${slug}/exports/${path}`, { headers: bearer === undefined ? {} : { Authorization: `Bearer ${bearer}` } });
  const body = Buffer.from(await res.arrayBuffer());
  let code = "";
  if (res.status !== 200) code = JSON.parse(body.toString("utf8")).error.code;
  return { status: res.status, code, type: res.headers.get("content-type"), body };
}
const statusOf = async (slug, path, bearer) => {
  const r = await get(slug, path, bearer);
  return `${r.status}${r.code ? " " + r.code : ""}`;
};

const listed = async (args = []) => JSON.parse(await token(portal, ["list", "--json", ...args]));

test("a token issued with the command opens its company's exports, is shown once, and the list shows its last use", async () => {
  const name = `Kari O'Neil «Markedsføring»; DROP TABLE export_tokens; -- BEGIN TRANSACTION; 🚗`;
  const { token: text, id, out } = await issueToken(portal, "werksta", ["marketing", "summary"], { name, expires: "90d" });
  assert.equal(out.split(text).length - 1, 1, "the token is printed once");
  assert.match(out, /the only time the token is shown/);

  const csv = await get("werksta", "marketing?format=csv", text);
  assert.equal(csv.status, 200);
  assert.equal(csv.type, "text/csv; charset=utf-8");
  assert.deepEqual([...csv.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.match(csv.body.subarray(3).toString("utf8"), /^consent_id;email;phone;/);
  const summary = await get("werksta", "summary", text);
  assert.equal(summary.status, 200);
  assert.equal(JSON.parse(summary.body.toString("utf8")).controller, "werksta");

  const [record] = (await listed(["--company", "werksta"])).filter((t) => t.id === id);
  assert.equal(record.name, name, "the name as given, quotes, SQL and all");
  assert.deepEqual(record.scopes, ["marketing", "summary"]);
  assert.ok(record.last_used_at, "last used is recorded");
  assert.ok(Date.now() - Date.parse(record.last_used_at) < 120_000, `last used ${record.last_used_at}`);
  assert.ok(record.expires_at && record.revoked_at === null);
  assert.deepEqual(Object.keys(record).sort(), ["company", "created_at", "expires_at", "id", "last_used_at", "name", "revoked_at", "scopes"], "no hash");
  const table = await token(portal, ["list"]);
  assert.match(table, /LAST USED/);
  assert.ok(table.includes(id) && table.includes(name));
  assert.ok(!table.includes(text.slice(22)), "the list never shows a secret");

  // The export log names the token, by its id; the Worker's log too, and
  // never the secret.
  const [log] = await d1(portal, `SELECT token_id, kind FROM export_log WHERE token_id = '${id}' LIMIT 1`);
  assert.deepEqual(log, { token_id: id, kind: "marketing-current" });
  assert.match(portal.log(), new RegExp(`"token":"${id}"`));
  assert.ok(!portal.log().includes(text.slice(22)), "no secret in the Worker's log");
});

test("an expiry and a revocation hold from the very next request", async () => {
  const a = await issueToken(portal, "werksta", ["cookies"]);
  assert.equal(await statusOf("werksta", "cookies?format=jsonl", a.token), "200");
  assert.match(await token(portal, ["expire", a.id]), /has expired/);
  assert.equal(await statusOf("werksta", "cookies?format=jsonl", a.token), "401 unauthorized");
  // The expiry is the record's, read on every request: moved on, it works again.
  assert.match(await token(portal, ["expire", a.id, "--at", "30d"]), /now expires at/);
  assert.equal(await statusOf("werksta", "cookies?format=jsonl", a.token), "200");
  // A token cannot be issued already expired.
  await assert.rejects(issueToken(portal, "werksta", ["cookies"], { expires: "2020-01-01" }), (err) => err.code === 2 && /is past/.test(err.stderr));

  const b = await issueToken(portal, "werksta", ["suppression"]);
  assert.equal(await statusOf("werksta", "suppression", b.token), "200");
  assert.match(await token(portal, ["revoke", b.id]), new RegExp(`Revoked export token ${b.id}`));
  assert.equal(await statusOf("werksta", "suppression", b.token), "401 unauthorized");
  assert.match(await token(portal, ["revoke", b.id]), /revoked already/);
  const [record] = (await listed()).filter((t) => t.id === b.id);
  assert.ok(record.revoked_at, "the list shows the revocation");
});

test("a token opens its own company's exports of its scopes only: 403 for the others, 401 for what is no token", async () => {
  const westrum = await issueToken(portal, "westrum");
  const summaryOnly = await issueToken(portal, "werksta", ["summary"]);
  const lists = await issueToken(portal, "werksta", ["marketing", "suppression"]);
  const paths = ["marketing", "marketing?view=events&format=jsonl", "suppression", "cookies", "summary"];
  const got = {};
  for (const [who, bearer] of Object.entries({
    westrum: westrum.token,
    summaryOnly: summaryOnly.token,
    lists: lists.token,
    none: undefined,
    empty: "",
    unknown: `ppx_0123456789abcdef_${lists.token.slice(22)}`,
    malformed: lists.token.slice(0, -1),
  })) {
    got[who] = [];
    for (const path of paths) got[who].push(await statusOf("werksta", path, bearer));
  }
  const no = "401 unauthorized";
  assert.deepEqual(got, {
    westrum: Array(5).fill("403 forbidden"),
    summaryOnly: ["403 forbidden", "403 forbidden", "403 forbidden", "403 forbidden", "200"],
    lists: ["200", "200", "200", "403 forbidden", "403 forbidden"],
    none: Array(5).fill(no),
    empty: Array(5).fill(no),
    unknown: Array(5).fill(no),
    malformed: Array(5).fill(no),
  });
  assert.equal(await statusOf("westrum", "summary", westrum.token), "200");
});

test("the command refuses an unknown company and a name on two lines, and issues nothing", async () => {
  const before = (await listed()).length;
  await assert.rejects(issueToken(portal, "no-such-company"), (err) => err.code === 2 && /unknown company "no-such-company": site\/controllers has no no-such-company\.json/.test(err.stderr));
  await assert.rejects(issueToken(portal, "werksta", ["summary"], { name: "Kari\nOla" }), (err) => err.code === 2 && /control character U\+000A/.test(err.stderr));
  assert.equal((await listed()).length, before);
});

test("the old secret EXPORT_TOKEN_WERKSTA is a token record from the Worker's first event, works as one, and stops when it is revoked", async () => {
  const [record] = (await listed(["--company", "werksta"])).filter((t) => t.id === "legacy-werksta");
  assert.ok(record, "imported");
  assert.equal(record.name, "EXPORT_TOKEN_WERKSTA (imported)");
  assert.deepEqual(record.scopes, ["marketing", "suppression", "cookies", "summary"]);
  assert.match(portal.log(), /an old secret is now a token record.*"token":"legacy-werksta"/);
  assert.ok(!portal.log().includes(LEGACY), "the secret is not logged");

  assert.equal(await statusOf("werksta", "marketing?format=jsonl", LEGACY), "200");
  assert.equal(await statusOf("werksta", "summary", LEGACY), "200");
  assert.equal(await statusOf("westrum", "summary", LEGACY), "403 forbidden");
  assert.ok((await listed()).find((t) => t.id === "legacy-werksta").last_used_at);

  const out = await token(portal, ["revoke", "legacy-werksta"]);
  assert.match(out, /npx wrangler secret delete EXPORT_TOKEN_WERKSTA --env production/);
  assert.equal(await statusOf("werksta", "summary", LEGACY), "401 unauthorized");

  // A Worker started again with the secret still set imports nothing over
  // the revoked record: it stays revoked.
  await portal.stop({ keep: true });
  portal = await startPortal({ port: 8803, vars, persist: portal.persist, outbox: portal.outbox });
  assert.equal(await statusOf("werksta", "summary", LEGACY), "401 unauthorized");
  assert.ok((await listed()).find((t) => t.id === "legacy-werksta").revoked_at);
});
