// Chart legends that never squash or cover the data. On the projector
// (1280x720) and on a phone, Oct 10 2025's prices chart shows its lines'
// own value range, its six-asset legend in rows between the caption and
// the plot (a corner legend had no room, and raising the plot's top to
// make some left the lines in its bottom third); and legend text on every
// chart is at least the page's canvas minimum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_TEXT, openApp, openPanel, recordCanvasText, smallestCanvasText, useBrowserAndServer } from './harness.mjs';

const served = useBrowserAndServer();
const LINK = 'v=1&preset=oct-2025';
const ASSETS = ['BTC', 'ETH', 'SOL', 'ALTS', 'GOLD', 'NQ'];

/** The lowest and highest value of every asset's line, % from its reference, 0 included. */
function lineRange(run) {
  const values = run.steps.flatMap((s) => s.assets.map((a, i) => (a.price / run.assets[i].reference_price - 1) * 100));
  return [Math.min(0, ...values), Math.max(0, ...values)];
}

async function openCharts(screen, theme) {
  const context = await served.browser.newContext({ viewport: screen, deviceScaleFactor: 1 });
  await context.addInitScript(recordCanvasText);
  const suffix = theme === 'projector' ? '&theme=projector' : '';
  const { page, errors } = await openApp(context, `${served.server.url}?${LINK}${suffix}`);
  await openPanel(page, 'charts');
  await page.waitForSelector('#cascade-canvas[data-price-axis]');
  return { context, page, errors };
}

const CASES = [
  { screen: { width: 1280, height: 720 }, theme: 'normal' },
  { screen: { width: 1280, height: 720 }, theme: 'projector' },
  { screen: { width: 390, height: 844 }, theme: 'normal' },
];

for (const { screen, theme } of CASES) {
  const where = `${screen.width}x${screen.height} ${theme}`;
  test(`${where}: the prices chart keeps its lines' range, its legend above the plot`, async () => {
    const { context, page, errors } = await openCharts(screen, theme);
    const [low, high] = (await page.getAttribute('#cascade-canvas', 'data-price-axis')).split(' ').map(Number);
    const [lowest, highest] = lineRange(await page.evaluate(async (link) => (await window.cascadeLabPanels()).simulate(link), LINK));
    const margin = Math.max(1, 0.1 * (highest - lowest));
    assert.ok(low <= lowest && high >= highest, `${where}: [${low}, ${high}] shows every line (${lowest} to ${highest})`);
    assert.ok(low >= lowest - margin && high <= highest + margin,
      `${where}: [${low}, ${high}] is the lines' range (${lowest} to ${highest}) and a margin of ${margin}, not stretched for a legend`);

    const drawn = await page.evaluate(() => window.canvasTexts['cascade-canvas']);
    // The highest value label, 0%, sits at the top of the plot: every
    // legend label is wholly above it, so none is on the lines.
    const top = drawn['0%'];
    assert.ok(top, `${where}: the 0% label is drawn`);
    for (const name of ASSETS) {
      const label = drawn[name];
      assert.ok(label, `${where}: ${name} is in the legend`);
      assert.ok(label.size >= MIN_TEXT[theme] - 0.05, `${where}: ${name} at ${label.size.toFixed(1)} px`);
      assert.ok(label.y + label.size / 2 <= top.y - top.size / 2, `${where}: ${name} (y ${label.y}) above the plot's top (0% at ${top.y})`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('1280x720 projector: the fan, histogram and compare legends are at least 20 px', async () => {
  const { context, page, errors } = await openCharts({ width: 1280, height: 720 }, 'projector');
  await page.click('#spread-compute');
  await page.waitForSelector('#histogram-canvas', { timeout: 120_000 });
  await openPanel(page, 'compare');
  await page.click('#pin-button');
  await page.locator('#slider-liq').fill('0.5');
  await page.waitForFunction(() => window.canvasTexts['compare-canvas']?.['B (now)']);
  const legends = { 'fan-canvas': 'median', 'histogram-canvas': null, 'compare-canvas': 'B (now)' };
  for (const [id, label] of Object.entries(legends)) {
    const smallest = await smallestCanvasText(page, id);
    assert.ok(smallest.size >= MIN_TEXT.projector - 0.05, `${id}: "${smallest.text}" at ${smallest.size.toFixed(1)} px`);
    if (label) assert.ok(await page.evaluate(([c, l]) => window.canvasTexts[c][l], [id, label]), `${id} has "${label}" in its legend`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
