// Writes dist/cascade-lab-offline.html after `trunk build`: the page with
// its CSS, icon, JS glue and wasm (base64) inlined, so it runs when opened
// straight from disk (file://) with no server.
//
//   node scripts/single-file.mjs [DIST]        (default: dist)
//
// Trunk's index.html is the template. Its stylesheet and icon links become
// inline <style> and a data: URL; its preload links are dropped; its module
// script (which imports the glue by URL and fetches the wasm, neither of
// which works from file://) is replaced by one inline module holding the
// glue itself, which decodes the wasm from base64 and starts it with
// wasm-bindgen's init ({ module_or_path: bytes }).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const OUT_NAME = 'cascade-lab-offline.html';

function fail(message) {
  console.error(`[single-file] ${message}`);
  process.exit(1);
}

/** Text safe inside a <script> or <style> element. */
function inlineSafe(text) {
  return text.replace(/<\/(script|style)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

export function buildSingleFile(distDir) {
  const dist = resolve(distDir);
  const read = (name) => readFileSync(join(dist, name));
  let html = read('index.html').toString('utf8');

  const scriptMatch = /<script type="module">([\s\S]*?)<\/script>/.exec(html);
  if (!scriptMatch) fail('no <script type="module"> in index.html (did trunk build run?)');
  const jsName = /from\s+'\.\/([^']+\.js)'/.exec(scriptMatch[1])?.[1];
  const wasmName = /module_or_path:\s*'\.\/([^']+\.wasm)'/.exec(scriptMatch[1])?.[1];
  if (!jsName || !wasmName) fail("could not find the glue and wasm names in Trunk's init script");

  // The glue as a classic module body: no exports; its functions stay in
  // the inline module's scope.
  let glue = read(jsName).toString('utf8');
  const exportLines = [];
  glue = glue.replace(/^export \{([^}]*)\};?\s*$/m, (_, names) => {
    exportLines.push(names);
    return '';
  });
  // `export function f` / `export class C` become plain declarations; the
  // names are collected so the page can reach them as window.wasmBindings.
  const exported = [];
  glue = glue.replace(/^export (async function|function|class|const|let) ([A-Za-z0-9_$]+)/gm, (_, kind, name) => {
    exported.push(name);
    return `${kind} ${name}`;
  });
  if (/^\s*export\s/m.test(glue)) fail(`the glue ${jsName} has an export this script does not know how to inline`);
  const bindings = [...exported];
  for (const names of exportLines) {
    for (const part of names.split(',')) {
      const [local, as] = part.trim().split(/\s+as\s+/);
      if (local) bindings.push(as && as !== local ? `${as}: ${local}` : local);
    }
  }
  if (!bindings.some((b) => /^default: /.test(b))) fail('the glue exports no default init function');

  const wasmBase64 = read(wasmName).toString('base64');
  // The boot code's names start with __cascadeLab so they cannot clash
  // with the glue's own top-level names (it has a `wasm`).
  const boot = `
${glue}
const __cascadeLabBindings = { ${bindings.join(', ')} };
const __cascadeLabBytes = Uint8Array.from(atob("${wasmBase64}"), (c) => c.charCodeAt(0));
const __cascadeLabWasm = await __cascadeLabBindings.default({ module_or_path: __cascadeLabBytes });
window.wasmBindings = __cascadeLabBindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: __cascadeLabWasm } }));
`;

  html = html.replace(scriptMatch[0], () => `<script type="module">${inlineSafe(boot)}</script>`);
  // Preloads of the glue and the wasm: nothing to fetch any more.
  html = html.replace(/<link rel="(modulepreload|preload)"[^>]*>/g, '');
  html = html.replace(/<link rel="stylesheet" href="\.\/([^"]+\.css)"[^>]*\/?>/g, (_, css) =>
    `<style>${inlineSafe(read(css).toString('utf8'))}</style>`);
  html = html.replace(/<link rel="icon" href="\.\/([^"]+\.svg)"[^>]*\/?>/g, (_, svg) =>
    `<link rel="icon" href="data:image/svg+xml;base64,${read(svg).toString('base64')}"/>`);
  // Anything else still pointing into dist/ (e.g. a copied file) stays a
  // relative link, so the file also works beside the rest of the build.
  const leftover = /<(?:script|link)[^>]*(?:src|href)="\.\/[^"]+\.(?:js|wasm|css)"/.exec(html);
  if (leftover) fail(`an asset is still loaded by URL: ${leftover[0]}`);

  const out = join(dist, OUT_NAME);
  writeFileSync(out, html);
  return { out, bytes: Buffer.byteLength(html), wasmBytes: read(wasmName).length };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const { out, bytes, wasmBytes } = buildSingleFile(process.argv[2] ?? 'dist');
  console.error(`[single-file] wrote ${out} (${(bytes / 1024).toFixed(0)} KiB; wasm ${(wasmBytes / 1024).toFixed(0)} KiB before base64)`);
}
