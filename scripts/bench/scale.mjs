// Scale: the portal built and served with N generated companies, for
// N = 5 and N = 1,000 (issue 22). Companies are data, so what should grow
// with N is the static site, and nothing else. For each N it
//
//   1. generates N distinct companies (scripts/bench/companies: each seed's
//      statement and file with its names, numbers, addresses and sentences
//      varied, provenance intact);
//   2. builds as `make build` does, into a folder of its own: the site from
//      those companies (site/generate -controllers), both WebAssembly
//      modules, timed together with the Go build cache as a developer has
//      it;
//   3. reports both modules' sizes and SHA-256 (they must not change with
//      N: the step fails if they do), and the static files' count and
//      bytes;
//   4. starts `wrangler dev` afresh --starts times on that site and times
//      the first request to the Nth company in the fresh isolate (a
//      rejected POST /api/{slug}/requests: the Worker starts its program
//      and reads that company's document inside it), the next one, and the
//      first to another company in the same isolate;
//   5. times chromium from navigation to a ready form (html[data-app=ready])
//      on the Nth company's request page, --runs times;
//   6. runs `make deploy ARGS=--check` (scripts/deploy.mjs --check) on that
//      site, with the production settings filled in as an operator would
//      and the Worker's secrets listed: it must pass (the static site's
//      limits, and no secret per company).
//
//   node scripts/bench/scale.mjs [--sizes 5,1000] [--starts 3] [--runs 5] [--json file]
//
// Port 8801. Needs the page scripts of `make build` (site/build) and the
// Worker's entry script (functions/build).
import { createHash } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { median } from "./banner.mjs";
import { migrate, startDev } from "../wrangler.mjs";
import { launchBrowser } from "../../e2e/harness.mjs";

const root = new URL("../..", import.meta.url).pathname;
const go = process.env.GO || "go";
const PORT = 8801;

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: exit ${r.status ?? r.signal}\n${r.stderr || r.stdout}`);
  return r.stdout;
}

function walk(dir) {
  let files = 0, bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const w = walk(p);
      files += w.files;
      bytes += w.bytes;
    } else {
      files++;
      bytes += statSync(p).size;
    }
  }
  return { files, bytes };
}

function moduleFacts(file) {
  const b = readFileSync(file);
  return {
    raw: b.length,
    brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    gzip: gzipSync(b, { level: 9 }).length,
    sha256: createHash("sha256").update(b).digest("hex"),
  };
}

// build does what `make build` does, into out: the site from the
// companies in dir, and both modules.
function build(dir, out) {
  const t0 = performance.now();
  run(go, ["run", "./site/generate", "-out", join(out, "public"), "-scripts", "site/build", "-controllers", dir]);
  const wasm = { GOOS: "js", GOARCH: "wasm" };
  run(go, ["build", "-trimpath", "-ldflags=-s -w", "-o", join(out, "public/web/app.wasm"), "./wasm"], wasm);
  run(go, ["build", "-trimpath", "-ldflags=-s -w", "-o", join(out, "worker.wasm"), "./functions/worker"], wasm);
  return performance.now() - t0;
}

// config is wrangler.toml with the assets folder at public and every
// other path absolute, so that it can live outside the checkout.
function config(out, public_) {
  let toml = readFileSync(join(root, "wrangler.toml"), "utf8");
  toml = toml.replace(/^main = ".*"$/m, `main = "${join(root, "functions/build/worker.mjs")}"`);
  toml = toml.replace(/^directory = "site\/public"$/m, `directory = "${public_}"`);
  toml = toml.replaceAll('migrations_dir = "functions/migrations"', `migrations_dir = "${join(root, "functions/migrations")}"`);
  const file = join(out, "wrangler.toml");
  writeFileSync(file, toml);
  // wrangler dev reads the local secrets beside the configuration.
  copyFileSync(join(root, ".dev.vars"), join(out, ".dev.vars"));
  return file;
}

// deployCheck runs scripts/deploy.mjs --check on the site in public, with
// [env.production] and the operator's file filled in with real-looking
// values, and the Worker's secrets (none per company) listed.
function deployCheck(out, public_) {
  let toml = readFileSync(join(root, "wrangler.toml"), "utf8").replace('directory = "site/public"', `directory = "${public_}"`);
  const at = toml.search(/^\[env\.production\]$/m);
  toml = toml.slice(0, at) + toml.slice(at).replaceAll("personvern@personvern.example.com", "personvern@bilverksted.no")
    .replaceAll("personvern.example.com", "personvern.bilverksted.no").replace("00000000-0000-0000-0000-000000000000", "6f1c2a4e-9b7d-4e21-a3c5-0d8e7f6a5b4c");
  writeFileSync(join(out, "production.toml"), toml);
  const operator = JSON.parse(readFileSync(join(root, "site/operator/operator.json"), "utf8"));
  Object.assign(operator, { name: "Bilverksted Drift AS", org_number: "985758220", email: "personvern@bilverksted.no",
    address: { lines: ["Verkstedveien 1"], postal_code: "0150", city: "Oslo", country: "NO" } });
  writeFileSync(join(out, "operator.json"), JSON.stringify(operator));
  writeFileSync(join(out, "secrets.json"), JSON.stringify(["SIGNING_KEY", "LINK_KEY", "TOKEN_KEY"].map((name) => ({ name, type: "secret_text" }))));
  const r = spawnSync(process.execPath, ["scripts/deploy.mjs", "--check", "--config", join(out, "production.toml"), "--operator", join(out, "operator.json"), "--secret-list", join(out, "secrets.json")],
    { cwd: root, encoding: "utf8", maxBuffer: 16 << 20 });
  return { passed: r.status === 0, output: (r.stdout + r.stderr).split("\n").filter((l) => l.startsWith("deploy:") || l.startsWith("  - ")).join("\n") };
}

async function rejected(base, slug) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/${slug}/requests`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status !== 422) throw new Error(`${slug}: expected 422, got ${res.status}`);
  return ms;
}

async function serve(cfg, fn) {
  const persist = mkdtempSync(join(tmpdir(), "portal-scale-"));
  try {
    await migrate(persist);
    const w = await startDev({ port: PORT, persist, config: cfg, ready: "/robots.txt" });
    try {
      return await fn(w.base);
    } catch (err) {
      err.message += `\nwrangler dev's log:\n${w.log().slice(-3000)}`;
      throw err;
    } finally {
      await w.stop();
    }
  } finally {
    rmSync(persist, { recursive: true, force: true });
  }
}

export async function scale({ sizes = [5, 1000], starts = 3, runs = 5 } = {}) {
  const result = { sizes: [], starts, runs };
  const browser = await launchBrowser();
  try {
    for (const n of sizes) {
      const out = mkdtempSync(join(tmpdir(), `portal-scale-${n}-`));
      try {
        const dir = join(out, "companies");
        run(go, ["run", "./scripts/bench/companies", "-n", String(n), "-out", dir]);
        const slugs = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
        const last = slugs[slugs.length - 1];
        const other = slugs[Math.floor(slugs.length / 2)];
        const buildMs = build(dir, out);
        const site = walk(join(out, "public"));
        const browserModule = moduleFacts(join(out, "public/web/app.wasm"));
        const workerModule = moduleFacts(join(out, "worker.wasm"));
        const cfg = config(out, join(out, "public"));
        const cold = [];
        for (let i = 0; i < starts; i++) {
          cold.push(await serve(cfg, async (base) => {
            await new Promise((r) => setTimeout(r, 500)); // let workerd settle
            const first = await rejected(base, last);
            const warm = await rejected(base, last);
            const another = await rejected(base, other);
            return { first, warm, another };
          }));
        }
        const ready = await serve(cfg, async (base) => {
          const times = [];
          for (let i = 0; i < runs; i++) {
            const context = await browser.newContext();
            const page = await context.newPage();
            const t0 = performance.now();
            await page.goto(`${base}/${last}/request`);
            await page.waitForSelector("html[data-app=ready]", { state: "attached", timeout: 60_000 });
            times.push(performance.now() - t0);
            await context.close();
          }
          return times;
        });
        const deploy = deployCheck(out, join(out, "public"));
        result.sizes.push({
          n, slug: last, buildMs, site, deploy, browser: browserModule, worker: workerModule,
          cold, coldMedian: { first: median(cold.map((c) => c.first)), warm: median(cold.map((c) => c.warm)), another: median(cold.map((c) => c.another)) },
          ready, readyMedian: median(ready),
        });
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  const [a, b] = [result.sizes[0], result.sizes[result.sizes.length - 1]];
  result.sameModules = a.browser.sha256 === b.browser.sha256 && a.worker.sha256 === b.worker.sha256;
  result.deployPassed = result.sizes.every((s) => s.deploy.passed);
  return result;
}

export function lines(r) {
  return r.sizes.map((s) =>
    `scale ${s.n} companies: browser app ${s.browser.brotli.toLocaleString("en-US")} B brotli, Worker ${s.worker.gzip.toLocaleString("en-US")} B gzip; ` +
    `${s.site.files.toLocaleString("en-US")} static files, ${(s.site.bytes / 1e6).toFixed(1)} MB; build ${(s.buildMs / 1000).toFixed(1)} s; ` +
    `first request to company ${s.n} in a fresh isolate ${s.coldMedian.first.toFixed(0)} ms (then ${s.coldMedian.warm.toFixed(0)} ms, another company first ${s.coldMedian.another.toFixed(0)} ms); ` +
    `ready form in chromium ${s.readyMedian.toFixed(0)} ms; make deploy ARGS=--check ${s.deploy.passed ? "passes" : "FAILS"}`,
  ).concat([`scale: both modules ${r.sameModules ? "byte for byte the same" : "DIFFER"} with ${r.sizes.map((s) => s.n).join(" and ")} companies`]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { sizes: { type: "string", default: "5,1000" }, starts: { type: "string", default: "3" }, runs: { type: "string", default: "5" }, json: { type: "string" } } });
  const r = await scale({ sizes: values.sizes.split(",").map(Number), starts: Number(values.starts), runs: Number(values.runs) });
  for (const l of lines(r)) console.log(l);
  if (values.json) writeFileSync(values.json, JSON.stringify(r, null, 2) + "\n");
  if (!r.sameModules) console.error("scale: a WebAssembly module changed with the number of companies; companies must be data only");
  for (const s of r.sizes) if (!s.deploy.passed) console.error(`scale: make deploy ARGS=--check fails with ${s.n} companies:\n${s.deploy.output}`);
  if (!r.sameModules || !r.deployPassed) process.exit(1);
}
