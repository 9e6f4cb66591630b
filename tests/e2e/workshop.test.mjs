// The workshop tools: the link as a QR code that decodes back to the link,
// projector mode and full screen, the run downloaded as PNG, CSV and JSON
// (the files match what the command-line tool writes), and embedding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { ROOT, openApp, openPanel, useBrowserAndServer } from './harness.mjs';

const app = useBrowserAndServer();

/** What the native tool prints for `args` (without the final newline). */
function cli(...args) {
  return execFileSync(join(ROOT, 'target', 'release', 'cascade-lab'), args, { encoding: 'utf8' }).replace(/\n$/, '');
}

/** Clicks `selector` and returns the download's file name and bytes. */
async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

/** The page's elements a visitor can see: canvases and controls, by id. */
const visibleControls = (page) => page.$$eval('canvas, input, select, button, textarea', (elements) => elements
  .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
  .map((e) => `${e.tagName.toLowerCase()}#${e.id}${e.type === 'range' ? '[range]' : ''}`));

test('the QR code is large, decodes back to the current link, and closes with Esc', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, errors } = await openApp(context, `${app.server.url}?v=1&preset=oct-2025&liq=0.6&panel=share`);
  await page.click('#show-qr');
  await page.waitForSelector('#qr-canvas');
  const href = await page.evaluate(() => location.href);
  assert.equal(await page.textContent('#qr-link'), href, 'the link is printed under the code');

  const box = await page.locator('#qr-canvas').boundingBox();
  assert.ok(box.width >= 0.6 * 900 && Math.abs(box.width - box.height) < 2, `large and square on a projector: ${box.width}x${box.height}`);

  // One canvas pixel per module: scaled up 8x without smoothing so jsQR
  // sees modules of a camera-like size, then handed to node as RGBA.
  const image = await page.$eval('#qr-canvas', (qr) => {
    const scale = 8;
    const big = document.createElement('canvas');
    big.width = qr.width * scale;
    big.height = qr.height * scale;
    const context = big.getContext('2d');
    context.imageSmoothingEnabled = false;
    context.drawImage(qr, 0, 0, big.width, big.height);
    const { data, width, height } = context.getImageData(0, 0, big.width, big.height);
    return { data: Array.from(data), width, height };
  });
  const decoded = jsQR(Uint8ClampedArray.from(image.data), image.width, image.height);
  assert.ok(decoded, 'jsQR found a QR code');
  assert.equal(decoded.data, href);

  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#qr-dialog').count(), 0, 'Esc closed it');
  await page.click('#show-qr');
  await page.click('#qr-dialog >> text=Close');
  assert.equal(await page.locator('#qr-dialog').count(), 0, 'Close closed it');
  assert.deepEqual(errors, []);
  await context.close();
});

test('projector mode enlarges the type, is kept in the link, and full screen shows the spiral', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, errors } = await openApp(context, `${app.server.url}?v=1&shock=8&panel=share`);
  const rootSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await rootSize();
  assert.equal(await page.getAttribute('#projector-mode', 'aria-pressed'), 'false');

  await page.click('#projector-mode');
  await page.waitForFunction(() => location.search === '?v=1&shock=8&theme=projector&panel=share');
  assert.ok(await page.$('main.app.theme-projector'));
  assert.equal(await page.getAttribute('#projector-mode', 'aria-pressed'), 'true');
  const large = await rootSize();
  assert.ok(large >= normal * 1.2, `type grows: ${normal}px -> ${large}px`);

  // The link opens in projector mode; the button turns it off again.
  const second = await openApp(context, `${app.server.url}?v=1&theme=projector&panel=share`);
  assert.ok(await second.page.$('main.app.theme-projector'));
  await second.page.click('#projector-mode');
  await second.page.waitForFunction(() => location.search === '?v=1&panel=share');
  assert.equal(await second.page.$('main.app.theme-projector'), null);

  await second.page.close();
  await page.bringToFront();
  await page.click('#full-screen');
  await page.waitForFunction(() => document.fullscreenElement === document.documentElement);
  assert.ok(await page.isVisible('#play-button'), 'the time controls come along');
  assert.ok(await page.isVisible('.panel-tabs'), 'and the tabs');
  assert.ok(await page.isVisible('#slider-shock'), 'and the sliders');
  await page.waitForFunction(() => document.querySelector('#full-screen').getAttribute('aria-label') === 'Exit full screen');
  await page.click('#full-screen'); // the visible way back
  await page.waitForFunction(() => document.fullscreenElement === null);
  // The label follows the fullscreenchange event, which fires a moment later.
  await page.waitForFunction(() => document.querySelector('#full-screen').getAttribute('aria-label') === 'Full screen');
  await page.click('#full-screen');
  await page.waitForFunction(() => document.fullscreenElement === document.documentElement);
  await page.evaluate(() => document.exitFullscreen()); // what the browser's Esc does
  await page.waitForFunction(() => document.fullscreenElement === null);
  assert.deepEqual([...errors, ...second.errors], []);
  await context.close();
});

test('downloads: CSV and JSON are what the command-line tool writes, PNG is the spiral', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const query = 'v=1&preset=feb-2026&n=20000';
  const { page, errors } = await openApp(context, `${app.server.url}?${query}&panel=share`);

  const csv = await download(page, '#download-csv');
  assert.equal(csv.name, 'cascade-lab-steps.csv');
  const csvText = csv.bytes.toString('utf8');
  assert.match(csvText, /^minute,btc_price,btc_return_pct,/);
  assert.equal(csvText, cli('run', '--csv', '--link', query), 'the same series as `cascade-lab run --csv`');

  const json = await download(page, '#download-json');
  assert.equal(json.name, 'cascade-lab-run.json');
  const run = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(run.steps.length, run.summary.steps);
  assert.equal(csvText.trim().split('\n').length, run.steps.length + 1, 'CSV: a header and one row per step');
  for (const key of ['total_liquidated_usd', 'amplification', 'rounds', 'runaway', 'accounts_liquidated']) {
    assert.ok(key in run.summary, `summary has ${key}`);
  }
  assert.deepEqual(run, JSON.parse(cli('run', '--json', '--link', query)), 'the same run as `cascade-lab run --json`');
  assert.match(await page.textContent('#run-summary'), new RegExp(`over ${run.summary.rounds} rounds`));

  const png = await download(page, '#download-png');
  assert.equal(png.name, 'cascade-lab-spiral.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const [width, height] = [png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)];
  const canvas = await page.$eval('#spiral-canvas', (c) => [c.width, c.height]);
  assert.deepEqual([width, height], canvas, 'the PNG is the spiral canvas at its full resolution');
  assert.ok(png.bytes.length > 10_000, `a drawn picture, not a blank one: ${png.bytes.length} bytes`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Embed gives an iframe snippet of this link with embed=1, which shows only the spiral and three sliders', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, errors } = await openApp(context, `${app.server.url}?v=1&shock=12&lev=30&panel=share`);
  await page.click('#show-embed');
  const snippet = await page.inputValue('#embed-snippet');
  const href = await page.evaluate(() => location.href);
  const src = `${href.replace('&panel=share', '')}&embed=1`;
  assert.equal(snippet, `<iframe src="${src.replaceAll('&', '&amp;')}" width="800" height="600" title="Cascade Lab"></iframe>`);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#embed-dialog').count(), 0);

  // The snippet itself, in a page of its own.
  const host = await context.newPage();
  await host.setContent(snippet);
  const frame = await (await host.waitForSelector('iframe')).contentFrame();
  await frame.waitForSelector('main.app.embed #spiral-canvas');
  await frame.waitForFunction(() => document.querySelector('#spiral-canvas').width > 0);
  assert.equal(await frame.inputValue('#slider-shock'), '12');
  assert.deepEqual((await visibleControls(frame)).sort(), [
    'canvas#spiral-canvas',
    'input#slider-lev[range]',
    'input#slider-liq[range]',
    'input#slider-shock[range]',
  ]);
  assert.deepEqual(errors, []);
  await context.close();
});
