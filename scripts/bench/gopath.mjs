// What a rejected request costs the Go Worker in workerd, beside the
// JavaScript baseline, measured as CPU time of wrangler dev's processes
// (Linux /proc) rather than as a request rate: the load comparison
// (worker.mjs) shares two cores between wrk, wrangler's proxy and workerd,
// and its run-to-run noise is larger than most changes to the Go side.
//
// It runs scripts/bench/gopath/entry.mjs under wrangler dev with the built
// Worker (functions/build, from `make build`), the floor (the Go program
// of scripts/bench/gopath/floor, built here: functions/edge around a
// handler that answers from memory) and the baseline in one isolate, and
// reports for each, medians of --rounds:
//   - per request, N requests one after another inside one event (no
//     event around each): the Go path (edge.js, the bridge, net/http, the
//     API) against the baseline's fetch;
//   - per event, each request an event of its own under wrk (8
//     connections): the whole event, workerd's own work included.
//
//   node scripts/bench/gopath.mjs [--rounds 3] [--n 20000] [--seconds 6] [--json file]
//
// Port 8801 (inspector 9241).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { median } from "./banner.mjs";
import { startDev } from "../wrangler.mjs";

const root = new URL("../..", import.meta.url).pathname;
const port = 8801;
const base = `http://127.0.0.1:${port}`;

// groupCPU is the CPU time, in microseconds, of every process in process
// group pgid: wrangler's node and its workerd processes.
function groupCPU(pgid) {
  const tick = 1e6 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
  let total = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // gone
    }
    // The command may hold spaces and brackets: fields count from its end.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(f[2]) === pgid) total += (Number(f[11]) + Number(f[12])) * tick;
  }
  return total;
}

async function start() {
  const dir = mkdtempSync(join(tmpdir(), "portal-gopath-"));
  for (const f of ["wasm_exec.js", "edge.js", "runtime.mjs", "app.wasm"]) copyFileSync(join(root, "functions/build", f), join(dir, f));
  copyFileSync(join(root, "scripts/bench/gopath/entry.mjs"), join(dir, "entry.mjs"));
  execFileSync(process.env.GO || "go", ["build", "-trimpath", "-ldflags=-s -w", "-o", join(dir, "floor.wasm"), "./scripts/bench/gopath/floor"], {
    cwd: root,
    env: { ...process.env, GOOS: "js", GOARCH: "wasm" },
    stdio: "inherit",
  });
  copyFileSync(join(root, "scripts/bench/baseline/worker.mjs"), join(dir, "baseline.mjs"));
  if (!existsSync(join(root, ".dev.vars"))) execFileSync("make", [".dev.vars"], { cwd: root, stdio: "inherit" });
  copyFileSync(join(root, ".dev.vars"), join(dir, ".dev.vars"));
  // The bindings the Go program checks at start-up (never used by a
  // rejected request) and the variables it needs, as in wrangler.toml.
  writeFileSync(
    join(dir, "wrangler.toml"),
    `name = "portal-gopath-bench"
main = "entry.mjs"
compatibility_date = "2025-09-01"
[[d1_databases]]
binding = "DB"
database_name = "bench"
database_id = "00000000-0000-0000-0000-000000000000"
[[send_email]]
name = "MAIL"
[vars]
PORTAL_ORIGIN = "http://127.0.0.1:${port}"
MAIL_FROM = "portal@personvern.example"
REQUEST_LIMIT = "10/3600"
RECIPIENT_LIMIT = "8/86400"
`,
  );
  const w = await startDev({ config: join(dir, "wrangler.toml"), port, cwd: dir, ready: "/go?n=10", args: ["--inspector-port", "9241"] });
  return {
    ...w,
    stop: async () => {
      await w.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// inEvent is the CPU per request of n requests inside one event.
async function inEvent({ pgid, log }, path, n) {
  for (let attempt = 1; ; attempt++) {
    const before = groupCPU(pgid);
    let res;
    try {
      res = await fetch(`${base}/${path}?n=${n}`);
    } catch (err) {
      // Node's fetch reuses an idle connection that wrangler may have
      // closed meanwhile ("other side closed"): the request never
      // arrived, and is sent again once.
      if (attempt < 2) continue;
      throw new Error(`/${path}?n=${n}: ${err.cause?.message ?? err.message}\n${log()}`);
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`/${path}: ${res.status} ${text}`);
    return (groupCPU(pgid) - before) / n;
  }
}

// perEvent is the CPU per request, each its own event, under wrk.
function perEvent(pgid, path, seconds) {
  const before = groupCPU(pgid);
  const out = execFileSync("wrk", ["-t", "1", "-c", "8", "-d", `${seconds}s`, `${base}/${path}`], { encoding: "utf8" });
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  if (!(requests > 0)) throw new Error(`wrk printed no count:\n${out}`);
  return (groupCPU(pgid) - before) / requests;
}

export async function measure({ rounds = 3, n = 20000, seconds = 6 } = {}) {
  const w = await start();
  const r = { rounds, n, seconds, go: [], floor: [], js: [], goEvent: [], floorEvent: [], jsEvent: [] };
  try {
    // Warm-up: compilation and tiering of both.
    for (const path of ["go", "floor", "js"]) await inEvent(w, path, 2000);
    for (let i = 0; i < rounds; i++) {
      r.go.push(await inEvent(w, "go", n));
      r.floor.push(await inEvent(w, "floor", n));
      r.js.push(await inEvent(w, "js", n));
      r.goEvent.push(perEvent(w.pgid, "one", seconds));
      r.floorEvent.push(perEvent(w.pgid, "floorone", seconds));
      r.jsEvent.push(perEvent(w.pgid, "jsone", seconds));
    }
  } finally {
    await w.stop();
  }
  for (const k of ["go", "floor", "js", "goEvent", "floorEvent", "jsEvent"]) r[k + "Median"] = median(r[k]);
  return r;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "3" },
      n: { type: "string", default: "20000" },
      seconds: { type: "string", default: "6" },
      json: { type: "string" },
    },
  });
  const r = await measure({ rounds: Number(values.rounds), n: Number(values.n), seconds: Number(values.seconds) });
  const us = (xs) => xs.map((x) => x.toFixed(0)).join(", ");
  console.log(`go path in workerd, per rejected request inside one event: Go ${r.goMedian.toFixed(0)} us CPU (${us(r.go)}), Go floor ${r.floorMedian.toFixed(0)} us (${us(r.floor)}), JavaScript ${r.jsMedian.toFixed(0)} us (${us(r.js)})`);
  console.log(`go path in workerd, per event under wrk (wrangler's processes): Go ${r.goEventMedian.toFixed(0)} us CPU (${us(r.goEvent)}), Go floor ${r.floorEventMedian.toFixed(0)} us (${us(r.floorEvent)}), JavaScript ${r.jsEventMedian.toFixed(0)} us (${us(r.jsEvent)})`);
  if (values.json) writeFileSync(values.json, JSON.stringify(r, null, 2) + "\n");
}
