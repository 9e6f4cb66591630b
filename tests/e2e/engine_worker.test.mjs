// The engine worker: runs after the first are computed off the main thread,
// the newest input wins (a run made stale by a later input never reaches the
// canvas), and a slow run shows a quiet "computing" line until it arrives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, openApp, useBrowserAndServer } from './harness.mjs';

const session = useBrowserAndServer('/cascade-lab/');

/** The native engine's digest of the run a link describes. */
const nativeDigest = (query) =>
  execFileSync(join(ROOT, 'target', 'release', 'cascade-lab'), ['digest', '--link', query], { encoding: 'utf8' }).trim();

const BIG = 'v=1&n=2000000';

/** Opens `query` and waits (placing 2M positions takes a while) for its first run. */
async function openBig(query) {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, errors } = await openApp(context, `${session.server.url}?${query}`);
  await page.waitForFunction(() => document.querySelector('#spiral-canvas').dataset.run, null, { timeout: 120_000 });
  return { context, page, errors };
}

/** Records every run the canvas shows from now on, with the time it appeared. */
function recordShownRuns(page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('#spiral-canvas');
    window.shownRuns = [];
    new MutationObserver(() => window.shownRuns.push({ run: canvas.dataset.run, at: performance.now() }))
      .observe(canvas, { attributes: true, attributeFilter: ['data-run'] });
  });
}

/** Moves slider `key` to each of `values` in turn, `gapMs` apart; returns the time of the last input. */
function rapidInputs(page, key, values, gapMs) {
  return page.evaluate(async ({ key, values, gapMs }) => {
    const input = document.querySelector(`#slider-${key}`);
    let last = 0;
    for (const value of values) {
      input.value = String(value);
      last = performance.now();
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, gapMs));
    }
    return last;
  }, { key, values, gapMs });
}

test('after rapid inputs at 2,000,000 positions, no stale run reaches the canvas and the last is the native one', async () => {
  const { context, page, errors } = await openBig(BIG);
  const levels = [21, 23, 26, 30];
  const expected = Object.fromEntries(levels.map((lev) => [lev, nativeDigest(`${BIG}&lev=${lev}`)]));
  assert.equal(new Set(Object.values(expected)).size, levels.length, 'each input gives another run');
  await recordShownRuns(page);
  const lastInput = await rapidInputs(page, 'lev', levels, 40);
  const final = expected[levels.at(-1)];
  await page.waitForFunction((digest) => document.querySelector('#spiral-canvas').dataset.run === digest, final, { timeout: 120_000 });
  // A moment longer, in case a stale reply were still on its way.
  await page.waitForTimeout(1500);
  const shown = await page.evaluate(() => window.shownRuns);
  const afterLast = shown.filter((s) => s.at > lastInput).map((s) => s.run);
  assert.deepEqual([...new Set(afterLast)], [final], `after the last input only its run is shown (saw ${afterLast.join(', ')})`);
  const stale = new Set(levels.slice(0, -1).map((lev) => expected[lev]));
  assert.ok(!afterLast.some((run) => stale.has(run)), 'no older input\'s run after the last input');
  assert.equal(await page.$eval('#spiral-canvas', (c) => c.dataset.run), final);
  assert.equal(await page.inputValue('#slider-lev'), '30');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a slow run says it is computing, then the line empties when the run arrives', async () => {
  const { context, page, errors } = await openBig(BIG);
  assert.equal((await page.textContent('#run-status')).trim(), '', 'nothing is said while nothing is computed');
  assert.equal(await page.getAttribute('#run-status', 'role'), 'status', 'a polite live region');
  const before = await page.$eval('#spiral-canvas', (c) => c.dataset.run);
  await page.focus('#slider-lev');
  await page.keyboard.press('ArrowRight');
  // Placing 2,000,000 positions again takes far longer than 150 ms.
  await page.waitForFunction(() => document.querySelector('#run-status').textContent.includes('Computing'), null, { timeout: 10_000 });
  assert.equal(await page.$eval('#spiral-canvas', (c) => c.dataset.run), before, 'the old run plays on meanwhile');
  const expected = nativeDigest(`${BIG}&lev=21`);
  await page.waitForFunction((digest) => document.querySelector('#spiral-canvas').dataset.run === digest, expected, { timeout: 120_000 });
  await page.waitForFunction(() => document.querySelector('#run-status').textContent.trim() === '');
  assert.equal(await page.locator('#engine-notice').count(), 0, 'the served page has its worker');
  // A quick run (the shock alone, on the placed population) says nothing.
  await page.evaluate(() => {
    window.statusTexts = [];
    const status = document.querySelector('#run-status');
    new MutationObserver(() => window.statusTexts.push(status.textContent))
      .observe(status, { childList: true, subtree: true, characterData: true });
  });
  const shockBefore = await page.$eval('#spiral-canvas', (c) => c.dataset.run);
  await page.focus('#slider-shock');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((b) => document.querySelector('#spiral-canvas').dataset.run !== b, shockBefore, { timeout: 30_000 });
  await page.waitForTimeout(300);
  assert.deepEqual((await page.evaluate(() => window.statusTexts)).filter((t) => t.trim()), [], 'no computing line for a quick re-run');
  assert.deepEqual(errors, []);
  await context.close();
});
