// The single-file build (scripts/single-file.mjs): dist/cascade-lab-offline.html
// opened straight from disk, with no server, runs the whole app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, launchBrowser, openApp, openPanel } from './harness.mjs';

const OFFLINE = join(DIST, 'cascade-lab-offline.html');

let browser;

before(async () => {
  if (!existsSync(OFFLINE)) {
    throw new Error(`${OFFLINE} is missing: run \`node scripts/single-file.mjs\` after trunk build (scripts/test.sh does)`);
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** True when the canvas holds more than a few colours (something was drawn). */
function drawn(page, selector) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    if (!c || c.width === 0) return false;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 97 * 4) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return seen.size > 3;
  }, selector);
}

test('the offline file loads nothing by URL but the page itself', () => {
  const html = readFileSync(OFFLINE, 'utf8');
  assert.doesNotMatch(html, /<script[^>]+src=/, 'no external script');
  assert.doesNotMatch(html, /<link[^>]+href="(?!data:)[^"]*"/, 'no external stylesheet, icon or preload');
  assert.match(html, /<style>/);
});

for (const query of ['', '?v=1&shock=9']) {
  test(`the offline file runs from file://${query ? ` with ${query}` : ''}`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const requests = [];
    context.on('request', (r) => requests.push(r.url()));
    const url = `${pathToFileURL(OFFLINE).href}${query}`;
    const { page, errors } = await openApp(context, url);
    const shock = query ? 9 : 5;
    await page.waitForFunction((s) => document.querySelector('#run-summary')?.textContent.includes(`A ${s}% shock became`), shock);
    const summary = await page.textContent('#run-summary');
    assert.match(summary, new RegExp(`A ${shock}% shock became an? \\d+\\.\\d% fall`));
    assert.equal(await page.getByRole('slider', { name: 'Shock' }).inputValue(), String(shock));
    assert.ok(await drawn(page, '#spiral-canvas'), 'the spiral canvas is drawn');
    await openPanel(page, 'charts');
    await page.waitForFunction(() => document.querySelector('#cascade-canvas')?.width > 0);
    const canvases = await page.locator('canvas').count();
    assert.ok(canvases >= 2, `the charts are there too (${canvases} canvases)`);
    // Every canvas that has a size shows a drawing.
    const blank = await page.evaluate(() =>
      [...document.querySelectorAll('canvas')]
        .filter((c) => c.width > 0 && c.height > 0 && c.offsetParent !== null)
        .filter((c) => {
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          const seen = new Set();
          for (let i = 0; i < d.length; i += 97 * 4) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
          return seen.size <= 1;
        })
        .map((c) => c.id || c.className));
    assert.deepEqual(blank, [], 'no visible canvas is blank');
    // No worker can load a script from a file: the page computes the runs
    // itself and says so in a small notice.
    await page.waitForSelector('#engine-notice');
    assert.match(await page.textContent('#engine-notice'), /runs the engine on the page itself/);
    // Dragging still re-runs the engine.
    await page.getByRole('slider', { name: 'Shock' }).fill('12');
    await page.waitForFunction(() => document.querySelector('#run-summary').textContent.includes('A 12% shock became'));
    // history.replaceState works on file:// in Chromium: the address keeps the scenario.
    await page.waitForFunction(() => new URL(location.href).searchParams.get('shock') === '12');
    const outside = requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('blob:'));
    assert.deepEqual(outside, [], 'nothing was fetched from a server');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
