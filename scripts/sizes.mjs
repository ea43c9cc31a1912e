// Prints the size of each WebAssembly module as built and compressed, the
// way it travels, against its limit: brotli (quality 11) for the browser
// app, which Cloudflare serves brotli-compressed (limit 2,000,000 B, so a
// phone gets the portal quickly), and gzip (level 9) for the Worker, whose
// upload Cloudflare measures gzip-compressed (3 MB on the free plan; limit
// 3,000,000 B). It prints, and never fails a build: sizes are benchmarks.
// With --last, it keeps each run's sizes in that file and prints, below
// the sizes, how each compressed size changed since the run before (so a
// change's cost is seen where it is built).
//
//   node scripts/sizes.mjs --browser site/public/web/app.wasm --worker functions/build/app.wasm [--json file] [--last file]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

export const LIMITS = { browser: { by: "brotli", max: 2_000_000 }, worker: { by: "gzip", max: 3_000_000 } };

export function measure(file) {
  const raw = readFileSync(file);
  const brotli = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  }).length;
  const gzip = gzipSync(raw, { level: 9 }).length;
  return { file, raw: raw.length, brotli, gzip };
}

const fmt = (n) => n.toLocaleString("en-US").padStart(11);

export function line(kind, m) {
  const { by, max } = LIMITS[kind];
  const verdict = m[by] <= max ? "within" : "OVER";
  return `size ${kind.padEnd(7)} ${m.file.padEnd(26)} raw ${fmt(m.raw)} B  brotli ${fmt(m.brotli)} B  gzip ${fmt(m.gzip)} B  (${by} ${verdict} the limit of ${max.toLocaleString("en-US")} B)`;
}

const signed = (n) => (n > 0 ? "+" : n < 0 ? "-" : "\u00b1") + Math.abs(n).toLocaleString("en-US");

// change says how a module's compressed sizes moved from was to now.
export function change(kind, was, now) {
  if (was.raw === now.raw && was.brotli === now.brotli && was.gzip === now.gzip) return `size ${kind.padEnd(7)} unchanged since the last build`;
  return `size ${kind.padEnd(7)} since the last build: brotli ${fmt(was.brotli)} -> ${fmt(now.brotli)} B (${signed(now.brotli - was.brotli)}), gzip ${fmt(was.gzip)} -> ${fmt(now.gzip)} B (${signed(now.gzip - was.gzip)})`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { browser: { type: "string" }, worker: { type: "string" }, json: { type: "string" }, last: { type: "string" } } });
  const out = {};
  for (const kind of ["browser", "worker"]) {
    if (!values[kind]) continue;
    out[kind] = measure(values[kind]);
    console.log(line(kind, out[kind]));
  }
  if (values.json) writeFileSync(values.json, JSON.stringify(out, null, 2) + "\n");
  if (values.last) {
    let before = {};
    try {
      before = existsSync(values.last) ? JSON.parse(readFileSync(values.last, "utf8")) : {};
    } catch {
      // an unreadable record is no record
    }
    for (const kind of Object.keys(out)) {
      const was = before[kind];
      if (was) console.log(change(kind, was, out[kind]));
    }
    mkdirSync(dirname(values.last), { recursive: true });
    writeFileSync(values.last, JSON.stringify(out, null, 2) + "\n");
  }
}
