// The guided lesson and the A/B comparison, as a workshop uses them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, openPanel, useBrowserAndServer } from './harness.mjs';

const session = useBrowserAndServer('/cascade-lab/');

const query = (page) => new URL(page.url()).search;

test('the lesson steps forward and back, each step setting its scenario and its link', async () => {
  const context = await session.browser.newContext();
  const { page, errors } = await openApp(context, session.server.url);
  await openPanel(page, 'lesson');
  await page.click('#lesson-start');
  await page.waitForFunction(() => location.search === '?v=1&preset=calm&lesson=1&panel=lesson');
  assert.equal(await page.textContent('#lesson-step'), 'Lesson 1 of 9');
  assert.match(await page.textContent('#lesson-title'), /small shock with low leverage/);
  assert.ok(await page.isDisabled('#lesson-previous'));
  assert.match(await page.textContent('#lesson-panel'), /Discuss: .+\?/);

  await page.click('#lesson-next');
  await page.waitForFunction(() => location.search === '?v=1&shock=3&lev=25&lesson=2&panel=lesson');
  assert.equal(await page.inputValue('#slider-lev'), '25');
  assert.match(await page.textContent('#lesson-title'), /Leverage puts liquidation prices close/);
  await page.click('#lesson-next');
  await page.waitForFunction(() => location.search.endsWith('lesson=3&panel=lesson'));
  assert.equal(await page.inputValue('#slider-liq'), '0.4');
  await page.click('#lesson-previous');
  await page.waitForFunction(() => location.search.endsWith('lesson=2&panel=lesson'));

  await page.click('#lesson-close');
  await page.waitForFunction(() => location.search === '?v=1&shock=3&lev=25&panel=lesson', null, { timeout: 5000 });
  assert.equal(await page.locator('#lesson-panel').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link can open a given step, and a bad step is reported', async () => {
  const context = await session.browser.newContext();
  const { page, errors } = await openApp(context, `${session.server.url}?lesson=3`);
  assert.equal(await page.textContent('#lesson-step'), 'Lesson 3 of 9');
  assert.equal(await page.inputValue('#slider-liq'), '0.4', 'the step brought its scenario');
  await page.waitForFunction(() => location.search === '?v=1&shock=3&lev=25&liq=0.4&lesson=3&panel=lesson');
  // The last step has no Next.
  const { page: last } = await openApp(context, `${session.server.url}?lesson=9`);
  assert.ok(await last.isDisabled('#lesson-next'));
  await openPanel(last, 'settings');
  assert.equal(await last.inputValue('#preset-select'), 'textbook');
  const { page: bad } = await openApp(context, `${session.server.url}?v=1&lesson=12`);
  assert.match(await bad.textContent('.link-notice'), /lesson must be a whole number from 1 to 9, got '12'/);
  assert.equal(await bad.locator('#lesson-panel').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('compare: pin A, change a setting, and B is set against A in numbers and in a chart', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const { page, errors } = await openApp(context, session.server.url);
  const fallOf = (text) => Number(/became an? (\d+\.\d)% fall/.exec(text)[1]);
  const a = fallOf(await page.textContent('#run-summary'));
  await openPanel(page, 'compare');
  await page.click('#pin-button');
  await page.getByRole('slider', { name: 'Liquidity' }).fill('0.5');
  await page.waitForFunction(() => location.search.includes('liq=0.5'));
  const b = fallOf(await page.textContent('#run-summary'));
  assert.ok(b > a, `thinner books fall further: ${a} -> ${b}`);
  // One group per measure: its name, A and B, and the difference in words under them.
  const row = await page.$$eval('#compare-table tbody', (groups) => groups.map((g) => [...g.querySelectorAll('th, td:not(.compare-said)'), g.querySelector('.said')].map((c) => c.textContent)));
  const fall = row.find((r) => r[0] === 'BTC fall');
  assert.deepEqual(fall.slice(1, 3), [`${a.toFixed(1)}%`, `${b.toFixed(1)}%`]);
  assert.match(fall[3], /^\d+\.\d\d points further in B$/);
  assert.ok(Math.abs(Number(fall[3].split(' ')[0]) - (b - a)) < 0.06, fall[3]);
  assert.ok(row.some((r) => r[0] === 'Liquidated' && /more in B/.test(r[3])));
  await page.waitForFunction(() => document.querySelector('#compare-canvas').width > 0);
  await page.click('#unpin-button');
  assert.equal(await page.locator('#compare-panel').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('pinning while a new run is computed pins that run when it arrives, and says so meanwhile', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  // A million positions: a change of leverage places them again, which takes a moment.
  const { page, errors } = await openApp(context, `${session.server.url}?v=1&n=1000000&panel=compare`);
  const before = await page.$eval('#spiral-canvas', (c) => c.dataset.run);
  await page.evaluate(() => {
    window.pinLines = [];
    new MutationObserver(() => {
      const status = document.querySelector('#pin-waiting');
      window.pinLines.push({
        text: status?.textContent ?? '',
        height: status?.getBoundingClientRect().height ?? 0,
        run: document.querySelector('#spiral-canvas').dataset.run,
      });
    }).observe(document.querySelector('#side-panel'), { childList: true, characterData: true, subtree: true });
    // The new leverage and Pin in one task: the new run cannot have arrived yet.
    const slider = document.querySelector('#slider-lev');
    slider.value = '30';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    document.querySelector('#pin-button').click();
  });
  await page.waitForFunction((old) => document.querySelector('#spiral-canvas').dataset.run !== old, before, { timeout: 120_000 });
  await page.waitForSelector('#compare-table');
  const seen = await page.evaluate(() => window.pinLines);
  const waiting = seen.find((l) => l.text.length > 0);
  const said = await page.$$eval('#compare-table .said', (cells) => cells.map((c) => c.textContent));
  assert.ok(waiting, `the panel said it was waiting: ${JSON.stringify(seen.slice(-3))}; A against B: ${said}`);
  assert.equal(waiting.text, 'The new run is being computed: it is pinned as A when it arrives.');
  assert.equal(waiting.run, before, 'it said so while the old run was still on screen');
  assert.ok(waiting.height > 0, 'the reason is visible');
  assert.equal(await page.textContent('#pin-waiting'), '', 'the line goes once the run is pinned');
  // A is the run the controls describe (leverage 30), the same as B.
  assert.equal(said.length, 5);
  assert.deepEqual([...new Set(said)], ['the same'], `A is the new run, not the one on screen at the click: ${said}`);
  assert.deepEqual(errors, []);
  await context.close();
});
