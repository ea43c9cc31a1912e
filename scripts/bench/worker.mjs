// The Worker load comparison: the Go Worker against a plain JavaScript
// Worker (scripts/bench/baseline), both under `wrangler dev` (workerd), on
// a rejected request: POST /api/werksta/requests with the JSON body {},
// which both answer with the same 422. wrk (Debian's package) loads each on
// loopback for a fixed time, the two alternately, several rounds; the
// report gives each round's requests per second, the medians and their
// ratio go/js. Every answer is checked to be that 422.
//
//   node scripts/bench/worker.mjs [--rounds 3] [--seconds 10] [--connections 8] [--json file]
//
// Ports 8797 (Go) and 8798 (JavaScript); the tests use 8788 to 8793.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startPortal } from "../../e2e/harness.mjs";
import { median } from "./banner.mjs";
import { startDev } from "../wrangler.mjs";

const root = new URL("../..", import.meta.url).pathname;
const PATH = "/api/werksta/requests";

// The wrk script: POSTs {} and counts answers that are not the 422.
const lua = `
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) wrong = 0 end
function response(status, headers, body)
  if status ~= 422 then wrong = wrong + 1 end
end
function done(summary, latency, requests)
  local w = 0
  for _, t in ipairs(threads) do w = w + t:get("wrong") end
  io.write(string.format("wrong_status %d\\n", w))
end
`;

function haveWrk() {
  try {
    execFileSync("wrk", ["--version"], { stdio: "pipe" });
  } catch (err) {
    // wrk --version exits 1 after printing its version.
    if (err.code === "ENOENT") return false;
  }
  return true;
}

// startBaseline runs the JavaScript Worker under wrangler dev.
function startBaseline(port) {
  return startDev({ config: join(root, "scripts/bench/baseline/wrangler.toml"), port });
}

// answer is what one rejected request gets: status, the headers that
// matter to a client, body.
async function answer(base) {
  const res = await fetch(base + PATH, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
  const keep = ["content-type", "cache-control", "content-security-policy", "referrer-policy", "x-content-type-options", "strict-transport-security"];
  return JSON.stringify({ status: res.status, headers: keep.map((h) => [h, res.headers.get(h)]), body: await res.text() });
}

function load(base, seconds, connections, script) {
  const out = execFileSync("wrk", ["-t", "1", "-c", String(connections), "-d", `${seconds}s`, "--latency", "-s", script, base + PATH], { encoding: "utf8" });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const wrong = Number(/wrong_status (\d+)/.exec(out)?.[1]);
  // The distribution's own lines: "90.50%" in the thread stats would match too.
  const p50 = /^\s+50%\s+(\S+)/m.exec(out)?.[1];
  const p99 = /^\s+99%\s+(\S+)/m.exec(out)?.[1];
  const socket = /Socket errors:.*/.exec(out)?.[0] ?? "";
  if (!(rps > 0)) throw new Error(`wrk printed no rate:\n${out}`);
  if (wrong > 0) throw new Error(`${wrong} answers were not the 422:\n${out}`);
  return { rps, p50, p99, socket };
}

export async function compare({ rounds = 3, seconds = 10, connections = 8 } = {}) {
  if (!haveWrk()) throw new Error("wrk is missing: apt-get install wrk (Debian's package)");
  const dir = mkdtempSync(join(tmpdir(), "portal-wrk-"));
  const script = join(dir, "rejected.lua");
  writeFileSync(script, lua);
  const go = await startPortal({ port: 8797 });
  const js = await startBaseline(8798);
  const result = { rounds, seconds, connections, go: [], js: [] };
  try {
    const [a, b] = [await answer(go.base), await answer(js.base)];
    if (a !== b) throw new Error(`the two Workers answer differently:\ngo: ${a}\njs: ${b}`);
    // A short warm-up of each: the Go instance starts on the first
    // request, and both runtimes compile their hot code.
    load(go.base, 2, connections, script);
    load(js.base, 2, connections, script);
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? ["go", "js"] : ["js", "go"];
      for (const which of order) {
        result[which].push(load(which === "go" ? go.base : js.base, seconds, connections, script));
      }
    }
  } finally {
    await go.stop();
    await js.stop();
  }
  result.goMedian = median(result.go.map((r) => r.rps));
  result.jsMedian = median(result.js.map((r) => r.rps));
  result.ratio = result.goMedian / result.jsMedian;
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "3" },
      seconds: { type: "string", default: "10" },
      connections: { type: "string", default: "8" },
      json: { type: "string" },
    },
  });
  const r = await compare({ rounds: Number(values.rounds), seconds: Number(values.seconds), connections: Number(values.connections) });
  const list = (xs) => xs.map((x) => `${x.rps.toFixed(0)}/s (p50 ${x.p50}, p99 ${x.p99})`).join(", ");
  console.log(`worker go: ${list(r.go)}; median ${r.goMedian.toFixed(0)} requests/s`);
  console.log(`worker js: ${list(r.js)}; median ${r.jsMedian.toFixed(0)} requests/s`);
  console.log(`worker ratio go/js (median, ${r.rounds} rounds of ${r.seconds} s, ${r.connections} connections, wrk on loopback): ${r.ratio.toFixed(2)} (0.90 wanted, issue 13)`);
  if (values.json) writeFileSync(values.json, JSON.stringify(r, null, 2) + "\n");
}
