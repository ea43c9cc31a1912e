// Shared set-up of the browser tests: the portal served exactly as `make
// dev` serves it (wrangler dev in workerd, started by scripts/wrangler.mjs,
// local D1 with migrations applied), on its own port and with its own
// database, and Debian's chromium driven by playwright-core.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { d1 as d1Execute, migrate, startDev } from "../scripts/wrangler.mjs";

const root = new URL("..", import.meta.url).pathname;

export const axeSource = readFileSync(join(root, "node_modules/axe-core/axe.min.js"), "utf8");

// startPortal applies the migrations to a fresh local database and starts
// the portal as `make serve` does (scripts/wrangler.mjs) on a free port,
// with an outbox folder of its own (a temporary one, portal.outbox) for the
// mail the Worker sends; see waitForMail. It resolves once /api/health
// answers. stop() removes both folders.
//
// Options: persist and outbox reuse the folders of an earlier portal (which
// then stop() leaves in place), so a test can stop the Worker and start it
// again on the same database; vars are Worker variables given with --var;
// config is another wrangler.toml; assets another folder of static assets
// in place of site/public; scheduled adds --test-scheduled, so that
// GET /__scheduled runs the Cron Trigger's work; healthy false resolves as
// soon as the portal answers at all, for a Worker that is meant to fail.
// nudge asks /api/health once a second while the portal runs: under
// wrangler dev, a request left unread or cut off (a browser context
// closed mid-load, a post the static assets answer without reading it)
// can stall the next request in wrangler's local proxy until another
// arrives (cloudflare/workers-sdk#15203; production has no such proxy).
// The hostile-input suite turns it off: there every request must answer
// on its own.
export async function startPortal({ port = 8788, persist, outbox, vars = {}, config, assets, scheduled = false, healthy = true, nudge = true } = {}) {
  // The secrets of local development, which `make serve` needs too.
  await promisify(execFile)("make", ["-s", ".dev.vars"], { cwd: root });
  const own = !persist;
  persist ??= mkdtempSync(join(tmpdir(), "portal-e2e-"));
  outbox ??= mkdtempSync(join(tmpdir(), "portal-outbox-"));
  let served;
  try {
    if (own) await migrate(persist);
    served = await startDev({ port, persist, outbox, vars, config, assets, scheduled, ready: "/api/health", anyStatus: !healthy });
  } catch (err) {
    if (own) {
      rmSync(persist, { recursive: true, force: true });
      rmSync(outbox, { recursive: true, force: true });
    }
    throw err;
  }
  const { base, log } = served;
  const nudger = nudge
    ? setInterval(() => fetch(`${base}/api/health`).then((r) => r.arrayBuffer()).catch(() => {}), 1000)
    : undefined;
  nudger?.unref();
  return {
    base,
    persist,
    outbox,
    // The process group of wrangler and workerd, for measurements.
    pgid: served.pgid,
    log,
    // runSchedule runs the Cron Trigger's work once (needs scheduled).
    async runSchedule() {
      const res = await fetch(`${base}/__scheduled?cron=*/10+*+*+*+*`);
      if (!res.ok) throw new Error(`/__scheduled answered ${res.status}:\n${log().split("\n").slice(-40).join("\n")}`);
    },
    // stop ends the portal and waits until nothing answers on its port;
    // with keep, it leaves its folders for a restart.
    async stop({ keep = false } = {}) {
      clearInterval(nudger);
      await served.stop();
      if (own && !keep) {
        rmSync(persist, { recursive: true, force: true });
        rmSync(outbox, { recursive: true, force: true });
        claimed.delete(outbox);
      }
    },
  };
}

// crawl follows every link on the portal's own pages from the front page,
// as a reader clicking through would, and returns the paths found, sorted.
// The API's addresses (a consent receipt, an export) are not pages.
export async function crawl(context, base) {
  const page = await context.newPage();
  const queue = ["/"];
  const found = new Set(queue);
  while (queue.length) {
    const path = queue.shift();
    await page.goto(base + path);
    for (const href of await page.$$eval("a[href]", (as) => as.map((a) => a.href))) {
      const url = new URL(href);
      if (url.origin !== base || !["http:", "https:"].includes(url.protocol)) continue;
      if (url.pathname.startsWith("/api/") || found.has(url.pathname)) continue;
      found.add(url.pathname);
      queue.push(url.pathname);
    }
  }
  await page.close();
  return [...found].sort();
}

// until waits for a condition: it calls check (which may be async) every
// interval milliseconds until it returns something truthy, and resolves
// with that. After timeout milliseconds it rejects, naming what it waited
// for and, with describe, what it saw instead. A test waits on the
// condition itself, never for a fixed time, so it is as fast as the portal
// and as patient as the machine is slow.
export async function until(what, check, { timeout = 15_000, interval = 100, describe } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${describe ? `; ${await describe()}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

// The mail files each outbox has handed out through waitForMail already.
const claimed = new Map();

// listMail reads every message in an outbox folder, oldest first: `make
// serve` names them <ISO time>-<n>.eml, so their names sort in the order the
// Worker sent them (and writes each under a hidden temporary name first, so
// a listed file is always complete). raw is the file's bytes as a latin1
// ("binary") string, one character per byte, so nothing is lost whatever
// the charset: an ASCII header or a quoted-printable or base64 body reads as
// usual, but 8-bit UTF-8 text does not; compare it with
// Buffer.from("æøå").toString("latin1"), or decode bytes yourself.
export function listMail(outbox) {
  return readdirSync(outbox)
    .filter((name) => name.endsWith(".eml") && !name.startsWith("."))
    .sort()
    .map((name) => {
      const path = join(outbox, name);
      const bytes = readFileSync(path);
      return { path, raw: bytes.toString("latin1"), bytes };
    });
}

// waitForMail polls an outbox (portal.outbox) until a message arrives that
// no earlier waitForMail on that folder returned and whose raw text (a
// latin1 string, see listMail) satisfies predicate, and resolves with it as
// {path, raw, bytes}. Messages already in the folder when it is called count
// too, so a test may send first and wait after; two waits with the same
// predicate get two different messages, in the order they were sent. It
// rejects after timeout milliseconds, listing the subjects it did see.
export async function waitForMail(outbox, predicate = () => true, { timeout = 10_000, interval = 100 } = {}) {
  if (!claimed.has(outbox)) claimed.set(outbox, new Set());
  const taken = claimed.get(outbox);
  const deadline = Date.now() + timeout;
  for (;;) {
    const mail = listMail(outbox).filter((m) => !taken.has(m.path));
    const found = mail.find((m) => predicate(m.raw));
    if (found) {
      taken.add(found.path);
      return found;
    }
    if (Date.now() > deadline) {
      const subjects = mail.map((m) => `  ${m.path}: ${/^Subject:[ \t]*(.*)$/im.exec(m.raw)?.[1] ?? "(no subject)"}`);
      throw new Error(`no matching mail in ${outbox} within ${timeout} ms; unclaimed mail:\n${subjects.join("\n") || "  (none)"}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

// launchBrowser starts Debian's chromium headless, with the flags that keep
// it from contacting any host of its own accord.
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

// watch records what a page does that a test may want to refuse: console
// errors, uncaught exceptions, and requests to any host but the portal's.
export function watch(page, base) {
  const origin = new URL(base).origin;
  const seen = { errors: [], foreign: [], requests: [], documents: new Set() };
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    // Chromium reports a page served with status 404 as a failed load of
    // the document itself; that is the 404 page working, not an error.
    const loc = msg.location()?.url;
    if (seen.documents.has(loc) && /status of 404/.test(msg.text())) return;
    seen.errors.push(`console: ${msg.text()}${loc ? ` (${loc})` : ""}`);
  });
  page.on("response", (res) => {
    if (res.request().resourceType() === "document" && res.status() === 404) seen.documents.add(res.url());
  });
  page.on("pageerror", (err) => seen.errors.push(`pageerror: ${err.message}`));
  page.on("request", (req) => {
    const url = req.url();
    seen.requests.push(url);
    if (url.startsWith("data:") || url.startsWith("blob:")) return;
    if (new URL(url).origin !== origin) seen.foreign.push(url);
  });
  return seen;
}

// waitForApp waits until the WebAssembly app has taken over the page.
export async function waitForApp(page) {
  await page.waitForSelector("html[data-app=ready]", { timeout: 30_000 });
}

// settled waits until a page is as its reader will see it: an interactive
// page once the app has taken over, a static page (a statement, the front
// page, a 404, which load no app) at once.
export async function settled(page) {
  if (await page.locator('script[src="/app.js"]').count()) await waitForApp(page);
}

// axeViolations runs axe-core over the page. It is evaluated through the
// DevTools protocol rather than injected as a script tag, which the
// portal's Content-Security-Policy would (rightly) refuse.
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  return result;
}

// mailParts splits one of the portal's messages into its headers, its
// decoded text/plain body and its attachments (name to Buffer). It reads
// the MIME the portal writes (app/mailmsg): quoted-printable text, base64
// attachments, multipart/mixed around multipart/alternative.
export function mailParts(raw) {
  const bytes = Buffer.from(raw, "latin1");
  const text = bytes.toString("latin1").replace(/\r\n/g, "\n");
  const [head] = text.split("\n\n");
  const headers = {};
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  const out = { headers, text: "", html: "", attachments: {} };
  const walk = (chunk) => {
    const [h, ...rest] = chunk.split("\n\n");
    const body = rest.join("\n\n");
    const hdr = h.replace(/\n[ \t]+/g, " ");
    const boundary = /boundary="?([^";\n]+)"?/i.exec(hdr)?.[1];
    if (/content-type:\s*multipart\//i.test(hdr) && boundary) {
      for (const part of body.split("--" + boundary).slice(1)) {
        if (part.startsWith("--")) break;
        walk(part.replace(/^\n/, ""));
      }
      return;
    }
    const name = /filename="?([^";\n]+)"?/i.exec(hdr)?.[1];
    const b64 = /content-transfer-encoding:\s*base64/i.test(hdr);
    const qp = /content-transfer-encoding:\s*quoted-printable/i.test(hdr);
    let data = b64 ? Buffer.from(body.replace(/\s+/g, ""), "base64") : Buffer.from(body, "latin1");
    if (qp) data = Buffer.from(body.replace(/=\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), "latin1");
    if (name) out.attachments[name] = data;
    else if (/content-type:\s*text\/plain/i.test(hdr) && !out.text) out.text = data.toString("utf8");
    else if (/content-type:\s*text\/html/i.test(hdr) && !out.html) out.html = data.toString("utf8");
  };
  walk(text);
  return out;
}

function decodeWords(s) {
  return s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=(?:\s+(?==\?))?/gi, (_, enc, word) =>
    enc.toLowerCase() === "b"
      ? Buffer.from(word, "base64").toString("utf8")
      : Buffer.from(word.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  );
}

// waitForMessage waits for a message to an address whose subject matches,
// and returns it split by mailParts, with its file's path.
export async function waitForMessage(outbox, to, subject, options) {
  const m = await waitForMail(
    outbox,
    (raw) => {
      const p = mailParts(raw);
      return (p.headers.to || "").includes(to) && subject.test(p.headers.subject || "");
    },
    options,
  );
  return { ...mailParts(m.raw), path: m.path, bytes: m.bytes };
}

// verifyWithOpenSSL checks an Ed25519 signature over request.json with
// openssl alone, the way the README tells a privacy contact to: the public
// key's x from keys.json, wrapped in a DER SubjectPublicKeyInfo. It returns
// true when openssl says the signature is valid.
export function verifyWithOpenSSL(keysJSON, doc, sig) {
  const dir = mkdtempSync(join(tmpdir(), "portal-openssl-"));
  try {
    const kid = JSON.parse(doc.toString("utf8")).key_id;
    const key = JSON.parse(keysJSON).keys.find((k) => k.kid === kid);
    if (!key) return false;
    const der = Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.from(key.x, "base64url")]);
    writeFileSync(join(dir, "pub.der"), der);
    writeFileSync(join(dir, "request.json"), doc);
    writeFileSync(join(dir, "request.json.sig"), sig);
    execFileSync("openssl", ["pkey", "-pubin", "-inform", "DER", "-in", "pub.der", "-out", "pub.pem"], { cwd: dir, stdio: "pipe" });
    try {
      execFileSync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "request.json", "-sigfile", "request.json.sig"], { cwd: dir, stdio: "pipe" });
      return true;
    } catch {
      return false;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The operator's command for export tokens (cmd/token), built once for
// this process into a folder of its own.
let tokenBinary;
async function tokenCommand() {
  if (!tokenBinary) {
    const dir = mkdtempSync(join(tmpdir(), "portal-token-"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    const bin = join(dir, "token");
    await promisify(execFile)(process.env.GO || "go", ["build", "-o", bin, "./cmd/token"], { cwd: root });
    tokenBinary = bin;
  }
  return tokenBinary;
}

// token runs the operator's command for export tokens on a portal's local
// database, as `make token ARGS='...'` runs it (from the repository's root,
// the key from .dev.vars, which the portal's Worker has too), and resolves
// with what it printed; it rejects when the command fails, with its status
// (err.code) and what it said (err.stderr).
export async function token(portal, args) {
  const bin = await tokenCommand();
  const { stdout } = await promisify(execFile)(bin, [...args, "--persist-to", portal.persist], {
    cwd: root,
    env: { ...process.env, NODE: process.execPath, TOKEN_KEY: "" },
  });
  return stdout;
}

// issueToken issues an export token for company slug with scopes (all
// four unless given) through the command, and resolves with its text and
// id: { token, id, out }.
export async function issueToken(portal, slug, scopes = ["marketing", "suppression", "cookies", "summary"], { name = `e2e ${slug}`, expires } = {}) {
  const out = await token(portal, ["issue", "--company", slug, "--name", name, "--scope", scopes.join(","), ...(expires ? ["--expires", expires] : [])]);
  const m = /^  (ppx_([0-9a-f]{16})_[a-z2-7]{52})$/m.exec(out);
  if (!m) throw new Error(`no token in what the command printed:\n${out}`);
  return { token: m[1], id: m[2], out };
}

// d1 runs a query on a portal's local D1 database with wrangler, the way an
// operator would look at the records, and returns the rows. It does not
// block: while wrangler runs, this process's fake services and its
// connections to the portal keep being served (a blocked event loop misses
// the portal closing an idle keep-alive connection, and the next fetch on
// it fails with "other side closed").
export function d1(portal, sql) {
  return d1Execute(portal.persist, { command: sql });
}
