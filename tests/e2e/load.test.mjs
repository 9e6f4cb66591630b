// How the page's wasm arrives: compressed, as application/wasm, fetched
// once, and compiled while it downloads (WebAssembly.instantiateStreaming),
// which on a slow connection overlaps compiling with the download instead of
// adding it afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openApp, openPanel, serveDist } from './harness.mjs';

let browser;
let server;

before(async () => {
  browser = await launchBrowser();
  server = await serveDist();
});

after(async () => {
  await server?.close();
  await browser?.close();
});

/**
 * Records, before any script of the page runs, whether instantiateStreaming
 * was called and whether it settled with a module (it rejects, and the glue
 * falls back to a slower whole-buffer compile, when the Content-Type is not
 * application/wasm).
 */
function watchStreaming() {
  const original = WebAssembly.instantiateStreaming;
  window.wasmStreaming = { calls: 0, compiled: 0, failures: [] };
  WebAssembly.instantiateStreaming = async (...args) => {
    window.wasmStreaming.calls += 1;
    try {
      const result = await original.apply(WebAssembly, args);
      window.wasmStreaming.compiled += 1;
      return result;
    } catch (e) {
      window.wasmStreaming.failures.push(String(e));
      throw e;
    }
  };
}

test("each wasm (the stage's, then the panels') is sent compressed as application/wasm, fetched once and compiled while it downloads", async () => {
  const context = await browser.newContext();
  await context.addInitScript(watchStreaming);
  const wasmResponses = [];
  context.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('.wasm')) wasmResponses.push(response);
  });
  const { page, errors } = await openApp(context, server.url);
  await page.waitForFunction(() => document.querySelector('#spiral-canvas')?.dataset.run);
  // The panels' module follows the first run.
  await page.waitForFunction(() => window.wasmStreaming.compiled + window.wasmStreaming.failures.length >= 2);

  // The window's own fetches (a worker's are on its own timeline): the
  // preloaded wasm is the one the glue compiles, not a second download.
  const fetched = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.wasm')),
  );
  assert.equal(fetched.length, 2, `the page fetched ${fetched.join(', ')}`);
  assert.equal(new Set(fetched).size, 2, `each wasm once: ${fetched.join(', ')}`);
  assert.ok(fetched.some((p) => p.endsWith('/cascade-lab-panels_bg.wasm')), 'the panels\' module');
  // Its name is the same in every build, so its address carries a hash of
  // its files: no cache pairs this stage with another build's panels.
  const panelsUrls = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/cascade-lab-panels')),
  );
  assert.ok(panelsUrls.length >= 2 && panelsUrls.every((u) => /\?v=[0-9a-f]{16}$/.test(u)), panelsUrls.join(', '));
  assert.ok(wasmResponses.length >= 2);
  for (const response of wasmResponses) {
    const headers = await response.allHeaders();
    assert.equal(headers['content-type'], 'application/wasm');
    assert.equal(headers['content-encoding'], 'br', 'Chromium accepts brotli, so the .br copy is sent');
  }

  const streaming = await page.evaluate(() => window.wasmStreaming);
  assert.deepEqual(streaming.failures, []);
  assert.equal(streaming.calls, 2);
  assert.equal(streaming.compiled, 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a client that accepts only gzip gets the .gz copy, still as application/wasm', async () => {
  const context = await browser.newContext({ extraHTTPHeaders: { 'accept-encoding': 'gzip' } });
  const page = await context.newPage();
  const response = await page.goto(server.url);
  const wasmPath = (await response.text()).match(/href="\.\/([^"]+_bg\.wasm)"/)[1];
  const wasm = await context.request.get(new URL(wasmPath, server.url).href, {
    headers: { 'accept-encoding': 'gzip' },
  });
  assert.equal(wasm.headers()['content-type'], 'application/wasm');
  assert.equal(wasm.headers()['content-encoding'], 'gzip');
  const bytes = await wasm.body();
  assert.deepEqual([...bytes.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'the body decodes to a wasm module');
  await context.close();
});

test("the first spiral waits for the stage's wasm only; a panel opened before the panels' module arrives says it is loading, then shows", async () => {
  const context = await browser.newContext();
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  let panelsRequested = false;
  await context.route('**/cascade-lab-panels_bg.wasm?v=*', async (route) => {
    panelsRequested = true;
    await held;
    await route.continue();
  });
  const { page, errors } = await openApp(context, server.url);
  // openApp returned: the spiral shows its run while the panels' wasm is held.
  assert.ok(await page.evaluate(() => document.querySelector('#spiral-canvas').dataset.run));
  for (let waited = 0; !panelsRequested && waited < 10_000; waited += 100) await page.waitForTimeout(100);
  assert.ok(panelsRequested, 'the panels\' module is requested once the first run is on screen');
  await page.click('#tab-charts');
  await page.waitForSelector('#panels-loading');
  assert.match(await page.textContent('#panels-loading'), /Loading the panels/);
  release();
  await page.waitForSelector('#side-panel-body #panels-root canvas');
  assert.equal(await page.$('#panels-loading'), null, 'the loading line goes once the panel shows');
  // The panels act on the stage's one state: a preset chosen in Settings
  // reaches the reducer, the address and the stage's sliders.
  await page.click('#tab-settings');
  await page.selectOption('#preset-select', 'oct-2025');
  await page.waitForFunction(() => location.search.includes('preset=oct-2025'));
  await page.waitForFunction(() => document.querySelector('#spiral-canvas').dataset.run && !document.querySelector('#run-summary[aria-busy]'));
  assert.deepEqual(errors, []);
  await context.close();
});

test("when the panels' module cannot load, the panel says so and the spiral keeps working", async () => {
  const context = await browser.newContext();
  await context.route('**/cascade-lab-panels_bg.wasm?v=*', (route) => route.abort());
  const { page } = await openApp(context, server.url);
  await page.click('#tab-charts');
  await page.waitForSelector('#panels-failed');
  assert.match(await page.textContent('#panels-failed'), /could not be loaded .*reload the page/);
  const before = await page.evaluate(() => document.querySelector('#spiral-canvas').dataset.run);
  await page.locator('#slider-shock').fill('9');
  await page.waitForFunction((old) => document.querySelector('#spiral-canvas').dataset.run !== old, before);
  await context.close();
});

test('a side panel closed and opened again still acts on the stage', async () => {
  const context = await browser.newContext();
  const { page, errors } = await openApp(context, server.url);
  await openPanel(page, 'settings');
  await page.click('#close-panel');
  await page.waitForSelector('#side-panel', { state: 'detached' });
  await openPanel(page, 'settings');
  await page.selectOption('#preset-select', 'oct-2025');
  await page.waitForFunction(() => location.search.includes('preset=oct-2025'));
  // And a tab switched to after that, too.
  await openPanel(page, 'share');
  await page.click('#projector-mode');
  await page.waitForFunction(() => location.search.includes('theme=projector'));
  assert.deepEqual(errors, []);
  await context.close();
});
