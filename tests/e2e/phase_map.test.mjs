// The phase map: computed in a web worker while the page keeps answering,
// drawn with the runaway boundary, and a click loads a cell's settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndServer, openApp, openPanel } from './harness.mjs';

const session = useBrowserAndServer();

test('the phase map finishes in a worker while the page keeps answering input', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const { page, errors } = await openApp(context, session.server.url);
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  await openPanel(page, 'phase-map');
  await page.click('#phase-compute');
  // While it computes, drive a slider and time each answer.
  const latencies = [];
  for (const value of ['6', '7', '8', '9', '10']) {
    const started = Date.now();
    await page.getByRole('slider', { name: 'Shock' }).fill(value);
    await page.waitForFunction((v) => new URL(location.href).searchParams.get('shock') === v, value);
    latencies.push(Date.now() - started);
  }
  await page.waitForFunction(() => {
    const p = document.querySelector('#phase-progress');
    return Number(p.value) === Number(p.max) && !document.querySelector('#phase-compute').disabled;
  }, null, { timeout: 60_000 });
  assert.ok(workers.length >= 1, 'a web worker computed the map');
  console.log(`page answered slider input in ${latencies.join(', ')} ms while the phase map was computing`);
  assert.ok(Math.max(...latencies) < 500, `the page kept answering: ${latencies}`);
  const colours = await page.$eval('#phase-canvas', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 97 * 4) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return seen.size;
  });
  assert.ok(colours > 10, `the heatmap is drawn (${colours} colours)`);
  assert.equal(await page.locator('.phase-error').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a click on a cell loads its shock and leverage', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const { page, errors } = await openApp(context, session.server.url);
  await openPanel(page, 'phase-map');
  await page.click('#phase-compute');
  await page.waitForFunction(() => !document.querySelector('#phase-compute').disabled, null, { timeout: 60_000 });
  const box = await page.locator('#phase-canvas').boundingBox();
  // Near the top-right corner of the plot (the colour legend is right of
  // it, sized by the label font): a big shock at high leverage.
  const font = await page.evaluate(() => Math.max(13, 0.85 * parseFloat(getComputedStyle(document.documentElement).fontSize)));
  await page.mouse.click(box.x + box.width - font * 6.4 - 6, box.y + font * 2 + 6);
  await page.waitForFunction(() => Number(new URL(location.href).searchParams.get('shock')) > 20);
  const params = new URL(page.url()).searchParams;
  assert.ok(Number(params.get('lev')) >= 46, params.toString());
  assert.equal(await page.inputValue('#slider-shock'), params.get('shock'));
  assert.deepEqual(errors, []);
  await context.close();
});
