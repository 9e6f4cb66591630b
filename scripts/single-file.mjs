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
// wasm-bindgen's init ({ module_or_path: bytes }). The side panels' module
// is inlined the same way, behind the loader the stage calls.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const OUT_NAME = 'cascade-lab-offline.html';
// The side panels' module (index.html loads it by these names).
const PANELS_JS = 'cascade-lab-panels.js';
const PANELS_WASM = 'cascade-lab-panels_bg.wasm';

function fail(message) {
  console.error(`[single-file] ${message}`);
  process.exit(1);
}

/** Text safe inside a <script> or <style> element. */
function inlineSafe(text) {
  return text.replace(/<\/(script|style)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/**
 * A wasm-bindgen glue (`--target web`) as the body of an inline module: its
 * exports become plain declarations, gathered in `bindings` (the text of an
 * object literal) so the page can reach them.
 */
function inlineGlue(glue, jsName) {
  const exportLines = [];
  glue = glue.replace(/^export \{([^}]*)\};?\s*$/m, (_, names) => {
    exportLines.push(names);
    return '';
  });
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
  if (!bindings.some((b) => /^default: /.test(b))) fail(`the glue ${jsName} exports no default init function`);
  return { glue, bindings: `{ ${bindings.join(', ')} }` };
}

/** Base64 of a file, and the expression that turns it back into bytes. */
function inlineBytes(bytes) {
  return `Uint8Array.from(atob("${bytes.toString('base64')}"), (c) => c.charCodeAt(0))`;
}

/**
 * The side panels' module, inline: index.html's loader (which imports the
 * module by URL) is replaced by one that starts the inlined glue with the
 * inlined wasm, decoded only when the stage asks for the panels. Its
 * workers cannot load a glue that has no URL, so they compute on the page.
 */
function inlinePanels(html, read) {
  const loader = /<script id="panels-loader">[\s\S]*?<\/script>/.exec(html);
  if (!loader || !loader[0].includes('window.cascadeLabPanels')) fail('no panels loader (<script id="panels-loader">) in index.html');
  const { glue, bindings } = inlineGlue(read(PANELS_JS).toString('utf8'), PANELS_JS);
  const module = `
${glue}
const __cascadeLabPanels = ${bindings};
let __cascadeLabPanelsLoading;
window.cascadeLabPanels = () => (__cascadeLabPanelsLoading ??= (async () => {
  await __cascadeLabPanels.default({ module_or_path: ${inlineBytes(read(PANELS_WASM))} });
  __cascadeLabPanels.startPanels(undefined);
  return __cascadeLabPanels;
})());
`;
  return html.replace(loader[0], () => `<script type="module">${inlineSafe(module)}</script>`);
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

  const { glue, bindings } = inlineGlue(read(jsName).toString('utf8'), jsName);

  // The boot code's names start with __cascadeLab so they cannot clash
  // with the glue's own top-level names (it has a `wasm`).
  const boot = `
${glue}
const __cascadeLabBindings = ${bindings};
const __cascadeLabWasm = await __cascadeLabBindings.default({ module_or_path: ${inlineBytes(read(wasmName))} });
window.wasmBindings = __cascadeLabBindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: __cascadeLabWasm } }));
`;

  html = html.replace(scriptMatch[0], () => `<script type="module">${inlineSafe(boot)}</script>`);
  html = inlinePanels(html, read);
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
