// Trunk's post-build hook (Trunk.toml): stamps the side panels' module with
// a hash of its files in index.html's loader.
//
// Trunk names the stage's files with a content hash but the panels' module
// (built as a worker) by its binary's name alone, so that the JS API keeps
// one address from build to build. Without a stamp, a browser or a CDN
// holding the previous build's panels could pair them with a new stage.
// The loader asks for `cascade-lab-panels.js?v=HASH` (and the wasm the same
// way): the file's name stays, its URL changes with its content.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('[version-panels] run by trunk (TRUNK_STAGING_DIR), or give the build directory');
  process.exit(1);
}
const hash = createHash('sha256');
for (const name of ['cascade-lab-panels.js', 'cascade-lab-panels_bg.wasm']) hash.update(readFileSync(join(dir, name)));
const version = hash.digest('hex').slice(0, 16);

const indexPath = join(dir, 'index.html');
const html = readFileSync(indexPath, 'utf8');
const PLACEHOLDER = "'PANELS_VERSION'";
if (!html.includes(PLACEHOLDER)) {
  console.error(`[version-panels] no ${PLACEHOLDER} in the panels' loader in index.html`);
  process.exit(1);
}
writeFileSync(indexPath, html.replace(PLACEHOLDER, `'${version}'`));
