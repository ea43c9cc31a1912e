// Prints the size of each WebAssembly module as built and compressed, the
// way it travels: brotli (quality 11) for the browser app, which Cloudflare
// serves brotli-compressed, and gzip (level 9) for the Worker, whose upload
// limit Cloudflare measures gzip-compressed.
//
//   node scripts/sizes.mjs site/public/web/app.wasm functions/build/app.wasm
import { readFileSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const fmt = (n) => n.toLocaleString("en-US").padStart(11);
for (const file of process.argv.slice(2)) {
  const raw = readFileSync(file);
  const br = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  }).length;
  const gz = gzipSync(raw, { level: 9 }).length;
  console.log(`size ${file.padEnd(28)} raw ${fmt(raw.length)} B  brotli ${fmt(br)} B  gzip ${fmt(gz)} B`);
}
