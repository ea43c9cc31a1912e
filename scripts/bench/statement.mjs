// The bytes a reader's browser transfers to show a company's privacy
// statement: for every company, its statement page in its own language
// (/{slug}/) and in English (/en/{slug}/), loaded in a fresh chromium
// context (nothing cached) from the portal under `wrangler dev`, and
// counted from the page's own Resource Timing: the navigation entry's
// transferSize and every resource entry's (the bytes that came over the
// network, headers included, compressed as sent). Each resource is put in
// one of html, css, js, icon, wasm and other; the report says per page how
// many bytes each took, the total, whether the app (app.wasm, app.js,
// wasm_exec.js) was loaded, and which content-encoding each response had
// for chromium's Accept-Encoding.
//
//   node scripts/bench/statement.mjs [--json file] [--port 8797] [--limit 60000]
//
// It starts the portal itself (as `make serve` runs it, what `make build`
// built) on port 8797. Nothing fails on a figure: the limit (60 KB, the
// budget of a statement page read on a phone; 60,000 B) is only printed
// against.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startPortal, launchBrowser } from "../../e2e/harness.mjs";

const root = new URL("../..", import.meta.url).pathname;

// The companies and their languages, from their controller files.
export function companies() {
  const dir = join(root, "site/controllers");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const c = JSON.parse(readFileSync(join(dir, f), "utf8"));
      return { slug: f.replace(/\.json$/, ""), language: c.language };
    });
}

// kindOf sorts a URL into the report's columns.
export function kindOf(url, isNavigation = false) {
  if (isNavigation) return "html";
  const path = new URL(url).pathname;
  if (/\.wasm$/.test(path)) return "wasm";
  if (/\.css$/.test(path)) return "css";
  if (/\.m?js$/.test(path)) return "js";
  if (/\.(svg|png|ico)$/.test(path)) return "icon";
  if (/\.html$|\/$/.test(path)) return "html";
  return "other";
}

export const APP_FILES = /\/(app\.wasm|app\.js|wasm_exec\.js)$/;

// measure loads url in a fresh context and returns what was transferred,
// once the network has been quiet for half a second (so that a deferred
// download, such as the app's, is counted too).
export async function measure(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const encodings = {};
  page.on("response", (res) => {
    encodings[res.url()] = res.headers()["content-encoding"] || "identity";
  });
  await page.goto(url, { waitUntil: "networkidle" });
  const entries = await page.evaluate(() => {
    const list = [];
    for (const e of performance.getEntriesByType("navigation")) {
      list.push({ name: e.name, navigation: true, transferSize: e.transferSize, encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize });
    }
    for (const e of performance.getEntriesByType("resource")) {
      list.push({ name: e.name, navigation: false, transferSize: e.transferSize, encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize });
    }
    return list;
  });
  await context.close();
  const resources = entries.map((e) => ({
    url: new URL(e.name).pathname,
    kind: kindOf(e.name, e.navigation),
    transferred: e.transferSize,
    encoded: e.encodedBodySize,
    raw: e.decodedBodySize,
    encoding: encodings[e.name] ?? "unknown",
  }));
  const byKind = { html: 0, css: 0, js: 0, icon: 0, wasm: 0, other: 0 };
  const rawByKind = { html: 0, css: 0, js: 0, icon: 0, wasm: 0, other: 0 };
  for (const r of resources) {
    byKind[r.kind] += r.transferred;
    rawByKind[r.kind] += r.raw;
  }
  const total = resources.reduce((n, r) => n + r.transferred, 0);
  const raw = resources.reduce((n, r) => n + r.raw, 0);
  return { resources, byKind, rawByKind, total, raw, app: resources.some((r) => APP_FILES.test(r.url)) };
}

export async function run({ port = 8797 } = {}) {
  const portal = await startPortal({ port });
  const browser = await launchBrowser();
  const pages = [];
  try {
    // One unmeasured load: the first navigation of a browser starts its
    // processes.
    await measure(browser, portal.base + "/");
    for (const c of companies()) {
      const other = c.language === "en" ? "nb" : "en";
      for (const path of [`/${c.slug}/`, `/${other}/${c.slug}/`]) {
        pages.push({ slug: c.slug, path, ...(await measure(browser, portal.base + path)) });
      }
    }
  } finally {
    await browser.close();
    await portal.stop();
  }
  return { pages };
}

const kB = (n) => (n / 1000).toFixed(1).padStart(7);

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { json: { type: "string" }, port: { type: "string", default: "8797" }, limit: { type: "string", default: "60000" } },
  });
  const limit = Number(values.limit);
  const r = await run({ port: Number(values.port) });
  console.log("kB (1,000 B) transferred per statement page in chromium (raw, as decoded, in brackets); a fresh context each");
  console.log(`${"page".padEnd(18)}${"html".padStart(7)}${"css".padStart(8)}${"js".padStart(8)}${"icon".padStart(8)}${"wasm".padStart(9)}${"other".padStart(8)}${"total".padStart(9)}  ${"(raw)".padStart(9)}  app`);
  for (const p of r.pages) {
    const b = p.byKind;
    console.log(
      `${p.path.padEnd(18)}${kB(b.html)}${kB(b.css).padStart(8)}${kB(b.js).padStart(8)}${kB(b.icon).padStart(8)}${kB(b.wasm).padStart(9)}${kB(b.other).padStart(8)}${kB(p.total).padStart(9)}  (${kB(p.raw).trim().padStart(7)})  ${p.app ? "loaded" : "no"}${p.total > limit ? `  over ${kB(limit).trim()} kB` : ""}`,
    );
  }
  const enc = new Map();
  for (const p of r.pages) for (const res of p.resources) enc.set(res.url.replace(/^\/(\w\w\/)?[\w-]+\/$/, "/{page}/"), res.encoding);
  console.log("content-encoding as served: " + [...enc].map(([u, e]) => `${u} ${e}`).join(", "));
  const worst = Math.max(...r.pages.map((p) => p.total));
  console.log(`largest statement page: ${worst} B transferred (at most ${limit} B wanted)`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ limit, ...r }, null, 2) + "\n");
}
