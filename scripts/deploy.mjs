// Deploys the portal to Cloudflare: `make deploy` runs it. It checks the
// production configuration ([env.production] of wrangler.toml) and the
// Worker's secrets first, lists every problem at once and changes nothing
// while there is one; then it sets the secrets it was asked to make,
// applies the D1 migrations remotely, builds and deploys.
//
//   node scripts/deploy.mjs                   check, then migrate, build, deploy
//   node scripts/deploy.mjs --check           check only; never calls Cloudflare
//   node scripts/deploy.mjs --create-db       first create D1 (EU jurisdiction)
//   node scripts/deploy.mjs --create-secrets  make and set missing keys
//   node scripts/deploy.mjs --legacy-tokens   which old export token secrets may go
//
// Flags (make deploy ARGS='...'):
//   --check            check the configuration and, with --secret-list, the
//                      secrets; calls neither wrangler nor Cloudflare
//   --env NAME         the wrangler environment (default production)
//   --config FILE      the wrangler configuration (default wrangler.toml)
//   --create-db        run `wrangler d1 create <database_name> --jurisdiction eu`
//                      and print the id to put into wrangler.toml
//   --write-db-id      with --create-db: write that id into wrangler.toml
//                      (replaces the placeholder in [[env.NAME.d1_databases]])
//   --create-secrets   generate the missing SIGNING_KEY, LINK_KEY and
//                      TOKEN_KEY and set each with `wrangler secret put NAME
//                      --env NAME` (the value on its stdin); TOKEN_KEY, the
//                      key of the export tokens' hashes, is printed once, for
//                      the operator to keep: `make token` needs it
//   --legacy-tokens    only say, for each export token still kept as a Worker
//                      secret of the old kind (EXPORT_TOKEN_{SLUG}), whether
//                      the Worker has made it a token record, so that the
//                      secret may be deleted; changes nothing (make deploy
//                      says so too, after deploying)
//   --secret-list FILE take the Worker's secret names from FILE (the JSON of
//                      `wrangler secret list --env production`) instead of
//                      asking Cloudflare; for --check and the tests
//   --no-build         skip `make build` (the build is already fresh)
//   --operator FILE    the portal operator's file, which the portal's privacy
//                      notice is built from (default site/operator/operator.json)
//
// The configuration is read with wrangler's own reader (unstable_readConfig
// of the pinned wrangler 4.86), so the values checked are the ones `wrangler
// deploy --env production` uses, inheritance and all, without a TOML parser
// of our own; it reads the file and contacts nobody. DEPLOY_WRANGLER, a
// command to run in place of node_modules' wrangler, is for the tests.
//
// It never reads its stdin and never asks: wrangler runs with its stdin
// closed (non-interactive, so its own "Ok to proceed?" takes the default),
// except `secret put`, whose stdin is the secret. Exit status: 0 done (or
// the check passed), 1 a problem (all are listed), 2 a usage error.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { wranglerBin, wranglerEnv } from "./wrangler.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

// The settings the Worker reads (functions/worker), which wrangler does not
// inherit into an environment, so each must be in [env.NAME.vars].
const REQUIRED_VARS = ["PORTAL_ORIGIN", "MAIL_FROM", "REQUEST_LIMIT", "RECIPIENT_LIMIT", "MAIL_RETRY_SECONDS"];
const PLACEHOLDER_ID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@<>"(),;:]+@([^\s@<>"(),;:[\]]+\.[^\s@<>"(),;:[\]]+)$/;
const DEFAULT_MAILGUN_API_BASE = "https://api.eu.mailgun.net";

// Cloudflare's documentation behind the printed steps and the README.
const DOCS = {
  domains: "https://developers.cloudflare.com/email-service/configuration/domains/",
  auth: "https://developers.cloudflare.com/email-service/concepts/email-authentication/",
  limits: "https://developers.cloudflare.com/email-service/platform/limits/",
  bindings: "https://developers.cloudflare.com/email-service/configuration/send-bindings/",
  d1location: "https://developers.cloudflare.com/d1/configuration/data-location/",
  timeTravel: "https://developers.cloudflare.com/d1/reference/time-travel/",
};

class UsageError extends Error {}

// The environment every child gets (go and make run wrangler too): the
// one that keeps wrangler from phoning home.
const childEnv = wranglerEnv();

function options(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      options: {
        check: { type: "boolean", default: false },
        env: { type: "string", default: "production" },
        config: { type: "string", default: join(root, "wrangler.toml") },
        "create-db": { type: "boolean", default: false },
        "write-db-id": { type: "boolean", default: false },
        "create-secrets": { type: "boolean", default: false },
        "legacy-tokens": { type: "boolean", default: false },
        "secret-list": { type: "string" },
        "no-build": { type: "boolean", default: false },
        operator: { type: "string", default: join(root, "site/operator/operator.json") },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (err) {
    throw new UsageError(err.message);
  }
  if (!parsed.env) throw new UsageError("--env needs a name: the top level of wrangler.toml is local development, not for Cloudflare");
  if (parsed.check && (parsed["create-db"] || parsed["create-secrets"] || parsed["write-db-id"])) {
    throw new UsageError("--check changes nothing; drop --create-db, --write-db-id and --create-secrets, or drop --check");
  }
  if (parsed["write-db-id"] && !parsed["create-db"]) throw new UsageError("--write-db-id goes with --create-db");
  if (parsed["legacy-tokens"] && (parsed.check || parsed["create-db"] || parsed["create-secrets"] || parsed["secret-list"] || parsed["no-build"]))
    throw new UsageError("--legacy-tokens only reads the secret list and D1; it takes no other flag but --env and --config");
  return { ...parsed, config: resolve(parsed.config), operator: resolve(parsed.operator) };
}

function usage() {
  const text = readFileSync(fileURLToPath(import.meta.url), "utf8");
  const lines = text.split("\n");
  return lines
    .slice(0, lines.findIndex((l) => !l.startsWith("//")))
    .map((l) => l.replace(/^\/\/ ?/, ""))
    .join("\n");
}

// --- Reading the configuration -------------------------------------------

// loadConfig returns the resolved configuration of the environment, as
// wrangler deploy would use it. An environment missing from the file is an
// error here (wrangler would silently fall back to the top level).
function loadConfig(configPath, envName) {
  if (!existsSync(configPath)) throw new Error(`${configPath} does not exist`);
  const wrangler = require(join(root, "node_modules/wrangler"));
  const { rawConfig } = wrangler.experimental_readRawConfig({ config: configPath }, { hideWarnings: true });
  if (!rawConfig.env?.[envName]) {
    throw new Error(`${shown(configPath)} has no [env.${envName}]; the production settings live there (see README "Deploy to Cloudflare")`);
  }
  return wrangler.unstable_readConfig({ config: configPath, env: envName }, { hideWarnings: true });
}

// legacyTokenId is the id of the token record an export token secret of
// the old kind is imported as (functions/exports.LegacyToken):
// EXPORT_TOKEN_CAR_ROOM is legacy-car-room; undefined for a name that is not
// one.
export function legacyTokenId(name) {
  const m = /^EXPORT_TOKEN_([A-Z0-9]+(?:_[A-Z0-9]+)*)$/.exec(name);
  return m && m[1].length <= 40 ? "legacy-" + m[1].replaceAll("_", "-").toLowerCase() : undefined;
}

// --- Checking --------------------------------------------------------------

// The limits of Workers static assets that grow with the companies (each
// adds its pages and its document, never a secret or a byte of the
// Worker): files per version (100,000 on the Paid plan, 20,000 on Free),
// 25 MiB a file, and in _headers 100 rules of 2,000 characters a line.
// https://developers.cloudflare.com/workers/static-assets/#limits
// https://developers.cloudflare.com/workers/static-assets/headers/#custom-headers
export const ASSET_LIMITS = { files: 100_000, freeFiles: 20_000, fileBytes: 25 * 2 ** 20, headerRules: 100, headerLine: 2000 };

// checkAssets returns the problems of the built static site in dir against
// ASSET_LIMITS, and what it holds.
export function checkAssets(dir) {
  const problems = [];
  const notes = [];
  if (!existsSync(dir)) return { problems: [`the static site ${shown(dir)} is not built: run make build.`], notes, files: 0, bytes: 0 };
  let files = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        files++;
        const size = statSync(p).size;
        bytes += size;
        if (size > ASSET_LIMITS.fileBytes) problems.push(`${shown(p)} is ${(size / 2 ** 20).toFixed(1)} MiB: Workers static assets take at most 25 MiB a file.`);
      }
    }
  };
  walk(dir);
  if (files > ASSET_LIMITS.files) problems.push(`the static site has ${files.toLocaleString("en-US")} files: Workers static assets take at most ${ASSET_LIMITS.files.toLocaleString("en-US")} a version (Paid plan); fewer companies per deployment.`);
  else if (files > ASSET_LIMITS.freeFiles) notes.push(`the static site has ${files.toLocaleString("en-US")} files, more than the ${ASSET_LIMITS.freeFiles.toLocaleString("en-US")} of the Free plan: deploy on the Paid plan.`);
  const headersFile = join(dir, "_headers");
  if (existsSync(headersFile)) {
    const lines = readFileSync(headersFile, "utf8").split("\n");
    const rules = lines.filter((l) => l.startsWith("/") || l.startsWith("https://")).length;
    if (rules > ASSET_LIMITS.headerRules) problems.push(`${shown(headersFile)} has ${rules} rules: Workers static assets take at most ${ASSET_LIMITS.headerRules}.`);
    const long = lines.findIndex((l) => l.length > ASSET_LIMITS.headerLine);
    if (long >= 0) problems.push(`line ${long + 1} of ${shown(headersFile)} has ${lines[long].length} characters: Workers static assets take at most ${ASSET_LIMITS.headerLine}.`);
  }
  return { problems, notes, files, bytes };
}

// placeholderDomain says whether a host is one no company owns: the names
// RFC 2606 and RFC 6761 reserve (example.com/.net/.org, .example, .invalid,
// .test, .localhost), and .local and .internal, which never resolve publicly.
export function placeholderDomain(host) {
  const labels = host.toLowerCase().replace(/\.$/, "").split(".");
  const tld = labels.at(-1);
  if (["example", "invalid", "test", "localhost", "local", "internal"].includes(tld)) return true;
  return ["example.com", "example.net", "example.org"].includes(labels.slice(-2).join("."));
}

const ipLiteral = (host) => /^\[.*\]$/.test(host) || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
const loopback = (host) =>
  host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "0.0.0.0" || host === "[::1]" || host === "[::]";

// routeHost is the hostname of a route pattern ("host", "host/*",
// "https://host/path*", "*.host/*").
const routeHost = (pattern) => pattern.replace(/^https?:\/\//, "").split("/")[0].toLowerCase();
const routeMatches = (pattern, host) => {
  const h = routeHost(pattern);
  if (h === host) return true;
  if (h.startsWith("*.")) return host.endsWith(h.slice(1));
  if (h.startsWith("*")) return host.endsWith(h.slice(1));
  return false;
};

// checkConfig returns the problems of the resolved configuration (each says
// what to set and where), notes that do not stop a deployment, and the
// secrets the Worker needs, each with whether this script can make it.
export function checkConfig(config, { envName, file }) {
  const problems = [];
  const notes = [];
  const at = (section) => `[${section}] of ${file}`;
  const varsAt = at(`env.${envName}.vars`);
  const vars = config.vars ?? {};
  const str = (name) => (typeof vars[name] === "string" ? vars[name].trim() : vars[name] === undefined ? undefined : String(vars[name]));

  for (const name of REQUIRED_VARS) {
    if (!str(name)) problems.push(`${name} is not set in ${varsAt}: vars are not inherited from the top level; declare it there.`);
  }
  if (vars.CRASH_SWITCH !== undefined) problems.push(`CRASH_SWITCH is set in ${varsAt}: it is for tests only; remove it.`);

  // The portal's address.
  const origin = str("PORTAL_ORIGIN");
  let originHost;
  if (origin) {
    let url;
    try {
      url = new URL(origin);
    } catch {
      problems.push(`PORTAL_ORIGIN = "${origin}" in ${varsAt} is not a URL: set it to the portal's https address, e.g. "https://personvern.yourcompany.no".`);
    }
    if (url) {
      const fix = `set PORTAL_ORIGIN in ${varsAt} to the https address the portal answers on, e.g. "https://personvern.yourcompany.no", with no path`;
      if (url.protocol !== "https:") problems.push(`PORTAL_ORIGIN = "${origin}" is not https: ${fix}.`);
      else if (url.username || url.password || url.port || url.search || url.hash || (url.pathname !== "/" && url.pathname !== ""))
        problems.push(`PORTAL_ORIGIN = "${origin}" is more than an origin (a port, path, query or credentials): ${fix}.`);
      else if (origin.endsWith("/")) problems.push(`PORTAL_ORIGIN = "${origin}" ends with "/": ${fix}.`);
      const host = url.hostname.toLowerCase();
      if (loopback(host)) problems.push(`PORTAL_ORIGIN = "${origin}" is on loopback (this machine), so every link in every e-mail would point nowhere: ${fix}.`);
      else if (ipLiteral(host)) problems.push(`PORTAL_ORIGIN = "${origin}" is an IP address: ${fix}; a Custom Domain needs a hostname.`);
      else if (placeholderDomain(host)) problems.push(`PORTAL_ORIGIN = "${origin}" is on a placeholder domain (${host}): ${fix}.`);
      else originHost = host;
    }
  }

  // Where the Worker answers: a route for PORTAL_ORIGIN's host, or workers.dev.
  const routes = [...(config.routes ?? []), ...(config.route ? [config.route] : [])].map((r) => (typeof r === "string" ? { pattern: r } : r));
  const routesAt = `routes in ${at(`env.${envName}`)}`;
  for (const r of routes) {
    const host = routeHost(r.pattern);
    if (placeholderDomain(host.replace(/^\*\.?/, ""))) problems.push(`the route "${r.pattern}" (${routesAt}) is on a placeholder domain: set it to PORTAL_ORIGIN's host, in a zone of your Cloudflare account.`);
  }
  if (originHost) {
    if (routes.length > 0) {
      if (!routes.some((r) => routeMatches(r.pattern, originHost)))
        problems.push(`no route serves PORTAL_ORIGIN's host ${originHost}: set ${routesAt} to [{ pattern = "${originHost}", custom_domain = true }].`);
    } else if (config.workers_dev === false) {
      problems.push(`nothing serves the portal: ${at(`env.${envName}`)} has no routes and workers_dev = false; add routes = [{ pattern = "${originHost}", custom_domain = true }].`);
    } else if (!originHost.endsWith(".workers.dev")) {
      problems.push(`PORTAL_ORIGIN's host ${originHost} is served by no route: add routes = [{ pattern = "${originHost}", custom_domain = true }] to ${at(`env.${envName}`)}.`);
    }
  }

  // D1.
  const d1At = at(`[env.${envName}.d1_databases]`);
  const db = (config.d1_databases ?? []).find((d) => d.binding === "DB");
  if (!db) problems.push(`no D1 binding DB in ${d1At}: declare binding = "DB", database_name, database_id and migrations_dir = "functions/migrations" (bindings are not inherited).`);
  else {
    const id = db.database_id ?? "";
    if (!id || PLACEHOLDER_ID.test(id))
      problems.push(`database_id in ${d1At} is the placeholder ${id || "(none)"}: set it to the id of your database, from \`make deploy ARGS=--create-db\` (wrangler d1 create ${db.database_name || "privacy-portal"} --jurisdiction eu).`);
    else if (!UUID.test(id)) problems.push(`database_id = "${id}" in ${d1At} is not a D1 database id (a UUID).`);
    if (!db.migrations_dir) problems.push(`migrations_dir is not set in ${d1At}: set it to "functions/migrations".`);
  }

  // The Cron Trigger does the retries, reminders and erasure.
  if (!(config.triggers?.crons?.length > 0))
    problems.push(`no Cron Trigger in ${at(`env.${envName}.triggers`)}: set crons = ["*/10 * * * *"]; without it failed mail is never retried and personal data is never erased.`);
  if (!config.observability?.enabled)
    notes.push(`observability is off in ${at(`env.${envName}.observability`)}: the Worker's logs will not be kept (set enabled = true).`);

  // Mail.
  const from = str("MAIL_FROM");
  let fromDomain;
  if (from) {
    const m = EMAIL.exec(from);
    if (!m) problems.push(`MAIL_FROM = "${from}" in ${varsAt} is not an e-mail address: set it to the sender, e.g. "personvern@yourcompany.no".`);
    else if (placeholderDomain(m[1]))
      problems.push(`MAIL_FROM = "${from}" in ${varsAt} is on a placeholder domain (${m[1]}): set it to an address on your domain onboarded to Cloudflare Email Service, e.g. "personvern@yourcompany.no".`);
    else fromDomain = m[1].toLowerCase();
  }
  const transport = (str("MAIL_TRANSPORT") || "binding").toLowerCase();
  const secrets = [
    { name: "SIGNING_KEY", make: "signing" },
    { name: "LINK_KEY", make: "link" },
    // The key of every export token's hash (the tokens are records in D1;
    // make token issues them). It replaces the EXPORT_TOKEN_{SLUG} secrets.
    { name: "TOKEN_KEY", make: "token" },
  ];
  const mailAt = at(`[env.${envName}.send_email]`);
  const mail = (config.send_email ?? []).find((b) => b.name === "MAIL");
  if (transport === "binding" && !mail)
    problems.push(`no send_email binding MAIL in ${mailAt}: declare name = "MAIL" with allowed_sender_addresses = ["<MAIL_FROM>"] (bindings are not inherited).`);
  if (mail) {
    const allowed = mail.allowed_sender_addresses ?? [];
    if (allowed.length === 0)
      problems.push(`the send_email binding MAIL in ${mailAt} may send as anyone: set allowed_sender_addresses = ["${from || "<MAIL_FROM>"}"].`);
    for (const a of allowed) {
      const d = EMAIL.exec(a)?.[1];
      if (!d || placeholderDomain(d)) problems.push(`allowed_sender_addresses in ${mailAt} holds "${a}", a placeholder: set it to MAIL_FROM's address.`);
    }
    if (from && allowed.length > 0 && !allowed.some((a) => a.toLowerCase() === from.toLowerCase()))
      problems.push(`MAIL_FROM = "${from}" is not in allowed_sender_addresses (${allowed.join(", ")}) in ${mailAt}: the binding would refuse every message; list MAIL_FROM there.`);
  }
  switch (transport) {
    case "binding":
      break;
    case "cloudflare": {
      const account = str("CF_ACCOUNT_ID");
      if (!account) problems.push(`MAIL_TRANSPORT = "cloudflare" needs CF_ACCOUNT_ID in ${varsAt}: the account id (32 hex digits, on the dashboard's Workers overview).`);
      else if (!/^[0-9a-f]{32}$/i.test(account)) problems.push(`CF_ACCOUNT_ID = "${account}" in ${varsAt} is not an account id (32 hex digits).`);
      secrets.push({ name: "CF_EMAIL_API_TOKEN", make: null, why: "an API token that may send with Email Service" });
      break;
    }
    case "mailgun": {
      const domain = str("MAILGUN_DOMAIN");
      if (!domain) problems.push(`MAIL_TRANSPORT = "mailgun" needs MAILGUN_DOMAIN in ${varsAt}: your sending domain in Mailgun, e.g. "mg.yourcompany.no".`);
      else if (placeholderDomain(domain)) problems.push(`MAILGUN_DOMAIN = "${domain}" in ${varsAt} is a placeholder domain: set it to your sending domain in Mailgun.`);
      else if (fromDomain && fromDomain !== domain.toLowerCase() && !fromDomain.endsWith("." + domain.toLowerCase()) && !domain.toLowerCase().endsWith("." + fromDomain))
        notes.push(`MAIL_FROM's domain ${fromDomain} is not MAILGUN_DOMAIN ${domain}: DMARC alignment needs them related.`);
      const base = str("MAILGUN_API_BASE");
      if (base) {
        let ok = false;
        try {
          ok = new URL(base).protocol === "https:";
        } catch {
          // not a URL
        }
        if (!ok) problems.push(`MAILGUN_API_BASE = "${base}" in ${varsAt} is not an https URL: leave it out for ${DEFAULT_MAILGUN_API_BASE} (EU), or set https://api.mailgun.net (US).`);
      }
      secrets.push({ name: "MAILGUN_API_KEY", make: null, why: "the domain's Mailgun sending API key" });
      // Without it, a message Mailgun accepts and cannot deliver later
      // counts as delivered, and nobody hears (the Worker refuses to start).
      secrets.push({ name: "MAILGUN_WEBHOOK_KEY", make: null, why: "Mailgun's HTTP webhook signing key (Sending > Webhooks), which checks its reports of bounces and complaints" });
      break;
    }
    default:
      problems.push(`MAIL_TRANSPORT = "${str("MAIL_TRANSPORT")}" in ${varsAt} is not a transport: set "binding" (the default), "cloudflare" or "mailgun".`);
  }
  return { problems, notes, secrets, transport, fromDomain, db };
}

// The mail service each MAIL_TRANSPORT sends through, as the operator's
// file names it (company.MailService*): the binding and the REST API are
// both Cloudflare Email Service.
const MAIL_SERVICE = { binding: "cloudflare", cloudflare: "cloudflare", mailgun: "mailgun" };

// checkOperator returns the problems and notes of the portal operator's
// file (site/operator/operator.json, company.Operator), from which the
// portal's own privacy notice is built: the operator's identity must be
// filled in, and what the notice says of the deployment must be true of
// it: the mail service, the retention, and a log without addresses.
export function checkOperator(operator, config, { envName, file, configFile, transport }) {
  const problems = [];
  const notes = [];
  const fix = `fill it in: the portal's privacy notice names whoever runs the portal (GDPR art. 13(1)(a))`;
  const fields = [
    ["name", operator.name],
    ["org_number", operator.org_number],
    ...(operator.address?.lines ?? []).map((l, i) => [`address.lines[${i}]`, l]),
    ["address.postal_code", operator.address?.postal_code],
    ["address.city", operator.address?.city],
    ["email", operator.email],
  ];
  for (const [name, value] of fields) {
    const v = typeof value === "string" ? value.trim() : "";
    if (!v) problems.push(`${name} is not set in ${file}: ${fix}.`);
    else if (/CHANGE/.test(v)) problems.push(`${name} in ${file} is the placeholder "${v}": ${fix}.`);
  }
  if (/^0+$/.test(operator.org_number ?? "")) problems.push(`org_number in ${file} is the placeholder ${operator.org_number}: set the operator's organisation or CVR number.`);
  const email = EMAIL.exec(operator.email ?? "");
  if (operator.email && !email) problems.push(`email = "${operator.email}" in ${file} is not an e-mail address: set where people reach the operator.`);
  else if (email && placeholderDomain(email[1])) problems.push(`email = "${operator.email}" in ${file} is on a placeholder domain (${email[1]}): set where people reach the operator.`);
  const service = MAIL_SERVICE[transport];
  if (service && operator.mail_service !== service)
    problems.push(`mail_service = "${operator.mail_service}" in ${file}, but MAIL_TRANSPORT = "${transport}" sends through ${service}: the privacy notice names the mail service as a recipient; set mail_service = "${service}".`);
  const varsAt = `[env.${envName}.vars] of ${configFile}`;
  const keep = config.vars?.KEEP_DAYS;
  if (keep !== undefined && String(keep).trim() !== "") {
    if (String(keep).trim() !== String(operator.keep_days))
      problems.push(`KEEP_DAYS = "${keep}" in ${varsAt} differs from keep_days = ${operator.keep_days} in ${file}: the Worker refuses to start so. KEEP_DAYS is no longer read; remove it, and set keep_days in ${file}, which the privacy notice states.`);
    else notes.push(`KEEP_DAYS in ${varsAt} is no longer read (keep_days in ${file} is): remove it.`);
  }
  if (config.observability?.enabled && config.observability?.logs?.invocation_logs !== false)
    problems.push(`invocation logs are on in [env.${envName}.observability] of ${configFile}: Cloudflare would log every request's address (the tokens in e-mail links) and details, which the privacy notice says the log never holds; add [env.${envName}.observability.logs] with invocation_logs = false.`);
  return { problems, notes };
}

// secretNames reads the names out of `wrangler secret list`'s JSON (an array
// of {name, type}); a plain array of names will do as well.
export function secretNames(json) {
  const list = JSON.parse(json);
  if (!Array.isArray(list)) throw new Error("not a JSON array");
  return new Set(list.map((s) => (typeof s === "string" ? s : s?.name)).filter(Boolean));
}

// --- Running wrangler, go and make ----------------------------------------

function run(cmd, args, { input, capture = false } = {}) {
  const res = spawnSync(cmd, args, {
    cwd: root,
    env: childEnv,
    input,
    encoding: "utf8",
    maxBuffer: 64 << 20,
    stdio: [input === undefined ? "ignore" : "pipe", capture ? "pipe" : "inherit", capture ? "pipe" : "inherit"],
  });
  if (res.error) throw new Error(`could not run ${cmd}: ${res.error.message}`);
  return res;
}

function wrangler(args, opts) {
  const fake = process.env.DEPLOY_WRANGLER;
  return fake ? run(fake, args, opts) : run(process.execPath, [wranglerBin, ...args], opts);
}

// listSecrets asks Cloudflare for the Worker's secret names; a Worker not
// yet deployed has none.
function listSecrets(o) {
  const res = wrangler(["secret", "list", "--format", "json", "--env", o.env, "-c", o.config], { capture: true });
  const out = `${res.stdout}\n${res.stderr}`;
  if (res.status !== 0) {
    if (/not found/i.test(out) && /new Worker/i.test(out)) return { names: new Set(), fresh: true };
    return { error: out.trim().split("\n").slice(-6).join("\n") };
  }
  const json = res.stdout.slice(res.stdout.indexOf("["));
  try {
    return { names: secretNames(json) };
  } catch (err) {
    return { error: `could not read wrangler's secret list (${err.message}):\n${res.stdout}` };
  }
}

function makeSecret(kind) {
  if (kind === "token") return randomBytes(32).toString("base64url"); // as go run ./cmd/devkey -token
  const go = process.env.GO || "go";
  const res = run(go, ["run", "./cmd/devkey", ...(kind === "link" ? ["-link"] : [])], { capture: true });
  const value = res.stdout.trim();
  if (res.status !== 0 || !value || /\s/.test(value)) throw new Error(`go run ./cmd/devkey${kind === "link" ? " -link" : ""} failed:\n${res.stderr}`);
  return value;
}

// writeDatabaseId puts id in place of the placeholder database_id of the
// environment's D1 block, touching nothing else in the file.
export function writeDatabaseId(text, envName, id) {
  const header = `[[env.${envName}.d1_databases]]`;
  const start = text.indexOf(header);
  if (start < 0) throw new Error(`no ${header} in the file`);
  const next = text.slice(start + header.length).search(/^\s*\[/m);
  const end = next < 0 ? text.length : start + header.length + next;
  const block = text.slice(start, end);
  const line = /^(database_id\s*=\s*)"0{8}-0{4}-0{4}-0{4}-0{12}"/m;
  if (!line.test(block)) throw new Error(`${header} has no placeholder database_id to replace`);
  return text.slice(0, start) + block.replace(line, `$1"${id}"`) + text.slice(end);
}

// --- What the operator reads -----------------------------------------------

const shown = (p) => {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith("..") ? r : p;
};

function mailSteps(transport, domain, envName) {
  const d = domain || "<domain>";
  if (transport === "mailgun") {
    return `Mail goes through Mailgun (MAIL_TRANSPORT = "mailgun"):
  1. Add ${d} (or MAILGUN_DOMAIN) as a sending domain in Mailgun, in the EU region
     unless MAILGUN_API_BASE says otherwise, and publish the SPF and DKIM records
     Mailgun shows; add a DMARC record on _dmarc.${d} (start with p=none).
  2. wrangler secret put MAILGUN_API_KEY --env ${envName}   (the domain's sending key)
  3. In Mailgun, Sending > Webhooks, for the domain: add the address
     <PORTAL_ORIGIN>/api/mail/events/mailgun for the events "Permanent Failure"
     and "Spam Complaints"; then put the "HTTP webhook signing key" shown there:
     wrangler secret put MAILGUN_WEBHOOK_KEY --env ${envName}`;
  }
  return `Mail goes through Cloudflare Email Service (MAIL_TRANSPORT = "${transport}"); once per domain:
  1. ${d} must be a zone on this Cloudflare account (its DNS on Cloudflare).
  2. Dashboard > Compute > Email Service > Email Sending > Onboard Domain > ${d}.
     Cloudflare adds the records itself: on cf-bounce.${d} the MX records for
     bounces, the SPF record (v=spf1 include:_spf.mx.cloudflare.net ~all) and
     the DKIM key (cf-bounce._domainkey.${d}); and DMARC on _dmarc.${d}.
     Keep one DMARC record: start with p=none and a rua= address you read,
     then tighten to p=quarantine or p=reject. Check with
       dig TXT cf-bounce._domainkey.${d} +short ; dig TXT _dmarc.${d} +short
  3. The account needs the Workers Paid plan to send to any recipient; without
     it, mail reaches only verified destination addresses. Sending has a daily
     quota per account that starts low and grows with the account's standing;
     ask Cloudflare for more if the portal's volume needs it.${
       transport === "cloudflare"
         ? `
  4. MAIL_TRANSPORT = "cloudflare" sends with the REST API: put an API token that
     may send with Email Service as CF_EMAIL_API_TOKEN (wrangler secret put
     CF_EMAIL_API_TOKEN --env ${envName}) and the account id in CF_ACCOUNT_ID.`
         : ""
     }
  Docs: ${DOCS.domains}
        ${DOCS.auth}
        ${DOCS.limits}
        ${DOCS.bindings}`;
}

// --- The run ---------------------------------------------------------------

function main(argv) {
  let o;
  try {
    o = options(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`deploy: ${err.message}\n\n${usage()}`);
    return 2;
  }
  if (o.help) {
    console.log(usage());
    return 0;
  }
  const file = shown(o.config);
  const where = `[env.${o.env}] of ${file}`;
  let config;
  try {
    config = loadConfig(o.config, o.env);
  } catch (err) {
    console.error(`deploy: ${err.message}`);
    return 1;
  }

  // --create-db comes first: it fixes one of the problems checked below.
  if (o["create-db"]) {
    const db = (config.d1_databases ?? []).find((d) => d.binding === "DB");
    if (db?.database_id && !PLACEHOLDER_ID.test(db.database_id)) {
      console.log(`deploy: database_id is set already (${db.database_id}); not creating another database.`);
    } else {
      const name = db?.database_name || "privacy-portal";
      console.log(`deploy: wrangler d1 create ${name} --jurisdiction eu`);
      const res = wrangler(["d1", "create", name, "--jurisdiction", "eu", "--env", o.env, "-c", o.config], { capture: true });
      process.stdout.write(res.stdout);
      process.stderr.write(res.stderr);
      const id = /database_id\s*[=:]\s*"([0-9a-f-]{36})"/i.exec(res.stdout)?.[1];
      if (res.status !== 0 || !id) {
        console.error(`deploy: wrangler d1 create failed; nothing else was done.`);
        return 1;
      }
      if (o["write-db-id"]) {
        writeFileSync(o.config, writeDatabaseId(readFileSync(o.config, "utf8"), o.env, id));
        console.log(`deploy: wrote database_id = "${id}" into [[env.${o.env}.d1_databases]] of ${file}.`);
        config = loadConfig(o.config, o.env);
      } else {
        console.log(`\ndeploy: created D1 database ${name} in the EU jurisdiction. Put its id into ${file}:\n\n  [[env.${o.env}.d1_databases]]\n  database_id = "${id}"\n\n(or run again with --create-db --write-db-id to have it written). Nothing else was done.`);
        return 0;
      }
    }
  }

  if (o["legacy-tokens"]) {
    const listed = listSecrets(o);
    if (listed.error) {
      console.error(`deploy: wrangler could not list the Worker's secrets:\n  ${listed.error.replaceAll("\n", "\n  ")}`);
      return 1;
    }
    if (!reportLegacyTokens(o, config, listed.names)) console.log(`deploy: no export token secrets of the old kind (EXPORT_TOKEN_{SLUG}) are set; nothing to delete.`);
    return 0;
  }

  const checked = checkConfig(config, { envName: o.env, file });
  const problems = [...checked.problems];
  const operatorFile = shown(o.operator);
  try {
    const op = checkOperator(JSON.parse(readFileSync(o.operator, "utf8")), config, {
      envName: o.env, file: operatorFile, configFile: file, transport: checked.transport,
    });
    problems.push(...op.problems);
    checked.notes.push(...op.notes);
  } catch (err) {
    problems.push(`could not read the operator's file ${operatorFile}: ${err.message}`);
  }

  // The static site as built (make deploy builds it first, and checks it
  // again before deploying).
  const assetsDir = config.assets?.directory ? resolve(dirname(o.config), config.assets.directory) : join(root, "site/public");
  if (o.check || o["no-build"]) {
    const a = checkAssets(assetsDir);
    problems.push(...a.problems);
    checked.notes.push(...a.notes);
    if (a.files) checked.notes.push(`the static site ${shown(assetsDir)}: ${a.files.toLocaleString("en-US")} files, ${(a.bytes / 1e6).toFixed(1)} MB, within the limits of Workers static assets.`);
  }

  // The secrets: from --secret-list, or (not under --check) from Cloudflare.
  let present;
  let fresh = false;
  if (o["secret-list"]) {
    try {
      present = secretNames(readFileSync(o["secret-list"], "utf8"));
    } catch (err) {
      problems.push(`could not read the secret list ${o["secret-list"]}: ${err.message}`);
    }
  } else if (!o.check) {
    const listed = listSecrets(o);
    if (listed.error) problems.push(`wrangler could not list the Worker's secrets (log in with \`npx wrangler login\`, or set CLOUDFLARE_API_TOKEN):\n    ${listed.error.replaceAll("\n", "\n    ")}`);
    else ({ names: present, fresh = false } = listed);
  }
  const toMake = [];
  if (present) {
    for (const s of checked.secrets) {
      if (present.has(s.name)) continue;
      if (s.make && o["create-secrets"]) {
        toMake.push(s);
        continue;
      }
      const how = s.make
        ? `run again with --create-secrets (make deploy ARGS=--create-secrets), or wrangler secret put ${s.name} --env ${o.env} with ${
            s.make === "token" ? "the output of go run ./cmd/devkey -token" : s.make === "link" ? "the output of go run ./cmd/devkey -link" : "the output of go run ./cmd/devkey"
          }`
        : `wrangler secret put ${s.name} --env ${o.env} with ${s.why}`;
      problems.push(`the secret ${s.name} is not set${fresh ? " (the Worker does not exist yet)" : ""}: ${how}.`);
    }
  }

  const legacy = [...(present ?? [])].filter((name) => legacyTokenId(name)).sort();
  if (legacy.length > 0)
    checked.notes.push(`${legacy.join(", ")} ${legacy.length === 1 ? "is an export token" : "are export tokens"} of the old kind: once deployed, the Worker makes each a token record (legacy-{slug}), and make deploy then says which secret may be deleted.`);
  for (const n of checked.notes) console.log(`deploy: note: ${n}`);
  if (problems.length > 0) {
    console.error(`\ndeploy: ${where} is not ready to deploy; ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n`);
    for (const p of problems) console.error(`  - ${p}`);
    if (o.check && !present) console.error(`\n(Secrets were not checked: --check does not ask Cloudflare; make deploy does.)`);
    console.error(`\nNothing was changed on Cloudflare.${o.check ? "" : " Fix these and run make deploy again."}\n`);
    console.error(mailSteps(checked.transport, checked.fromDomain, o.env));
    return 1;
  }

  if (o.check) {
    console.log(`deploy: ${where} passes every check${present ? ", and every secret is set" : ""}.`);
    if (!present)
      console.log(`deploy: secrets not checked: --check does not ask Cloudflare (make deploy does first; or give --secret-list FILE, the JSON of wrangler secret list --env ${o.env}).`);
    console.log(`\n${mailSteps(checked.transport, checked.fromDomain, o.env)}`);
    return 0;
  }

  // Secrets first: a Worker deployed without LINK_KEY refuses to start.
  if (toMake.length > 0) {
    const keys = [];
    for (const s of toMake) {
      let value;
      try {
        value = makeSecret(s.make);
      } catch (err) {
        console.error(`deploy: ${err.message}`);
        return 1;
      }
      console.log(`deploy: wrangler secret put ${s.name} --env ${o.env}`);
      const res = wrangler(["secret", "put", s.name, "--env", o.env, "-c", o.config], { input: value, capture: true });
      if (res.status !== 0) {
        console.error(`deploy: setting ${s.name} failed:\n${res.stdout}${res.stderr}`);
        if (keys.length) printTokenKey(keys, o.env);
        return 1;
      }
      if (s.make === "token") keys.push({ ...s, value });
    }
    if (keys.length) printTokenKey(keys, o.env);
  }

  const steps = [
    { what: `wrangler d1 migrations apply DB --remote --env ${o.env}`, run: () => wrangler(["d1", "migrations", "apply", "DB", "--remote", "--env", o.env, "-c", o.config]) },
    ...(o["no-build"] ? [] : [{ what: "make build", run: () => run(process.env.MAKE || "make", ["build"]) }]),
    {
      what: `checking the static site ${shown(assetsDir)} against the limits of Workers static assets`,
      run: () => {
        const a = checkAssets(assetsDir);
        for (const p of a.problems) console.error(`  - ${p}`);
        return { status: a.problems.length ? 1 : 0 };
      },
    },
    { what: `wrangler deploy --env ${o.env}`, run: () => wrangler(["deploy", "--env", o.env, "-c", o.config]) },
  ];
  for (const step of steps) {
    console.log(`\ndeploy: ${step.what}`);
    const res = step.run();
    if (res.status !== 0) {
      console.error(`deploy: ${step.what} failed (exit ${res.status ?? res.signal}); stopped there.`);
      return 1;
    }
  }
  console.log(`\ndeploy: deployed ${config.name} to ${config.vars.PORTAL_ORIGIN}. Check ${config.vars.PORTAL_ORIGIN}/api/health.`);
  if (present) reportLegacyTokens(o, config, present);
  console.log("");
  console.log(mailSteps(checked.transport, checked.fromDomain, o.env));
  return 0;
}

// printTokenKey shows TOKEN_KEY the one time it exists outside
// Cloudflare: the operator keeps it to issue tokens with make token.
function printTokenKey(keys, envName) {
  console.log(`
TOKEN_KEY, shown this once (Cloudflare keeps it only as a secret, which cannot
be read back): the key of every export token's hash. Keep it in a password
manager; make token needs it to issue tokens on this deployment:

  TOKEN_KEY=<the key> make token ARGS='issue --remote --env ${envName} --company SLUG --name "…" --scope marketing,suppression'

Changing it voids every token issued.
`);
  for (const k of keys) console.log(`  ${k.name}  ${k.value}`);
  console.log("");
}

// reportLegacyTokens says, for each export token still kept as a Worker
// secret of the old kind (EXPORT_TOKEN_{SLUG}) among names, whether the
// Worker has imported it as its token record legacy-{slug} (it does so at
// the first event after deploying, as only it can read a secret's value):
// then the secret may be deleted; if not yet, what to do. It reads D1
// with wrangler d1 execute --remote. It returns whether there was any.
function reportLegacyTokens(o, config, names) {
  const legacy = [...names].map((name) => ({ name, id: legacyTokenId(name) })).filter((s) => s.id).sort((a, b) => a.name.localeCompare(b.name));
  if (legacy.length === 0) return false;
  const sql = `SELECT id FROM export_tokens WHERE id IN (${legacy.map((s) => `'${s.id}'`).join(", ")})`;
  const res = wrangler(["d1", "execute", "DB", "--remote", "--env", o.env, "-c", o.config, "--json", "--command", sql], { capture: true });
  let imported;
  try {
    if (res.status !== 0) throw new Error(`${res.stdout}${res.stderr}`.trim().split("\n").slice(-6).join("\n"));
    const out = res.stdout.slice(res.stdout.search(/[[{]/));
    imported = new Set(JSON.parse(out)[0].results.map((r) => r.id));
  } catch (err) {
    console.log(`\ndeploy: note: could not read the token records to see which old export token secrets were imported (${err.message});
  run make deploy ARGS=--legacy-tokens later. Keep the secrets until then.`);
    return true;
  }
  const origin = config.vars?.PORTAL_ORIGIN || "<PORTAL_ORIGIN>";
  console.log(`\ndeploy: export tokens are records in D1 now; the Worker imports each one still kept as a Worker secret
of the old kind as the record legacy-{slug} (every scope), where it keeps working and can be revoked:`);
  for (const s of legacy) {
    if (imported.has(s.id)) {
      console.log(`  ${s.name}: imported as ${s.id}; the secret may be deleted:
      npx wrangler secret delete ${s.name} --env ${o.env}`);
    } else {
      console.log(`  ${s.name}: not imported yet. The Worker imports it at its first request or Cron run:
      open ${origin}/api/health, then run make deploy ARGS=--legacy-tokens to see it imported.
      Do not delete the secret before: the marketers' token would stop working.`);
    }
  }
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
