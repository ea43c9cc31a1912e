// The export benchmark: seeds a company with N marketing consents in the
// local D1 database (SQL run by wrangler, as an operator would), then
// downloads the CSV export through the Worker in workerd and reports the
// time to the first and to the last byte, rows per second, the rows and
// bytes, the Go Worker's own memory (heap in use and total, from the
// export's log line), and the workerd process's resident set (sampled
// every 20 ms; it also holds the local D1 simulation) before and at its
// peak. Run at several sizes, it shows whether the Worker's memory stays
// flat; the last lines sum the sizes up side by side.
//
//   node scripts/bench/export.mjs [--sizes 10000,50000,100000] [--json file] [--port 8796]
import http from "node:http";
import { readFileSync, writeFileSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startPortal, issueToken } from "../../e2e/harness.mjs";
import { d1 } from "../wrangler.mjs";

async function seed(persist, from, to) {
  const dir = mkdtempSync(join(tmpdir(), "portal-bench-"));
  const file = join(dir, "seed.sql");
  const n = `WITH RECURSIVE n(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM n WHERE i < ${to})`;
  writeFileSync(
    file,
    `${n} INSERT INTO marketing_people (id, controller, email, phone, language, created_at, updated_at)
       SELECT printf('bench%08d', i), 'werksta', printf('kunde.%06d.æøå@example.no', i), printf('+479%07d', i), 'nb',
              '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
     ${n} INSERT INTO marketing_consents (id, controller, person_id, channel, status, purposes, lawful_basis,
              opted_in_at, confirmed_at, withdrawn_at, policy_version, wording_sha256, language, source_page, updated_at)
       SELECT printf('consent%08d', i), 'werksta', printf('bench%08d', i), 'email',
              CASE WHEN i % 10 = 0 THEN 'withdrawn' ELSE 'granted' END,
              'nyhetsbrev; oppdaterte tilbud og alternativer til tilbud du har fått', 'consent (GDPR art. 6(1)(a))',
              '2026-01-01T00:00:00Z', '2026-01-01T00:05:00Z',
              CASE WHEN i % 10 = 0 THEN '2026-02-01T00:00:00Z' ELSE NULL END,
              '2023-06-22', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'nb', '/werksta/marketing',
              '2026-01-01T00:05:00Z' FROM n;`,
  );
  await d1(persist, { file });
}

// workerdPids finds this portal's workerd processes (the Worker's runtime):
// those descended from the portal's wrangler.
function workerdPids(root) {
  const parent = new Map();
  for (const p of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      parent.set(Number(p), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone
    }
  }
  const descends = (p) => {
    for (let q = p; q > 1; q = parent.get(q) ?? 0) if (q === root) return true;
    return false;
  };
  return [...parent.keys()].filter((p) => {
    try {
      return descends(p) && readFileSync(`/proc/${p}/cmdline`, "utf8").includes("workerd");
    } catch {
      return false;
    }
  });
}

function rssKiB(pids) {
  let total = 0;
  for (const p of pids) {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))[1]);
    } catch {
      // gone
    }
  }
  return total;
}

async function measure(portal, pids, token, query = "") {
  const before = rssKiB(pids);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssKiB(pids))), 20);
  const t0 = performance.now();
  let first = 0;
  // A fresh connection for each export: under wrangler dev 4.86, a
  // connection that carried a long streamed answer (over about ten
  // seconds) answers nothing more, though the Worker has finished; curl
  // shows it too.
  const { status, bytes, rows } = await new Promise((resolve, reject) => {
    const req = http.get(
      `${portal.base}/api/werksta/exports/marketing?format=csv${query}`,
      { agent: false, headers: { Authorization: `Bearer ${token}` }, timeout: 180_000 },
      (res) => {
        let bytes = 0;
        let rows = 0;
        res.on("data", (chunk) => {
          if (bytes === 0) first = performance.now() - t0;
          bytes += chunk.length;
          for (const b of chunk) if (b === 10) rows++;
        });
        res.on("end", () => resolve({ status: res.statusCode, bytes, rows }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("no answer within 180 s")));
    req.on("error", reject);
  });
  const ms = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, rssKiB(pids));
  return { status, ms, firstByteMs: first, bytes, rows: rows - 1, before, peak };
}

const { values } = parseArgs({
  options: { sizes: { type: "string", default: "10000,50000,100000" }, json: { type: "string" }, port: { type: "string", default: "8796" } },
});
const sizes = values.sizes.split(",").map(Number);
const port = Number(values.port);
const results = [];
// Each size gets a fresh database, seeded while the Worker is stopped:
// local D1 is a SQLite file that workerd holds open, and writing it from
// another process while it runs can leave the Worker's queries waiting.
for (const size of sizes) {
  const first = await startPortal({ port }); // applies the migrations
  await first.stop({ keep: true });
  let portal = null;
  try {
    await seed(first.persist, 1, size);
    // The marketers' export token, issued as an operator would (make token).
    const { token } = await issueToken(first, "werksta", ["marketing"], { name: "bench" });
    portal = await startPortal({ port, persist: first.persist, outbox: first.outbox });
    const pids = workerdPids(portal.pgid);
    if (pids.length === 0) throw new Error("no workerd process found");
    // Warm the Worker with a short export. Only one long export is timed
    // per start: under wrangler dev 4.86 a request that follows a long
    // export at once can stall, or wrangler itself exits (its devtools
    // proxy, which copies every D1 answer), after the Worker has finished
    // and logged the export.
    await measure(portal, pids, token, "&limit=1000");
    const m = await measure(portal, pids, token);
    await new Promise((r) => setTimeout(r, 200));
    const line = portal.log().split("\n").filter((l) => l.includes('"msg":"export"')).at(-1) ?? "{}";
    const go = JSON.parse(line.slice(line.indexOf("{")));
    results.push({ size, ...m, goHeapKiB: go.heap_inuse_kib, goSysKiB: go.sys_kib });
    console.log(
      `export ${size} consents: ${m.rows} rows, ${(m.bytes / 1e6).toFixed(1)} MB CSV in ${(m.ms / 1000).toFixed(2)} s to the last byte ` +
        `(first byte ${Math.round(m.firstByteMs)} ms; ${Math.round(m.rows / (m.ms / 1000))} rows/s); Go Worker heap in use ${(go.heap_inuse_kib / 1024).toFixed(1)} MiB of ${(go.sys_kib / 1024).toFixed(1)} MiB; ` +
        `workerd RSS ${(m.before / 1024).toFixed(0)} MiB before, peak ${(m.peak / 1024).toFixed(0)} MiB; status ${m.status}`,
    );
  } finally {
    await portal?.stop();
    await first.stop(); // removes the database
  }
}
if (results.length > 1) {
  // Side by side: time grows with the rows, the Go heap should not.
  console.log("\n| consents | last byte | rows/s | first byte | Go heap in use | Go sys | workerd RSS peak |");
  console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of results) {
    console.log(
      `| ${r.size.toLocaleString("en-US")} | ${(r.ms / 1000).toFixed(2)} s | ${Math.round(r.rows / (r.ms / 1000)).toLocaleString("en-US")} | ` +
        `${Math.round(r.firstByteMs)} ms | ${(r.goHeapKiB / 1024).toFixed(1)} MiB | ${(r.goSysKiB / 1024).toFixed(1)} MiB | ${(r.peak / 1024).toFixed(0)} MiB |`,
    );
  }
}
if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2) + "\n");
