// scripts/deploy.mjs (make deploy) on the repository's wrangler.toml and on
// filled-in copies of it, without Cloudflare: no portal, no browser, no
// network. The Worker's secret names come from a file (--secret-list, the
// JSON `wrangler secret list` prints), and where the script would run
// wrangler, DEPLOY_WRANGLER points it at a stand-in that records what it
// was asked and answers like wrangler.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const script = join(root, "scripts/deploy.mjs");
const dir = mkdtempSync(join(tmpdir(), "portal-deploy-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const original = readFileSync(join(root, "wrangler.toml"), "utf8");
const PLACEHOLDER = "00000000-0000-0000-0000-000000000000";
const DB_ID = "6f1c2a4e-9b7d-4e21-a3c5-0d8e7f6a5b4c";
// The Worker's own secrets; export tokens are records in D1 (keyed with
// TOKEN_KEY), not a secret per company.
const allSecrets = ["SIGNING_KEY", "LINK_KEY", "TOKEN_KEY"];

// production edits only the [env.production] part of wrangler.toml: the
// top level (local development) stays as it is.
function production(edit) {
  const at = original.search(/^\[env\.production\]$/m);
  assert.ok(at > 0, "wrangler.toml has [env.production]");
  return original.slice(0, at) + edit(original.slice(at));
}

// ready is the production configuration with real-looking values in place
// of every placeholder.
const ready = (more = (s) => s) =>
  production((s) =>
    more(s.replaceAll("personvern@personvern.example.com", "personvern@bilverksted.no").replaceAll("personvern.example.com", "personvern.bilverksted.no").replace(PLACEHOLDER, DB_ID)),
  );

let n = 0;
function write(name, text) {
  const path = join(dir, `${++n}-${name}`);
  writeFileSync(path, text);
  return path;
}
// A copy lives outside the checkout, so its static site is named by its
// full path (the built one, unless assets says otherwise).
const config = (text, assets = join(root, "site/public")) => write("wrangler.toml", text.replace('directory = "site/public"', `directory = "${assets}"`));

// The operator's file (site/operator/operator.json), which the privacy
// notice is built from, filled in; more changes it.
const originalOperator = JSON.parse(readFileSync(join(root, "site/operator/operator.json"), "utf8"));
const filledOperator = {
  ...originalOperator,
  name: "Bilverksted Drift AS",
  org_number: "985758220",
  address: { lines: ["Verkstedveien 1"], postal_code: "0150", city: "Oslo", country: "NO" },
  email: "personvern@bilverksted.no",
};
const operatorFile = (more = {}) => write("operator.json", JSON.stringify({ ...filledOperator, ...more }, null, 2));
const secretList = (names) => write("secrets.json", JSON.stringify(names.map((name) => ({ name, type: "secret_text" })), null, 2));

// deploy runs the script; a run on a filled-in copy of wrangler.toml
// (--config) gets a filled-in operator's file too, unless it names one.
function deploy(args, env = {}) {
  if (args.includes("--config") && !args.includes("--operator")) args = [...args, "--operator", operatorFile()];
  const res = spawnSync(process.execPath, [script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 120_000,
  });
  return { status: res.status, out: res.stdout, err: res.stderr, all: res.stdout + res.stderr };
}
const problems = (res) => res.err.split("\n").filter((l) => l.startsWith("  - "));

// fakeWrangler writes a stand-in for wrangler that appends each call (its
// arguments and what came on stdin) to a log as a JSON line, and answers
// `secret list` with the names given, `d1 create` as wrangler 4.86 does,
// and `d1 execute --json` with the rows of the token records imported
// (the ids of the query that are among them), or with wrangler's error
// when d1Fails.
function fakeWrangler({ secrets = [], imported = [], d1Fails = false } = {}) {
  const log = write("calls.jsonl", "");
  const path = write("wrangler", `#!${process.execPath}
const fs = require("node:fs");
const args = process.argv.slice(2);
let stdin = "";
try { stdin = fs.readFileSync(0, "utf8"); } catch {}
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ args, stdin }) + "\\n");
if (args[0] === "secret" && args[1] === "list") console.log(${JSON.stringify(JSON.stringify(secrets.map((name) => ({ name, type: "secret_text" }))))});
if (args[0] === "d1" && args[1] === "execute") {
  if (${JSON.stringify(d1Fails)}) { console.log(JSON.stringify({ error: { text: "Authentication error [code: 10000]" } })); process.exit(1); }
  const sql = args[args.indexOf("--command") + 1];
  const rows = ${JSON.stringify(imported)}.filter((id) => sql.includes("'" + id + "'")).map((id) => ({ id }));
  console.log(JSON.stringify([{ results: rows, success: true, meta: {} }], null, 2));
}
if (args[0] === "d1" && args[1] === "create") console.log('✅ Successfully created DB \\'privacy-portal\\'\\n\\n[[d1_databases]]\\nbinding = "DB"\\ndatabase_name = "privacy-portal"\\ndatabase_id = "${DB_ID}"');
`);
  chmodSync(path, 0o755);
  return { path, calls: () => readFileSync(log, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)) };
}

test("the repository's wrangler.toml is refused, with each placeholder named and where to set it", () => {
  const res = deploy(["--check"]);
  assert.equal(res.status, 1, res.all);
  const listed = problems(res);
  const names = (re) => listed.some((l) => re.test(l));
  assert.ok(names(/database_id in \[\[env\.production\.d1_databases\]\] of wrangler\.toml is the placeholder 0{8}-/), res.err);
  assert.ok(names(/^  - PORTAL_ORIGIN = "https:\/\/personvern\.example\.com" is on a placeholder domain.*\[env\.production\.vars\]/), res.err);
  assert.ok(names(/^  - MAIL_FROM = "personvern@personvern\.example\.com" in \[env\.production\.vars\] .* placeholder domain/), res.err);
  assert.ok(names(/allowed_sender_addresses in \[\[env\.production\.send_email\]\]/), res.err);
  assert.ok(names(/the route "personvern\.example\.com"/), res.err);
  // The operator's file, which the privacy notice names: who runs the portal.
  assert.ok(names(/^  - name in site\/operator\/operator\.json is the placeholder "CHANGE/), res.err);
  assert.ok(names(/^  - org_number in site\/operator\/operator\.json is the placeholder 0+/), res.err);
  assert.ok(names(/^  - email = "personvern@personvern\.example\.com" in site\/operator\/operator\.json is on a placeholder domain/), res.err);
  assert.ok(listed.length >= 8, "every problem is listed at once");
  assert.match(res.err, /Nothing was changed on Cloudflare/);
  assert.match(res.err, /Secrets were not checked/);
  // The onboarding steps for mail come with the refusal.
  assert.match(res.err, /Onboard Domain/);
  assert.match(res.err, /_dmarc\./);
});

test("a filled-in copy with every secret passes", () => {
  const res = deploy(["--check", "--config", config(ready()), "--secret-list", secretList(allSecrets)]);
  assert.equal(res.status, 0, res.all);
  assert.match(res.out, /passes every check, and every secret is set/);
  assert.match(res.out, /cf-bounce\._domainkey\.bilverksted\.no/, "the DNS steps name the sending domain");
  assert.match(res.out, /Workers Paid plan/);
});

// The static site is checked against the limits of Workers static assets
// (scripts/deploy.mjs ASSET_LIMITS): the built one passes; a file over
// 25 MiB, or a _headers file of more than 100 rules or with a line of more
// than 2,000 characters, is refused by name.
test("the static site is checked against the limits of Workers static assets", () => {
  const good = deploy(["--check", "--config", config(ready()), "--secret-list", secretList(allSecrets)]);
  assert.equal(good.status, 0, good.all);
  assert.match(good.out, /the static site .*: [\d,]+ files, [\d.]+ MB, within the limits/);

  const site = mkdtempSync(join(dir, "site-"));
  writeFileSync(join(site, "index.html"), "<!doctype html>");
  const rules = Array.from({ length: 101 }, (_, i) => `/page-${i}\n  X-Robots-Tag: noindex`).join("\n");
  writeFileSync(join(site, "_headers"), `${rules}\n/long\n  X-Long: ${"x".repeat(2001)}\n`);
  const big = join(site, "big.bin");
  writeFileSync(big, "");
  truncateSync(big, 25 * 2 ** 20 + 1);
  const bad = deploy(["--check", "--config", config(ready(), site), "--secret-list", secretList(allSecrets)]);
  assert.equal(bad.status, 1, bad.all);
  assert.match(bad.err, /big\.bin is 25\.0 MiB: Workers static assets take at most 25 MiB a file/);
  assert.match(bad.err, /_headers has 102 rules: Workers static assets take at most 100/);
  assert.match(bad.err, /line 204 of .*_headers has 2011 characters/);
});

test("without a secret list, --check passes the configuration and says the secrets were not checked", () => {
  const res = deploy(["--check", "--config", config(ready())]);
  assert.equal(res.status, 0, res.all);
  assert.match(res.out, /secrets not checked/);
});

test("--check never runs wrangler, so it never calls Cloudflare", () => {
  const fake = fakeWrangler();
  const res = deploy(["--check", "--config", config(ready())], { DEPLOY_WRANGLER: fake.path });
  assert.equal(res.status, 0, res.all);
  assert.deepEqual(fake.calls(), []);
  assert.equal(deploy(["--check", "--create-secrets"]).status, 2, "--check refuses a flag that would change something");
});

test("a missing secret is named, with how to set it", () => {
  const res = deploy(["--check", "--config", config(ready()), "--secret-list", secretList(["SIGNING_KEY"])]);
  assert.equal(res.status, 1, res.all);
  const listed = problems(res);
  assert.equal(listed.length, 2, res.err);
  assert.match(listed.join("\n"), /the secret LINK_KEY is not set: .*--create-secrets.*go run \.\/cmd\/devkey -link/);
  assert.match(listed.join("\n"), /the secret TOKEN_KEY is not set: .*--create-secrets.*go run \.\/cmd\/devkey -token/);
  assert.doesNotMatch(res.all, /EXPORT_TOKEN_/, "no company needs a secret of its own");
});

test("--check notes the export token secrets of the old kind, which the Worker imports once deployed", () => {
  const res = deploy(["--check", "--config", config(ready()), "--secret-list", secretList([...allSecrets, "EXPORT_TOKEN_WERKSTA", "EXPORT_TOKEN_CAR_ROOM"])]);
  assert.equal(res.status, 0, res.all);
  assert.match(res.out, /note: EXPORT_TOKEN_CAR_ROOM, EXPORT_TOKEN_WERKSTA are export tokens of the old kind: once deployed, the Worker makes each a token record \(legacy-\{slug\}\)/);
});

test("a loopback, http or IP PORTAL_ORIGIN is refused", () => {
  const secrets = secretList(allSecrets);
  for (const [origin, why] of [
    ["http://127.0.0.1:8787", /on loopback/],
    ["https://localhost", /on loopback/],
    ["http://personvern.bilverksted.no", /is not https/],
    ["https://personvern.bilverksted.no/portal", /more than an origin/],
    ["https://192.0.2.10", /an IP address/],
  ]) {
    const text = ready((s) => s.replace(/^PORTAL_ORIGIN = ".*"$/m, `PORTAL_ORIGIN = "${origin}"`));
    const res = deploy(["--check", "--config", config(text), "--secret-list", secrets]);
    assert.equal(res.status, 1, `${origin}: ${res.all}`);
    assert.ok(problems(res).some((l) => l.includes(`PORTAL_ORIGIN = "${origin}"`) && why.test(l)), `${origin}: ${res.err}`);
  }
  // The top level's own PORTAL_ORIGIN is untouched by these edits: it is local development.
  assert.match(ready(), /^PORTAL_ORIGIN = "http:\/\/127\.0\.0\.1:8787"$/m);
});

test("MAIL_FROM must be an allowed sender of the binding, and PORTAL_ORIGIN's host a route", () => {
  const text = ready((s) => s.replace(/^MAIL_FROM = ".*"$/m, 'MAIL_FROM = "post@bilverksted.no"').replace(/pattern = ".*?"/, 'pattern = "portal.bilverksted.no"'));
  const res = deploy(["--check", "--config", config(text), "--secret-list", secretList(allSecrets)]);
  assert.equal(res.status, 1, res.all);
  const listed = problems(res).join("\n");
  assert.match(listed, /MAIL_FROM = "post@bilverksted\.no" is not in allowed_sender_addresses/);
  assert.match(listed, /no route serves PORTAL_ORIGIN's host personvern\.bilverksted\.no/);
});

test("a transport's missing var and secret are named", () => {
  const mailgun = ready((s) => s.replace('MAIL_TRANSPORT = "binding"', 'MAIL_TRANSPORT = "mailgun"'));
  let res = deploy(["--check", "--config", config(mailgun), "--secret-list", secretList(allSecrets)]);
  assert.equal(res.status, 1, res.all);
  assert.match(problems(res).join("\n"), /MAIL_TRANSPORT = "mailgun" needs MAILGUN_DOMAIN in \[env\.production\.vars\]/);
  assert.match(problems(res).join("\n"), /the secret MAILGUN_API_KEY is not set/);
  assert.match(problems(res).join("\n"), /the secret MAILGUN_WEBHOOK_KEY is not set/);

  const filled = mailgun.replace('# MAILGUN_DOMAIN = ""', 'MAILGUN_DOMAIN = "mg.bilverksted.no"');
  res = deploy(["--check", "--config", config(filled), "--secret-list", secretList([...allSecrets, "MAILGUN_API_KEY"]), "--operator", operatorFile({ mail_service: "mailgun" })]);
  assert.equal(res.status, 1, "the webhook key is required with Mailgun");
  assert.match(problems(res).join("\n"), /the secret MAILGUN_WEBHOOK_KEY is not set/);
  const mailgunSecrets = secretList([...allSecrets, "MAILGUN_API_KEY", "MAILGUN_WEBHOOK_KEY"]);
  res = deploy(["--check", "--config", config(filled), "--secret-list", mailgunSecrets]);
  assert.equal(res.status, 1, "the privacy notice still names Cloudflare as the mail service");
  assert.deepEqual(problems(res), [
    `  - mail_service = "cloudflare" in ${res.err.match(/in (\S+operator\.json)/)[1]}, but MAIL_TRANSPORT = "mailgun" sends through mailgun: the privacy notice names the mail service as a recipient; set mail_service = "mailgun".`,
  ]);
  res = deploy(["--check", "--config", config(filled), "--secret-list", mailgunSecrets, "--operator", operatorFile({ mail_service: "mailgun" })]);
  assert.equal(res.status, 0, res.all);
  // Only with Mailgun: the default transport needs no webhook key.
  res = deploy(["--check", "--config", config(ready((s) => s)), "--secret-list", secretList(allSecrets)]);
  assert.doesNotMatch(res.all, /MAILGUN_WEBHOOK_KEY/);

  const cloudflare = ready((s) => s.replace('MAIL_TRANSPORT = "binding"', 'MAIL_TRANSPORT = "cloudflare"'));
  res = deploy(["--check", "--config", config(cloudflare), "--secret-list", secretList(allSecrets)]);
  assert.equal(res.status, 1, res.all);
  assert.match(problems(res).join("\n"), /MAIL_TRANSPORT = "cloudflare" needs CF_ACCOUNT_ID/);
  assert.match(problems(res).join("\n"), /the secret CF_EMAIL_API_TOKEN is not set/);

  const unknown = ready((s) => s.replace('MAIL_TRANSPORT = "binding"', 'MAIL_TRANSPORT = "smtp"'));
  res = deploy(["--check", "--config", config(unknown), "--secret-list", secretList(allSecrets)]);
  assert.match(problems(res).join("\n"), /MAIL_TRANSPORT = "smtp" .* is not a transport/);
});

test("vars are not inherited: a production section without the limits is refused", () => {
  const text = ready((s) => s.replace(/^REQUEST_LIMIT = .*\n/m, ""));
  const res = deploy(["--check", "--config", config(text), "--secret-list", secretList(allSecrets)]);
  assert.equal(res.status, 1, res.all);
  assert.match(problems(res).join("\n"), /REQUEST_LIMIT is not set in \[env\.production\.vars\]/);
});

test("what the privacy notice says of the deployment holds: the retention is the operator's file's, and the log keeps no addresses", () => {
  const secrets = secretList(allSecrets);
  const withKeep = (days) => ready((s) => s.replace(/^RETIRED_SIGNING_KEYS = .*$/m, (l) => `${l}\nKEEP_DAYS = "${days}"`));
  // An old KEEP_DAYS that agrees is only noted; one that differs is refused.
  let res = deploy(["--check", "--config", config(withKeep(filledOperator.keep_days)), "--secret-list", secrets]);
  assert.equal(res.status, 0, res.all);
  assert.match(res.out, /note: KEEP_DAYS in \[env\.production\.vars\] .* is no longer read/);
  res = deploy(["--check", "--config", config(withKeep(filledOperator.keep_days + 30)), "--secret-list", secrets]);
  assert.equal(res.status, 1, res.all);
  assert.match(problems(res).join("\n"), new RegExp(`KEEP_DAYS = "${filledOperator.keep_days + 30}" .* differs from keep_days = ${filledOperator.keep_days}`));
  // Cloudflare's invocation logs would keep every request's address.
  const logged = ready((s) => s.replace(/^invocation_logs = false$/m, "invocation_logs = true"));
  assert.notEqual(logged, ready(), "the production section turns invocation logs off");
  res = deploy(["--check", "--config", config(logged), "--secret-list", secrets]);
  assert.equal(res.status, 1, res.all);
  assert.match(problems(res).join("\n"), /invocation logs are on in \[env\.production\.observability\]/);
  res = deploy(["--check", "--config", config(ready((s) => s.replace(/^\[env\.production\.observability\.logs\]\ninvocation_logs = false\n/m, ""))), "--secret-list", secrets]);
  assert.match(problems(res).join("\n"), /invocation logs are on/, "left out, they are on: Cloudflare's default");
});

test("a deployment sets the missing secrets over stdin, prints TOKEN_KEY once, migrates, deploys, and says which old token secrets may go", () => {
  const fake = fakeWrangler({ secrets: ["SIGNING_KEY", "LINK_KEY", "EXPORT_TOKEN_WERKSTA", "EXPORT_TOKEN_CAR_ROOM"], imported: ["legacy-werksta"] });
  const file = config(ready());
  const res = deploy(["--config", file, "--create-secrets", "--no-build"], { DEPLOY_WRANGLER: fake.path });
  assert.equal(res.status, 0, res.all);
  const calls = fake.calls();
  const shown = (c) => c.args.filter((a) => a !== file).join(" ");
  assert.deepEqual(calls.map(shown), [
    "secret list --format json --env production -c",
    "secret put TOKEN_KEY --env production -c",
    "d1 migrations apply DB --remote --env production -c",
    "deploy --env production -c",
    "d1 execute DB --remote --env production -c --json --command SELECT id FROM export_tokens WHERE id IN ('legacy-car-room', 'legacy-werksta')",
  ]);
  const put = calls.find((c) => c.args[1] === "put");
  assert.match(put.stdin, /^[A-Za-z0-9_-]{43}$/, "32 random bytes, base64url, on stdin");
  assert.equal(res.out.split(put.stdin).length - 1, 1, "TOKEN_KEY is printed exactly once");
  for (const c of calls.filter((c) => c.args[1] !== "put")) assert.equal(c.stdin, "", "nothing else gets stdin");
  assert.match(res.out, /TOKEN_KEY, shown this once/);
  assert.match(res.out, /Keep it in a password\nmanager; make token needs it/);
  assert.match(res.out, /TOKEN_KEY=<the key> make token ARGS='issue --remote --env production/);
  // The old secrets: the imported one may go, the other must stay until it is.
  assert.match(res.out, /EXPORT_TOKEN_WERKSTA: imported as legacy-werksta; the secret may be deleted:\n\s+npx wrangler secret delete EXPORT_TOKEN_WERKSTA --env production/);
  assert.match(res.out, /EXPORT_TOKEN_CAR_ROOM: not imported yet\. The Worker imports it at its first request or Cron run:\n\s+open https:\/\/personvern\.bilverksted\.no\/api\/health, then run make deploy ARGS=--legacy-tokens/);
  assert.match(res.out, /Do not delete the secret before/);
  assert.doesNotMatch(res.out, /secret delete EXPORT_TOKEN_CAR_ROOM/);
  assert.ok(res.out.indexOf("deployed privacy-portal") < res.out.indexOf("EXPORT_TOKEN_WERKSTA: imported"), "after deploying");
});

test("--legacy-tokens only reads the secret list and the token records", () => {
  const file = config(ready());
  let fake = fakeWrangler({ secrets: [...allSecrets, "EXPORT_TOKEN_CAR_ROOM", "EXPORT_TOKEN_"], imported: ["legacy-car-room"] });
  let res = deploy(["--config", file, "--legacy-tokens"], { DEPLOY_WRANGLER: fake.path });
  assert.equal(res.status, 0, res.all);
  assert.deepEqual(fake.calls().map((c) => c.args.slice(0, 2).join(" ")), ["secret list", "d1 execute"]);
  assert.match(res.out, /EXPORT_TOKEN_CAR_ROOM: imported as legacy-car-room; the secret may be deleted:\n\s+npx wrangler secret delete EXPORT_TOKEN_CAR_ROOM --env production/);
  assert.doesNotMatch(res.out, /EXPORT_TOKEN_:/, "a name that is no company's is not a token of the old kind");

  fake = fakeWrangler({ secrets: allSecrets });
  res = deploy(["--config", file, "--legacy-tokens"], { DEPLOY_WRANGLER: fake.path });
  assert.equal(res.status, 0, res.all);
  assert.deepEqual(fake.calls().map((c) => c.args.slice(0, 2).join(" ")), ["secret list"]);
  assert.match(res.out, /no export token secrets of the old kind/);

  // D1 that cannot be read: nothing is said to be deletable.
  fake = fakeWrangler({ secrets: [...allSecrets, "EXPORT_TOKEN_CAR_ROOM"], imported: ["legacy-car-room"], d1Fails: true });
  res = deploy(["--config", file, "--legacy-tokens"], { DEPLOY_WRANGLER: fake.path });
  assert.equal(res.status, 0, res.all);
  assert.match(res.out, /could not read the token records .*Authentication error/);
  assert.match(res.out, /Keep the secrets until then/);
  assert.doesNotMatch(res.out, /secret delete/);

  assert.equal(deploy(["--legacy-tokens", "--check"]).status, 2, "--legacy-tokens takes no flag that checks or changes");
});

test("a deployment with a missing secret and no --create-secrets changes nothing", () => {
  const fake = fakeWrangler({ secrets: ["SIGNING_KEY"] });
  const res = deploy(["--config", config(ready()), "--no-build"], { DEPLOY_WRANGLER: fake.path });
  assert.equal(res.status, 1, res.all);
  assert.deepEqual(fake.calls().map((c) => c.args.slice(0, 2).join(" ")), ["secret list"]);
  assert.match(problems(res).join("\n"), /the secret LINK_KEY is not set/);
});

test("--create-db creates the database in the EU and, with --write-db-id, writes its id into [env.production] only", () => {
  const fake = fakeWrangler();
  const file = config(production((s) => s.replaceAll("personvern.example.com", "personvern.bilverksted.no")));
  let res = deploy(["--config", file, "--create-db"], { DEPLOY_WRANGLER: fake.path });
  assert.equal(res.status, 0, res.all);
  assert.deepEqual(fake.calls()[0].args.slice(0, 5), ["d1", "create", "privacy-portal", "--jurisdiction", "eu"]);
  assert.match(res.out, new RegExp(`database_id = "${DB_ID}"`));
  assert.equal(readFileSync(file, "utf8").split(PLACEHOLDER).length - 1, 2, "without --write-db-id the file is untouched");

  res = deploy(["--config", file, "--create-db", "--write-db-id", "--secret-list", secretList(allSecrets), "--no-build"], { DEPLOY_WRANGLER: fake.path });
  assert.equal(res.status, 0, res.all);
  const text = readFileSync(file, "utf8");
  assert.equal(text.split(PLACEHOLDER).length - 1, 1, "the top level keeps its placeholder");
  assert.ok(text.indexOf(DB_ID) > text.search(/^\[env\.production\]$/m), "the id went into [env.production]");
  assert.ok(existsSync(file));
});
