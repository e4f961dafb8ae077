// Writes `<file>.br` and `<file>.gz` beside each compressible file of the site folder given, at
// the highest settings, so the server (tower-http ServeDir, precompressed_br/gzip) sends them
// without compressing per request. Node's own zlib: nothing to install.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const root = process.argv[2];
if (!root) {
  console.error("usage: node scripts/precompress.mjs <site folder>");
  process.exit(2);
}
const compressible = /\.(wasm|js|css|svg|json|txt|html)$/;
const sizes = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
    } else if (compressible.test(name)) {
      const raw = readFileSync(path);
      const br = brotliCompressSync(raw, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_LGWIN]: 24,
          [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        },
      });
      const gz = gzipSync(raw, { level: 9 });
      writeFileSync(path + ".br", br);
      writeFileSync(path + ".gz", gz);
      sizes.push(`${path.slice(root.length + 1)}: ${raw.length} B, brotli ${br.length} B, gzip ${gz.length} B`);
    }
  }
}
walk(root);
console.log(sizes.join("\n"));
