// Predict, then watch: predict=1 holds the spiral at the shock and hides the
// outcome until a guess is revealed; then the run plays, the guess is named
// in the outcome sentence and drawn on the price chart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, canvasDigest, openApp, openPanel, useBrowserAndServer } from './harness.mjs';

const app = useBrowserAndServer();

/** The native run's summary for a link. */
function nativeRun(query) {
  const out = execFileSync(join(ROOT, 'target', 'release', 'cascade-lab'), ['run', '--json', '--link', query], { encoding: 'utf8' });
  return JSON.parse(out);
}

test('predict hides the outcome, then reveals and compares', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const query = 'v=1&preset=oct-2025&predict=1';
  const { page, errors } = await openApp(context, `${app.server.url}?${query}`);
  const run = nativeRun(query);
  const fell = run.assets[0].max_drawdown_pct.toFixed(1);

  // Hidden: no outcome in the page's text, the spiral held still at the shock.
  await page.waitForSelector('#predict-box');
  const text = await page.textContent('body');
  assert.ok(!text.includes(`${fell}%`), `the fall ${fell}% is not shown before the reveal`);
  assert.equal((await page.textContent('#run-summary')).trim(), 'The outcome is hidden until you reveal it.');
  assert.ok(await page.isDisabled('#play-button') && await page.isDisabled('#scrubber'), 'nothing to play or scrub');
  assert.equal(await page.getAttribute('#scrubber', 'max'), '0', 'the scrubber does not tell the run\'s length');
  const still = await canvasDigest(page);
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(400);
  assert.equal(await canvasDigest(page), still, 'Space and Right arrow do not play it');
  await openPanel(page, 'charts');
  assert.equal(await page.locator('#cascade-canvas').count(), 0, 'no charts before the reveal');
  assert.match(await page.textContent('#side-panel'), /Hidden until the run is revealed/);

  // Reveal without a guess is refused with a reason; with one, it plays.
  await page.click('#reveal-button');
  assert.match(await page.textContent('#guess-error'), /Enter a guess/);
  await page.fill('#guess-fall', '120');
  assert.match(await page.textContent('#guess-error'), /must be a number from 0 to 95, got '120'/);
  await page.fill('#guess-fall', '8');
  await page.fill('#guess-liquidated', '5');
  await page.press('#guess-fall', 'Enter');
  await page.waitForSelector('#predict-box', { state: 'detached' });
  const summary = await page.textContent('#run-summary');
  const billions = (run.summary.total_liquidated_usd / 1e9).toFixed(2);
  assert.ok(summary.startsWith(`You guessed 8%: it fell ${fell}%. You guessed $5B liquidated: it was $${billions}B.`), summary);
  assert.equal(await page.getAttribute('#run-summary', 'aria-live'), 'polite');
  await page.waitForTimeout(300);
  assert.notEqual(await canvasDigest(page), still, 'the run plays');
  assert.ok(await page.isEnabled('#play-button'));
  assert.equal(await page.getAttribute('#scrubber', 'max'), String(run.steps.length));
  assert.equal(await page.getAttribute('#cascade-canvas', 'data-guess'), '8', 'the guess is drawn on the price chart');
  assert.ok((await page.evaluate(() => location.search)).includes('predict=1'), 'the mode stays in the link');

  // Another scenario is another prediction.
  await page.click('#predict-again');
  await page.waitForSelector('#predict-box');
  assert.deepEqual(errors, []);
  await context.close();
});

test('every lesson step offers predict mode', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const { page, errors } = await openApp(context, `${app.server.url}?lesson=2`);
  await page.check('#lesson-predict');
  await page.waitForSelector('#predict-box');
  await page.waitForFunction(() => location.search.includes('predict=1'));
  await page.click('#lesson-next');
  await page.waitForFunction(() => location.search.includes('lesson=3'));
  assert.ok(await page.isChecked('#lesson-predict'));
  assert.equal(await page.locator('#predict-box').count(), 1, 'the next step is hidden too');
  await page.uncheck('#lesson-predict');
  await page.waitForSelector('#predict-box', { state: 'detached' });
  assert.deepEqual(errors, []);
  await context.close();
});
