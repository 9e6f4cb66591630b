// The spread of outcomes: 50 seeds run in the worker with progress; the fan
// chart's median and band equal `cascade-lab ensemble` for the same link,
// and the histogram holds every seed's total.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, openApp, openPanel, useBrowserAndServer } from './harness.mjs';

const app = useBrowserAndServer();

test('the fan chart equals cascade-lab ensemble for the same link, computed in a worker', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const { page, errors } = await openApp(context, `${app.server.url}?v=1&preset=oct-2025&liq=0.8`);
  await openPanel(page, 'charts');
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  await page.click('#spread-compute');
  await page.waitForSelector('#fan-canvas', { timeout: 60_000 });
  assert.ok(workers.length >= 1, 'the seeds ran in a web worker');
  assert.equal(await page.getAttribute('#spread-progress', 'value'), await page.getAttribute('#spread-progress', 'max'));

  const query = new URL(page.url()).search.slice(1);
  const native = JSON.parse(execFileSync(join(ROOT, 'target', 'release', 'cascade-lab'),
    ['ensemble', '--link', query, '--seeds', '1..50', '--json', '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  const fan = JSON.parse(await page.getAttribute('#fan-canvas', 'data-fan'));
  for (const key of ['p10', 'median', 'p90']) {
    assert.equal(fan[key].length, native.btc_price_path[key].length, `${key}: minutes`);
    fan[key].forEach((v, m) => assert.equal(v, native.btc_price_path[key][m], `${key} at minute ${m}`));
  }
  const totals = JSON.parse(await page.getAttribute('#histogram-canvas', 'data-totals'));
  assert.deepEqual(totals, native.runs.map((r) => r.summary.total_liquidated_usd));
  assert.deepEqual(errors, []);
  await context.close();
});
