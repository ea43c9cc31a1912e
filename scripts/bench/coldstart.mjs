// Cold start: the time and CPU from a fresh isolate to the first answered
// request, for the Go Worker and for the plain JavaScript Worker of the
// load comparison (scripts/bench/baseline), both under `wrangler dev`
// (workerd). Each run starts wrangler afresh, waits until it serves static
// assets (which never wake the Worker), then sends the request both
// Workers answer alike (POST /api/werksta/requests with {}, a 422) and
// reads:
//
//   - first: the first request's time to its answer, on loopback; the
//     Go Worker starts its program here (runtime, package init, main's
//     set-up) inside the request;
//   - warm: the next request's, for comparison (wrangler's own proxy
//     costs both);
//   - cpu: the CPU time workerd spent on the first request (user+system
//     of the workerd process, from /proc, 10 ms ticks), and its CPU in all
//     from its own start to that answer (isolate creation and the
//     WebAssembly's compilation included).
//
//   node scripts/bench/coldstart.mjs [--runs 5] [--json file]
//
// Ports 8799 (Go) and 8800 (JavaScript).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { median } from "./banner.mjs";
import { migrate, startDev } from "../wrangler.mjs";

const root = new URL("../..", import.meta.url).pathname;
const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim() || 100);

// start runs one Worker under wrangler dev in its own process group and
// resolves once its static assets answer.
async function start(which, port) {
  if (which !== "go") return startDev({ config: join(root, "scripts/bench/baseline/wrangler.toml"), port, ready: "/robots.txt" });
  const persist = mkdtempSync(join(tmpdir(), "portal-cold-"));
  await migrate(persist);
  const w = await startDev({ port, persist, outbox: join(persist, "outbox"), ready: "/robots.txt" });
  return {
    ...w,
    async stop() {
      await w.stop();
      rmSync(persist, { recursive: true, force: true });
    },
  };
}

// workerdCPU sums user+system CPU (ms) of the workerd processes descended
// from a process (wrangler's, the group's leader).
function workerdCPU(ancestor) {
  const procs = new Map();
  for (const p of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // f[1] is the parent; f[11], f[12] are utime and stime (fields 14, 15).
      procs.set(Number(p), { name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), parent: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // gone
    }
  }
  const descends = (p) => {
    for (let q = p; q > 1; q = procs.get(q)?.parent ?? 0) if (q === ancestor) return true;
    return false;
  };
  let ms = 0;
  for (const [p, info] of procs) if (info.name === "workerd" && descends(p)) ms += info.ticks * TICK_MS;
  return ms;
}

async function rejected(base) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/werksta/requests`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status !== 422) throw new Error(`expected 422, got ${res.status}`);
  return ms;
}

async function once(which, port) {
  const w = await start(which, port);
  try {
    await new Promise((r) => setTimeout(r, 500)); // let workerd settle
    const cpuBefore = workerdCPU(w.pgid);
    const first = await rejected(w.base);
    const cpuAfter = workerdCPU(w.pgid);
    const warm = await rejected(w.base);
    return { first, warm, cpu: cpuAfter - cpuBefore, cpuTotal: cpuAfter };
  } finally {
    await w.stop();
  }
}

export async function coldStart({ runs = 5 } = {}) {
  const result = { runs, go: [], js: [] };
  for (let i = 0; i < runs; i++) {
    for (const which of i % 2 ? ["js", "go"] : ["go", "js"]) {
      result[which].push(await once(which, which === "go" ? 8799 : 8800));
    }
  }
  for (const which of ["go", "js"]) {
    const rs = result[which];
    result[`${which}Median`] = {
      first: median(rs.map((r) => r.first)),
      warm: median(rs.map((r) => r.warm)),
      cpu: median(rs.map((r) => r.cpu)),
      cpuTotal: median(rs.map((r) => r.cpuTotal)),
    };
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, json: { type: "string" } } });
  const r = await coldStart({ runs: Number(values.runs) });
  for (const which of ["go", "js"]) {
    const m = r[`${which}Median`];
    console.log(
      `cold start ${which}: first request ${m.first.toFixed(0)} ms (warm ${m.warm.toFixed(0)} ms), workerd CPU on it ${m.cpu.toFixed(0)} ms, ` +
        `${m.cpuTotal.toFixed(0)} ms from its start; medians of ${r.runs} fresh starts`,
    );
  }
  if (values.json) writeFileSync(values.json, JSON.stringify(r, null, 2) + "\n");
}
