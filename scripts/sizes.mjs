// Prints the size of each WebAssembly module as built and compressed, the
// way it travels, against its limit: brotli (quality 11) for the browser
// app, which Cloudflare serves brotli-compressed (limit 2,000,000 B, so a
// phone gets the portal quickly), and gzip (level 9) for the Worker, whose
// upload Cloudflare measures gzip-compressed (3 MB on the free plan; limit
// 3,000,000 B). It prints, and never fails a build: sizes are benchmarks.
//
//   node scripts/sizes.mjs --browser site/public/web/app.wasm --worker functions/build/app.wasm [--json file]
import { readFileSync, writeFileSync } from "node:fs";
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { browser: { type: "string" }, worker: { type: "string" }, json: { type: "string" } } });
  const out = {};
  for (const kind of ["browser", "worker"]) {
    if (!values[kind]) continue;
    out[kind] = measure(values[kind]);
    console.log(line(kind, out[kind]));
  }
  if (values.json) writeFileSync(values.json, JSON.stringify(out, null, 2) + "\n");
}
