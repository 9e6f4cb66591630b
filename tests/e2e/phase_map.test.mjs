// The phase map: computed in a web worker while the page keeps answering,
// drawn with the runaway boundary, and a click loads a cell's settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowserAndServer, openApp, openPanel, phaseMapFinished as finished } from './harness.mjs';

const session = useBrowserAndServer();

/** The rows the page has had computed since it loaded. */
const rowsComputed = (page) => page.evaluate(() => Number(document.querySelector('#phase-map').dataset.rowsComputed));

/** A new page with the phase map's panel open, counting the workers it starts. */
async function openPhaseMap() {
  const context = await session.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const { page, errors } = await openApp(context, session.server.url);
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  await openPanel(page, 'phase-map');
  return { context, page, errors, workers };
}

/** The heatmap's pixels, to tell one drawing from another. */
const pixels = (page) => page.$eval('#phase-canvas', (c) => c.toDataURL());

test('the phase map finishes in a worker while the page keeps answering input', async () => {
  const { context, page, errors, workers } = await openPhaseMap();
  await page.click('#phase-compute');
  // While it computes, drive a slider and time each answer.
  const latencies = [];
  for (const value of ['6', '7', '8', '9', '10']) {
    const started = Date.now();
    await page.getByRole('slider', { name: 'Shock' }).fill(value);
    await page.waitForFunction((v) => new URL(location.href).searchParams.get('shock') === v, value);
    latencies.push(Date.now() - started);
  }
  await finished(page);
  assert.ok(workers.length >= 1, 'a web worker computed the map');
  console.log(`page answered slider input in ${latencies.join(', ')} ms while the phase map was computing`);
  // A page blocked by the map would answer only when the whole map is done
  // (seconds). The bound leaves room for a loaded 2-core machine: this checks
  // that the page is not blocked; speed is measured in benches/, not here.
  assert.ok(Math.max(...latencies) < 1000, `the page kept answering: ${latencies}`);
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
  await finished(page);
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

test('the map outlives its tab: back on it, the same map is there at once, computed only once', async () => {
  const { context, page, errors, workers } = await openPhaseMap();
  assert.equal(await rowsComputed(page), 0);
  await page.click('#phase-compute');
  await finished(page);
  const rows = Number(await page.getAttribute('#phase-progress', 'max'));
  assert.equal(await rowsComputed(page), rows, 'one computation, one message per row');
  assert.ok(await page.isDisabled('#phase-compute'), 'nothing to compute again for the same settings');
  const drawn = await pixels(page);
  assert.equal(workers.length, 1);

  // Another tab, then back: the map is shown straight away, not computed.
  await openPanel(page, 'settings');
  assert.equal(await page.locator('#phase-canvas').count(), 0, 'the phase map panel was closed');
  await openPanel(page, 'phase-map');
  assert.equal(await page.getAttribute('#phase-progress', 'value'), String(rows), 'every row is there on opening');
  assert.equal(await page.getAttribute('#phase-map', 'data-running'), 'false');
  await page.waitForFunction((old) => document.querySelector('#phase-canvas').toDataURL() === old, drawn, { timeout: 2_000 });
  await page.waitForTimeout(300);
  assert.equal(await rowsComputed(page), rows, 'no row computed again');
  assert.equal(workers.length, 1, 'no new worker');
  assert.ok(await page.isDisabled('#phase-compute'));

  // Another metric is new work; the first map stays until it is computed.
  await page.selectOption('#phase-metric', 'total_liquidated_usd');
  assert.ok(await page.isVisible('.phase-stale'), 'the map shown is marked as for other settings');
  await page.click('#phase-compute');
  await finished(page);
  assert.equal(await rowsComputed(page), 2 * rows);
  // A new scenario is new work too.
  await page.getByRole('slider', { name: 'Leverage' }).fill('30');
  await page.waitForSelector('.phase-stale');
  assert.ok(await page.isEnabled('#phase-compute'));
  assert.equal(await rowsComputed(page), 2 * rows, 'nothing is computed until asked');
  assert.equal(await page.locator('.phase-error').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
