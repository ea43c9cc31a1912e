// The portal's HTML is valid HTML, as the W3C's Nu Html Checker (vnu.jar,
// the npm package vnu-jar, run with Debian's Java) reads it: every page the
// generator built into site/public, and the pages the Worker answers with
// itself, fetched from a running portal as a browser gets them (a form
// posted with JavaScript off and sent back with its errors, the code step,
// what the links in e-mails open, the company's and the marketing pages,
// error pages, 404 pages). Any error fails the test with the file, line and
// message; warnings are the checker's advice and pass. The checker runs
// once over all the files: each start of its JVM costs seconds.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { startPortal, waitForMessage } from "./harness.mjs";

const root = new URL("..", import.meta.url).pathname;
const vnuJar = join(root, "node_modules/vnu-jar/build/dist/vnu.jar");
const built = join(root, "site/public");

let portal, dir;

before(async () => {
  portal = await startPortal({ port: 8802 });
  dir = mkdtempSync(join(tmpdir(), "portal-html-"));
});

after(async () => {
  await portal?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// htmlFiles lists every .html file under a folder.
function htmlFiles(folder) {
  return readdirSync(folder, { recursive: true })
    .filter((name) => name.endsWith(".html"))
    .map((name) => join(folder, name))
    .sort();
}

// vnu checks files with the Nu Html Checker and returns its messages as
// {file, line, text}.
async function vnu(files) {
  let stdout;
  try {
    ({ stdout } = await promisify(execFile)("java", ["-jar", vnuJar, "--format", "json", "--errors-only", "--stdout", ...files], { maxBuffer: 64 << 20 }));
  } catch (err) {
    // It exits 1 when it found errors, with its report on stdout.
    if (err.code === "ENOENT") throw new Error("java is missing (Debian: apt-get install default-jre-headless; .ci/run installs it)");
    if (!err.stdout) throw err;
    stdout = err.stdout;
  }
  return JSON.parse(stdout).messages.map((m) => ({
    file: decodeURIComponent(new URL(m.url).pathname),
    line: m.lastLine ?? "?",
    text: `${m.type}${m.subType ? ` (${m.subType})` : ""}: ${m.message}`,
  }));
}

// The Worker's pages, saved as dir/{name}.html, each with what fetched
// it, which names it in the failure report.
const fetched = new Map();
async function keep(name, what, res, status) {
  const body = await res.text();
  assert.equal(res.status, status, `${what}: status ${res.status}:\n${body.slice(0, 500)}`);
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/, `${what} is HTML`);
  const file = join(dir, `${name}.html`);
  writeFileSync(file, body);
  fetched.set(file, `the portal's answer to ${what}`);
  return body;
}

// A form posted as a browser posts it with JavaScript off.
const form = (path, fields, headers = {}) =>
  fetch(portal.base + path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
const get = (path) => fetch(portal.base + path, { redirect: "manual" });
const pathOf = (text, re) => re.exec(text)[1].replace(/^https?:\/\/[^/]+/, "");

// What a customer may type, with the characters that go-app's markup has
// to be repaired for (quotation marks, markup, a new line).
const typed = `Åse "Ødegård" <b>&amp;</b>\nline two </textarea>`;

// fetchWorkerPages walks the ways to each of the Worker's own pages, as a
// customer, a privacy contact and a marketer reach them.
async function fetchWorkerPages() {
  // A request, posted with errors in each language, then as it should be.
  for (const language of ["nb", "da", "en"]) {
    await keep(`request-errors-${language}`, `POST /api/werksta/requests (${language}, with errors)`,
      await form("/api/werksta/requests", { type: "rectification", name: typed, email: "kari@example", wrong: typed, correct: "", language }), 422);
  }
  const email = "html.kunde@example.no";
  const code = await keep("request-code", "POST /api/werksta/requests (the code step)",
    await form("/api/werksta/requests", { type: "access", name: "Åse Ødegård", email, vin: "wvwzzz1jz3w386752", language: "nb" }), 202);
  const id = /action="\/api\/requests\/([0-9a-f]+)\/confirm"/.exec(code)[1];
  await keep("request-code-wrong", "POST /api/requests/{id}/confirm (a wrong code)",
    await form(`/api/requests/${id}/confirm`, { code: "000000", language: "nb" }), 422);
  const confirm = await waitForMessage(portal.outbox, email, /^Bekreft kravet/);
  await keep("request-confirm", "GET /api/requests/{id}/confirm?token= (the e-mail's link)",
    await get(pathOf(confirm.text, /(https?:\/\/\S+\/api\/requests\/[0-9a-f]+\/confirm\?token=\S+)/)), 200);
  await keep("request-receipt", "POST /api/requests/{id}/confirm (the receipt)",
    await form(`/api/requests/${id}/confirm`, { code: /: (\d{6})\b/.exec(confirm.text)[1], language: "nb" }), 200);

  // The privacy contact's links.
  const forward = await waitForMessage(portal.outbox, "catherine.sahlgren@werksta.com", /./);
  const handled = pathOf(forward.text, /(https?:\/\/\S+\/api\/requests\/[0-9a-f]+\/handled\?token=\S+)/);
  const extend = pathOf(forward.text, /(https?:\/\/\S+\/api\/requests\/[0-9a-f]+\/extend\?token=\S+)/);
  const token = new URL(extend, portal.base).searchParams.get("token");
  await keep("company-handled", "GET /api/requests/{id}/handled?token=", await get(handled), 200);
  const extendPage = await keep("company-extend", "GET /api/requests/{id}/extend?token=", await get(extend), 200);
  await keep("company-extend-errors", "POST /api/requests/{id}/extend (with errors)",
    await form(`/api/requests/${id}/extend`, { token, date: "1999-01-01", reasons: typed }), 422);
  const latest = /<input [^>]*type="date"[^>]*>/.exec(extendPage)[0].match(/ max="([^"]+)"/)[1];
  await keep("company-extended", "POST /api/requests/{id}/extend", await form(`/api/requests/${id}/extend`, { token, date: latest, reasons: "Mange krav." }), 200);
  await keep("company-handled-done", "POST /api/requests/{id}/handled", await form(`/api/requests/${id}/handled`, { token: new URL(handled, portal.base).searchParams.get("token") }), 200);

  // Error pages.
  await keep("error-bad-link", "GET /api/requests/{unknown}/handled?token=wrong", await get(`/api/requests/${"0".repeat(32)}/handled?token=wrong`), 403);
  await keep("error-cross-site", "POST /api/werksta/requests from another site",
    await form("/api/werksta/requests", { type: "access", name: "X", email }, { "Sec-Fetch-Site": "cross-site" }), 403);
  await keep("error-unknown-company", "POST /api/nobody/requests", await form("/api/nobody/requests", { type: "access" }), 404);

  // Marketing: opt in (with errors, then as it should be), confirm, manage.
  await keep("marketing-errors", "POST /api/werksta/marketing (with errors)",
    await form("/api/werksta/marketing", { channels: "post", email: "kari@example", name: typed, street: typed, language: "nb" }), 422);
  const mkt = "html.marked@example.no";
  const optIn = new URLSearchParams({ email: mkt, name: "Åse Ødegård", street: "Storgata 1", postal_code: "0155", city: "Oslo", language: "nb" });
  optIn.append("channels", "email");
  optIn.append("reserve", "post");
  await keep("marketing-check-mail", "POST /api/werksta/marketing", await form("/api/werksta/marketing", optIn), 202);
  const mconfirm = await waitForMessage(portal.outbox, mkt, /./);
  const confirmPath = pathOf(mconfirm.text, /(https?:\/\/\S+\/api\/marketing\/confirm\?t=\S+)/);
  await keep("marketing-confirm", "GET /api/marketing/confirm?t= (the e-mail's link)", await get(confirmPath), 200);
  await keep("marketing-confirmed", "POST /api/marketing/confirm",
    await form("/api/marketing/confirm", { t: new URL(confirmPath, portal.base).searchParams.get("t") }), 200);
  const receipt = await waitForMessage(portal.outbox, mkt, /./);
  const manage = new URL(pathOf(receipt.text, /(https?:\/\/\S+\/api\/marketing\/manage\?p=\S+)/), portal.base);
  await keep("marketing-manage", "GET /api/marketing/manage?p=&t=", await get(manage.pathname + manage.search), 200);
  await keep("marketing-withdrawn", "POST /api/marketing/manage (withdraw e-mail)",
    await form("/api/marketing/manage", { p: manage.searchParams.get("p"), t: manage.searchParams.get("t"), channel: "email" }), 200);

  // The 404 pages, as served.
  for (const path of ["/werksta/does-not-exist", "/en/nothing/here", "/da/werksta/x"]) {
    await keep(`not-found${path.replaceAll("/", "-")}`, `GET ${path}`, await get(path), 404);
  }
}

test("every built page and every page the Worker answers with is valid HTML (Nu Html Checker)", async (t) => {
  const pages = htmlFiles(built);
  assert.ok(pages.length > 0, `no pages in ${built}; run make build`);
  await fetchWorkerPages();
  const answers = htmlFiles(dir);
  const started = Date.now();
  const errors = await vnu([...pages, ...answers]);
  t.diagnostic(`${pages.length} built pages and ${answers.length} of the Worker's pages checked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const report = errors.map((e) => `${fetched.get(e.file) ?? relative(root, e.file)}:${e.line}: ${e.text}`);
  assert.deepEqual(report, [], `${report.length} errors:\n${report.join("\n")}`);
});
