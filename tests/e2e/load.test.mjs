// How the page's wasm arrives: compressed, as application/wasm, fetched
// once, and compiled while it downloads (WebAssembly.instantiateStreaming),
// which on a slow connection overlaps compiling with the download instead of
// adding it afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openApp, serveDist } from './harness.mjs';

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

test('the wasm is sent compressed as application/wasm, fetched once and compiled while it downloads', async () => {
  const context = await browser.newContext();
  await context.addInitScript(watchStreaming);
  const wasmResponses = [];
  context.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('.wasm')) wasmResponses.push(response);
  });
  const { page, errors } = await openApp(context, server.url);
  await page.waitForFunction(() => document.querySelector('#spiral-canvas')?.dataset.run);

  // The window's own fetches (a worker's are on its own timeline): the
  // preloaded wasm is the one the glue compiles, not a second download.
  const fetches = await page.evaluate(() =>
    performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.endsWith('.wasm')).length,
  );
  assert.equal(fetches, 1, `the page fetched its wasm ${fetches} times`);
  assert.ok(wasmResponses.length >= 1);
  for (const response of wasmResponses) {
    const headers = await response.allHeaders();
    assert.equal(headers['content-type'], 'application/wasm');
    assert.equal(headers['content-encoding'], 'br', 'Chromium accepts brotli, so the .br copy is sent');
  }

  const streaming = await page.evaluate(() => window.wasmStreaming);
  assert.deepEqual(streaming.failures, []);
  assert.equal(streaming.calls, 1);
  assert.equal(streaming.compiled, 1);
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
