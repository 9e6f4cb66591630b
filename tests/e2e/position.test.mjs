// Will my position survive? The position panel's liquidation price equals
// `cascade-lab liq-price`, its verdicts equal `cascade-lab position` (the
// engine's run), its keys live in the link, a bad value is named and
// refused, and the price is drawn on the spiral. The command-line tool
// speaks English, so the page is opened in English to compare sentences;
// the JSON report is the same in every language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, canvasDigest, openApp, openPanel, useBrowserAndServer } from './harness.mjs';

const app = useBrowserAndServer();

/** What the native tool prints for `args`. */
function cli(...args) {
  return execFileSync(join(ROOT, 'target', 'release', 'cascade-lab'), args, { encoding: 'utf8' }).trim();
}

/** The report the page shows for its position. */
const pageReport = async (page) => JSON.parse(await page.getAttribute('#position-verdict', 'data-report'));

test('the position from a link: liq-price\'s price, the engine\'s verdicts, drawn on the spiral', async () => {
  const context = await app.browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
  const query = 'v=1&preset=oct-2025&mm=2&panel=position&pos=long&pos_from=-3&pos_lev=30&pos_size=2000000';
  const { page, errors } = await openApp(context, `${app.server.url}?${query}`);
  await page.waitForSelector('#position-verdict');
  const report = await pageReport(page);
  const native = JSON.parse(cli('position', '--link', query, '--json'));
  assert.deepEqual(report, native, 'the page and the command-line tool judge it alike');

  const liqPrice = Number(cli('liq-price', '--entry', String(report.entry_price), '--lev', '30',
    '--mm', String(report.maintenance_rate * 100), '--side', 'long'));
  assert.ok(Math.abs(report.liquidation_price / liqPrice - 1) < 1e-12, `${report.liquidation_price} vs ${liqPrice}`);
  assert.equal(Number(await page.getAttribute('#position-verdict', 'data-liquidation-price')), report.liquidation_price);
  assert.equal(report.verdict.outcome, 'liquidated');
  assert.match(await page.textContent('#position-verdict'), new RegExp(`In this run: liquidated in minute ${report.verdict.minute} at \\$[0-9,]+`));
  assert.equal(await page.locator('#position-presets tbody tr').count(), native.presets.length);
  for (const p of native.presets) {
    assert.equal(await page.textContent(`#position-presets tr[data-preset="${p.preset}"] td`), p.sentence);
  }

  // The dashed line on the map: the spiral differs with and without it.
  if ((await page.textContent('#play-button')).trim() === 'Pause') await page.click('#play-button');
  await page.waitForTimeout(200);
  const withLine = await canvasDigest(page);
  assert.equal(await canvasDigest(page), withLine, 'paused');
  await page.click('#position-remove');
  await page.waitForSelector('#position-add');
  assert.ok(!(await page.evaluate(() => location.search)).includes('pos='), 'removed from the link');
  assert.notEqual(await canvasDigest(page), withLine, 'the line left the spiral');
  assert.deepEqual(errors, []);
  await context.close();
});

test('in Chinese the verdicts carry the same numbers as the command-line report', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const query = 'v=1&preset=oct-2025&mm=2&panel=position&pos=long&pos_from=-3&pos_lev=30&pos_size=2000000';
  const { page, errors } = await openApp(context, `${app.server.url}?${query}&lang=zh`);
  await page.waitForSelector('#position-verdict');
  const native = JSON.parse(cli('position', '--link', query, '--json'));
  assert.deepEqual(await pageReport(page), native, 'the report does not depend on the language');
  const price = `$${Math.round(native.verdict.mark).toLocaleString('en-US')}`;
  assert.equal(await page.textContent('#position-verdict'), `这次模拟中：第${native.verdict.minute}分钟被强平，当时价格${price}`);
  const liquidation = `$${Math.round(native.liquidation_price).toLocaleString('en-US')}`;
  assert.match(await page.textContent('#position-headline'), new RegExp(`30x多单.*强平价\\${liquidation}`));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the form writes the link, names a bad value and keeps the last good one', async () => {
  const context = await app.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
  const { page, errors } = await openApp(context, `${app.server.url}?v=1&panel=position`);
  await page.click('#position-add');
  await page.waitForSelector('#position-verdict');
  await page.selectOption('#position-side', 'short');
  await page.fill('#position-pos_lev', '40');
  await page.press('#position-pos_lev', 'Enter');
  await page.waitForFunction(() => location.search.includes('pos_lev=40'));
  assert.match(await page.evaluate(() => location.search), /&pos=short&pos_lev=40$/);
  const query = (await page.evaluate(() => location.search)).slice(1);
  assert.deepEqual(await pageReport(page), JSON.parse(cli('position', '--link', query, '--json')));

  await page.fill('#position-pos_lev', '900');
  await page.press('#position-pos_lev', 'Enter');
  assert.equal(await page.textContent('#position-error'), 'pos_lev must be a number from 1 to 125, got \'900\'');
  assert.match(await page.evaluate(() => location.search), /pos_lev=40/, 'the last good value stays');

  await page.selectOption('#position-entry-kind', 'price');
  await page.fill('#position-pos_entry', '97000');
  await page.press('#position-pos_entry', 'Enter');
  await page.waitForFunction(() => location.search.includes('pos_entry=97000'));
  const report = await pageReport(page);
  assert.equal(report.entry_price, 97000);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a broken position in a link opens with a notice naming the key', async () => {
  const context = await app.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
  const { page } = await openApp(context, `${app.server.url}?v=1&pos=sideways&pos_lev=abc`);
  const notice = await page.textContent('.link-notice');
  assert.match(notice, /pos must be one of long, short, got 'sideways'/);
  assert.match(notice, /pos_lev must be a number from 1 to 125, got 'abc'/);
  await context.close();
});
