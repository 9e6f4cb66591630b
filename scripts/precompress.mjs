// Writes NAME.gz and NAME.br beside every file in the built page (dist/), so
// a static host (and scripts/static-server.mjs) can send the compressed
// bytes with Content-Encoding instead of compressing on each request.
// Brotli at quality 11 and gzip at level 9: slow once at build time, the
// fewest bytes on a slow connection.
//   node scripts/precompress.mjs [DIR]      (default dist)
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const COMPRESSED = /\.(gz|br)$/;

async function files(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat().filter((f) => !COMPRESSED.test(f));
}

const dir = process.argv[2] ?? 'dist';
let before = 0;
let gzipped = 0;
let brotli = 0;
for (const file of await files(dir)) {
  const body = await readFile(file);
  const gz = gzipSync(body, { level: 9 });
  const br = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  await writeFile(`${file}.gz`, gz);
  await writeFile(`${file}.br`, br);
  before += body.length;
  gzipped += gz.length;
  brotli += br.length;
  if (file.endsWith('.wasm')) {
    console.log(`[precompress] ${file}: ${body.length} bytes, gzip ${gz.length}, brotli ${br.length}`);
  }
}
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`[precompress] ${dir}: ${kb(before)} -> gzip ${kb(gzipped)}, brotli ${kb(brotli)}`);
