// `make bench`: every benchmark of the portal, one after the other, and a
// report. It runs
//
//   1. the Go benchmarks (go test -bench, -count 6, benchstat-friendly),
//      on the host and, for functions/edge and the hand-written parts of
//      functions/d1 and functions/exports, in Node.js as the Worker runs;
//   2. the sizes of both WebAssembly modules against their limits;
//   3. the Worker load comparison, Go against JavaScript (worker.mjs, wrk);
//   4. the banner timing against vanilla-cookieconsent (banner.mjs, chromium);
//   5. the export of 100,000 marketing consents (export.mjs);
//   6. the cold start of the Go and the JavaScript Worker in workerd
//      (coldstart.mjs);
//   7. the bytes a statement page transfers, in chromium (statement.mjs);
//   8. what a rejected request costs the Go Worker in workerd, as CPU time,
//      beside the JavaScript baseline (gopath.mjs);
//   9. the portal built and served with 5 and with 1,000 generated
//      companies (scale.mjs);
//
// and writes everything to .data/bench/<time>/: go.txt, go-wasm.txt and
// go-wasm-parts.txt (raw `go test` output, for benchstat), one JSON file
// per benchmark, and report.md, whose summary it also prints. Nothing here fails on a figure:
// benchmarks print numbers. Each step's failure is reported and the others
// still run; the exit code is 1 if any step failed.
//
//   node scripts/bench/run.mjs [--count 6] [--rounds 3] [--seconds 10] [--runs 7] [--rows 100000] [--starts 5] [--companies 5,1000]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as os from "node:os";

const root = new URL("../..", import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    count: { type: "string", default: "6" },
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "10" },
    runs: { type: "string", default: "7" },
    rows: { type: "string", default: "100000" },
    starts: { type: "string", default: "5" },
    companies: { type: "string", default: "5,1000" },
  },
});

const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const out = join(root, ".data/bench", stamp);
mkdirSync(out, { recursive: true });

const failures = [];
const summary = [];
const sections = [];

// step runs cmd with args in the checkout, echoing its output, and returns
// what it printed; a failure is recorded, not thrown.
function step(title, cmd, args, env = {}) {
  console.log(`\n== ${title}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 64 << 20 });
  process.stdout.write(r.stdout ?? "");
  process.stderr.write(r.stderr ?? "");
  if (r.status !== 0) {
    failures.push(`${title} (exit ${r.status ?? r.signal})`);
    sections.push(`## ${title}\n\nFailed (exit ${r.status ?? r.signal}):\n\n\`\`\`\n${(r.stderr || r.stdout || "").slice(-3000)}\n\`\`\`\n`);
    return null;
  }
  return r.stdout;
}

const readJSON = (f) => JSON.parse(readFileSync(join(out, f), "utf8"));
const go = process.env.GO || "go";

// 1. Go benchmarks.
const goOut = step("Go benchmarks (host)", go, ["test", "-run", "^$", "-bench", ".", "-benchmem", "-count", values.count, "./..."]);
if (goOut !== null) {
  writeFileSync(join(out, "go.txt"), goOut);
  sections.push(`## Go benchmarks (host)\n\n\`go test -run '^$' -bench . -benchmem -count ${values.count} ./...\`; raw output in go.txt (compare runs with benchstat).\n\n\`\`\`\n${medians(goOut)}\`\`\`\n`);
}
const wasmExec = execFileSync(go, ["env", "GOROOT"], { encoding: "utf8" }).trim() + "/lib/wasm/go_js_wasm_exec";
const wasmOut = step("Go benchmarks (js/wasm in Node.js)", go, ["test", "-run", "^$", "-bench", ".", "-benchmem", "-count", values.count, "-exec", wasmExec, "./functions/edge"], { GOOS: "js", GOARCH: "wasm" });
if (wasmOut !== null) {
  writeFileSync(join(out, "go-wasm.txt"), wasmOut);
  sections.push(`## Go benchmarks (js/wasm, Node.js ${process.version})\n\nThe edge package's cost per request as the Worker runs it; raw output in go-wasm.txt.\n\n\`\`\`\n${medians(wasmOut)}\`\`\`\n`);
}

// The hand-written parts that have a standard-library counterpart (D1's
// answers read, JSON Lines written), against it, in js/wasm as the Worker
// runs them. Their packages' other tests need SQLite, which does not build
// for js/wasm, so each runs from its package's files and the benchmark's.
const goFiles = (dir, tests) => [
  ...readdirSync(join(root, dir)).filter((f) => f.endsWith(".go") && !f.endsWith("_test.go")).map((f) => `${dir}/${f}`),
  ...tests.map((t) => `${dir}/${t}`),
];
let partsOut = "";
for (const [dir, tests] of [["functions/d1", ["rawjson_std_test.go", "exports_bench_test.go"]], ["functions/exports", ["write_std_test.go"]]]) {
  const o = step(`Go benchmarks of ${dir}'s hand-written parts (js/wasm in Node.js)`, go, ["test", "-run", "^$", "-bench", ".", "-benchmem", "-count", values.count, "-exec", wasmExec, ...goFiles(dir, tests)], { GOOS: "js", GOARCH: "wasm" });
  if (o !== null) partsOut += o;
}
if (partsOut) {
  writeFileSync(join(out, "go-wasm-parts.txt"), partsOut);
  sections.push(`## Hand-written parts against the standard library (js/wasm, Node.js ${process.version})\n\nfunctions/d1's reader of D1's answers and functions/exports' JSON Lines writer, each beside encoding/json (see the README's table of hand-written parts); raw output in go-wasm-parts.txt.\n\n\`\`\`\n${medians(partsOut)}\`\`\`\n`);
}

// 2. Sizes (of what `make build` built; make bench builds first).
if (step("Sizes", "node", ["scripts/sizes.mjs", "--browser", "site/public/web/app.wasm", "--worker", "functions/build/app.wasm", "--json", join(out, "sizes.json")]) !== null) {
  const { line } = await import("../sizes.mjs");
  const s = readJSON("sizes.json");
  const lines = ["browser", "worker"].map((k) => line(k, s[k]));
  summary.push(...lines);
  sections.push(`## Sizes\n\n\`\`\`\n${lines.join("\n")}\n\`\`\`\n`);
}

// 3. Worker load comparison.
if (step("Worker load comparison", "node", ["scripts/bench/worker.mjs", "--rounds", values.rounds, "--seconds", values.seconds, "--json", join(out, "worker.json")]) !== null) {
  const w = readJSON("worker.json");
  const l = `worker go/js request rate on a rejected POST /api/werksta/requests: ${w.ratio.toFixed(2)} (go ${w.goMedian.toFixed(0)}/s, js ${w.jsMedian.toFixed(0)}/s; medians of ${w.rounds} alternate rounds of ${w.seconds} s, ${w.connections} connections; 0.90 wanted, issue 13)`;
  summary.push(l);
  const rows = ["| round | Go requests/s (p50, p99) | JavaScript requests/s (p50, p99) |", "|---|---|---|"];
  w.go.forEach((g, i) => rows.push(`| ${i + 1} | ${g.rps.toFixed(0)} (${g.p50}, ${g.p99}) | ${w.js[i].rps.toFixed(0)} (${w.js[i].p50}, ${w.js[i].p99}) |`));
  sections.push(`## Worker load comparison\n\n${l}\n\n${rows.join("\n")}\n`);
}

// 4. Banner timing.
if (step("Banner timing", "node", ["scripts/bench/banner.mjs", "--runs", values.runs, "--json", join(out, "banner.json")]) !== null) {
  const b = readJSON("banner.json");
  const l = `banner clickable Reject all, portal/vanilla-cookieconsent: ${b.ratio.toFixed(2)} (portal ${b.portalMedian.toFixed(0)} ms, vanilla-cookieconsent 3.1.0 ${b.vanillaMedian.toFixed(0)} ms; medians of ${b.runs} alternate runs in chromium; at most 1.00 wanted)`;
  summary.push(l);
  sections.push(`## Banner timing\n\n${l}\n\nPortal: ${b.portalTimes.map((t) => t.toFixed(0)).join(", ")} ms\n\nvanilla-cookieconsent: ${b.vanillaTimes.map((t) => t.toFixed(0)).join(", ")} ms\n`);
}

// 5. Export.
if (step("Export", "node", ["scripts/bench/export.mjs", "--sizes", values.rows, "--json", join(out, "export.json")]) !== null) {
  const [e] = readJSON("export.json");
  const l = `export ${e.size.toLocaleString("en-US")} consents: ${(e.bytes / 1e6).toFixed(1)} MB CSV in ${(e.ms / 1000).toFixed(2)} s (${Math.round(e.rows / (e.ms / 1000))} rows/s); Go heap in use ${(e.goHeapKiB / 1024).toFixed(1)} MiB of ${(e.goSysKiB / 1024).toFixed(1)} MiB`;
  summary.push(l);
  sections.push(`## Export\n\n${l}\n`);
}

// 6. Cold start.
if (step("Cold start", "node", ["scripts/bench/coldstart.mjs", "--runs", values.starts, "--json", join(out, "coldstart.json")]) !== null) {
  const c = readJSON("coldstart.json");
  const one = (w) => `first request ${w.first.toFixed(0)} ms (warm ${w.warm.toFixed(0)} ms), workerd CPU ${w.cpu.toFixed(0)} ms on it, ${w.cpuTotal.toFixed(0)} ms from its start`;
  const l = `cold start, fresh isolate to first answer (medians of ${c.runs}): Go ${one(c.goMedian)}; JavaScript ${one(c.jsMedian)}`;
  summary.push(l);
  const rows = ["| start | Go first / warm ms | Go workerd CPU ms | JS first / warm ms | JS workerd CPU ms |", "|---|---|---|---|---|"];
  c.go.forEach((g, i) => rows.push(`| ${i + 1} | ${g.first.toFixed(0)} / ${g.warm.toFixed(0)} | ${g.cpu.toFixed(0)} (${g.cpuTotal.toFixed(0)}) | ${c.js[i].first.toFixed(0)} / ${c.js[i].warm.toFixed(0)} | ${c.js[i].cpu.toFixed(0)} (${c.js[i].cpuTotal.toFixed(0)}) |`));
  sections.push(`## Cold start\n\n${l}\n\nCPU in brackets: workerd's from its own start to the first answer.\n\n${rows.join("\n")}\n`);
}

// 7. Statement page bytes.
if (step("Statement page bytes", "node", ["scripts/bench/statement.mjs", "--json", join(out, "statement.json")]) !== null) {
  const { pages, limit } = readJSON("statement.json");
  const worst = pages.reduce((a, p) => (p.total > a.total ? p : a));
  const l = `statement page transfer: at most ${worst.total.toLocaleString("en-US")} B (${worst.path}) of ${pages.length} pages (HTML, CSS, scripts, icon), app.wasm ${pages.some((p) => p.app) ? "LOADED" : "not loaded"}; at most ${limit.toLocaleString("en-US")} B wanted`;
  summary.push(l);
  const rows = ["| page | HTML | CSS | JS | icon | total (raw) | app |", "|---|---|---|---|---|---|---|"];
  for (const p of pages) rows.push(`| ${p.path} | ${p.byKind.html} | ${p.byKind.css} | ${p.byKind.js} | ${p.byKind.icon} | ${p.total} (${p.raw}) | ${p.app ? "loaded" : "no"} |`);
  sections.push(`## Statement page bytes\n\n${l}\n\nBytes as chromium transferred them (headers and compressed bodies):\n\n${rows.join("\n")}\n`);
}

// 8. The Go path's own cost in workerd (what the request rate's gap is made of).
if (step("Go path in workerd", "node", ["scripts/bench/gopath.mjs", "--rounds", values.rounds, "--json", join(out, "gopath.json")]) !== null) {
  const g = readJSON("gopath.json");
  const l = `rejected request in workerd, CPU: inside one event Go ${g.goMedian.toFixed(0)} us, Go floor ${g.floorMedian.toFixed(0)} us, JavaScript ${g.jsMedian.toFixed(0)} us; each its own event (all of wrangler dev's processes) Go ${g.goEventMedian.toFixed(0)} us, Go floor ${g.floorEventMedian.toFixed(0)} us, JavaScript ${g.jsEventMedian.toFixed(0)} us (medians of ${g.rounds}; the floor: functions/edge around a handler answering from memory)`;
  summary.push(l);
  const us = (xs) => xs.map((x) => x.toFixed(0)).join(", ");
  sections.push(`## Go path in workerd\n\n${l}\n\nRounds, us of CPU per request: inside one event Go ${us(g.go)}, Go floor ${us(g.floor)}, JavaScript ${us(g.js)}; one event each Go ${us(g.goEvent)}, Go floor ${us(g.floorEvent)}, JavaScript ${us(g.jsEvent)}.\n`);
}

// 9. Scale: the portal with 5 and with 1,000 generated companies.
if (step("Scale", "node", ["scripts/bench/scale.mjs", "--sizes", values.companies, "--starts", values.starts, "--json", join(out, "scale.json")]) !== null) {
  const { lines } = await import("./scale.mjs");
  const r = readJSON("scale.json");
  const ls = lines(r);
  summary.push(...ls);
  const rows = ["| companies | browser app brotli (sha256) | Worker gzip (sha256) | static files | static bytes | build s | first request ms (then, another) | ready form ms |", "|---|---|---|---|---|---|---|---|"];
  for (const z of r.sizes) rows.push(`| ${z.n} | ${z.browser.brotli} (${z.browser.sha256.slice(0, 12)}) | ${z.worker.gzip} (${z.worker.sha256.slice(0, 12)}) | ${z.site.files} | ${z.site.bytes} | ${(z.buildMs / 1000).toFixed(1)} | ${z.coldMedian.first.toFixed(0)} (${z.coldMedian.warm.toFixed(0)}, ${z.coldMedian.another.toFixed(0)}) | ${z.readyMedian.toFixed(0)} |`);
  sections.push(`## Scale\n\n${ls.join("\n\n")}\n\n${rows.join("\n")}\n`);
}

// medians condenses `go test -bench` output to one line per benchmark with
// the median of each unit, for the report (the raw file keeps every run).
function medians(text) {
  const runs = new Map();
  for (const l of text.split("\n")) {
    const m = /^(Benchmark\S+)\s+\d+\s+(.*)$/.exec(l);
    if (!m) continue;
    const units = {};
    for (const [, v, u] of m[2].matchAll(/([\d.]+) (\S+)/g)) units[u] = Number(v);
    if (!runs.has(m[1])) runs.set(m[1], []);
    runs.get(m[1]).push(units);
  }
  let s = "";
  for (const [name, rs] of runs) {
    const cols = Object.keys(rs[0]).map((u) => {
      const xs = rs.map((r) => r[u]).sort((a, b) => a - b);
      const mid = xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
      return `${mid.toLocaleString("en-US", { maximumFractionDigits: 1 })} ${u}`;
    });
    s += `${name.padEnd(28)} ${cols.join("  ")}  (median of ${rs.length})\n`;
  }
  return s;
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; Go ${execFileSync(go, ["env", "GOVERSION"], { encoding: "utf8" }).trim()}, Node.js ${process.version}`;
const report = `# Benchmark report, ${new Date().toISOString()}\n\nMachine: ${machine}. Command: \`make bench\`.\n\n## Summary\n\n${summary.map((l) => `- ${l}`).join("\n")}\n${failures.length ? `\nFailed steps: ${failures.join(", ")}\n` : ""}\n${sections.join("\n")}`;
writeFileSync(join(out, "report.md"), report);

console.log(`\n== Summary (report: ${join(out, "report.md").replace(root, "")})`);
for (const l of summary) console.log(l);
if (failures.length) {
  console.log(`failed: ${failures.join(", ")}`);
  process.exit(1);
}
