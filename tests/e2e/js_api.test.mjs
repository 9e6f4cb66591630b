// The JS API (src/web/js_api.rs) through its example page, www/api-example.html,
// served beside the app under a sub-path: simulate, presets and encodeLink.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, serveDist } from './harness.mjs';

let browser;
let server;
let context;
let page;
const errors = [];

before(async () => {
  browser = await launchBrowser();
  server = await serveDist('/cascade-lab/');
  context = await browser.newContext();
  page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(`${server.url}api-example.html`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === '1' || /could not/.test(document.getElementById('status')?.textContent ?? ''));
  assert.equal(await page.textContent('#status'), 'Engine loaded.');
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/** Calls window.cascadeLab[name](arg) in the page; errors come back as { error }. */
function call(name, arg) {
  return page.evaluate(([n, a]) => {
    try {
      return { value: window.cascadeLab[n](a) };
    } catch (e) {
      return { error: String(e.message ?? e), isError: e instanceof Error };
    }
  }, [name, arg]);
}

test('the example page shows the presets table and a simulated run, without starting the app', async () => {
  const rows = await page.locator('#presets tbody tr').count();
  assert.ok(rows >= 6, `${rows} presets listed`);
  const oct = await page.textContent('#presets tr[data-preset="oct-2025"]');
  assert.match(oct, /14\.7%/);
  assert.match(oct, /\$19\.13B/);
  assert.match(await page.textContent('#headline'), /^An? 6% shock became an? \d+\.\d% fall/);
  assert.equal(await page.textContent('#link'), 'v=1&preset=oct-2025&lev=25');
  assert.equal(await page.locator('#app, .app, #run-summary').count(), 0, 'the app itself is not rendered here');
  assert.equal(new URL(page.url()).search, '', 'the address is left alone');
  assert.deepEqual(errors, []);
});

test('encodeLink writes the canonical query', async () => {
  assert.deepEqual(await call('encodeLink', { shock: 12.5, liq: 0.5 }), { value: 'v=1&shock=12.5&liq=0.5' });
  assert.deepEqual(await call('encodeLink', {}), { value: 'v=1' });
  assert.deepEqual(await call('encodeLink', { liq: 0.5, preset: 'oct-2025', weekend: true, impact: 'sqrt' }), {
    value: 'v=1&preset=oct-2025&liq=0.5&impact=sqrt&weekend=1',
  });
  assert.deepEqual(await call('encodeLink', '?v=1&shock=5&lev=30'), { value: 'v=1&lev=30' });
});

test('presets lists every scenario with its reported figures and full parameters', async () => {
  const { value: presets } = await call('presets');
  const names = presets.map((p) => p.name);
  for (const n of ['oct-2025', 'jan-2026', 'feb-2026', 'calm', 'weekend', 'textbook']) assert.ok(names.includes(n), n);
  const oct = presets.find((p) => p.name === 'oct-2025');
  assert.match(oct.title, /Oct 10 2025/);
  assert.ok(oct.description.length > 20);
  assert.equal(oct.reported.btc_drawdown_pct, 14.7);
  assert.equal(oct.reported.total_liquidated_usd, 19.13e9);
  assert.equal(oct.reported.accounts, 1618240);
  assert.equal(oct.params.shock_pct, 6);
  assert.equal(oct.params.preset, 'oct-2025');
  assert.equal(oct.params.seed, 1);
  assert.equal(oct.link, 'v=1&preset=oct-2025');
  assert.equal(presets.find((p) => p.name === 'calm').reported, null);
});

test('simulate returns the run as a plain object, the same for an object and a query', async () => {
  const run = await page.evaluate(() => {
    const r = window.cascadeLab.simulate({});
    return {
      proto: Object.getPrototypeOf(r) === Object.prototype,
      summary: r.summary,
      steps: r.steps.length,
      assets: r.assets.map((a) => a.name),
      headline: r.headline,
      link: r.link,
      params: r.params,
      before: r.correlation_before.length,
    };
  });
  assert.ok(run.proto, 'a plain object');
  for (const key of ['shock_pct', 'total_liquidated_usd', 'accounts_liquidated', 'amplification', 'rounds', 'runaway']) {
    assert.ok(key in run.summary, `summary.${key}`);
  }
  assert.equal(run.summary.shock_pct, 5);
  assert.ok(run.summary.rounds >= 2);
  assert.ok(run.steps > 10);
  assert.deepEqual(run.assets, ['BTC', 'ETH', 'SOL', 'ALTS', 'GOLD', 'NQ']);
  assert.match(run.headline, /^A 5% shock became an? \d+\.\d% fall/);
  assert.equal(run.link, 'v=1');
  assert.equal(run.params.mean_leverage, 20);
  assert.equal(run.before, 6);

  const same = await page.evaluate(() => {
    const a = window.cascadeLab.simulate({ shock: 6, lev: 25, preset: 'oct-2025' });
    const b = window.cascadeLab.simulate('v=1&preset=oct-2025&shock=6&lev=25');
    return [JSON.stringify(a) === JSON.stringify(b), a.link, a.params.mean_account_kusd];
  });
  assert.deepEqual(same, [true, 'v=1&preset=oct-2025&lev=25', 14]);
});

test('bad fields are refused with an Error naming each of them', async () => {
  const bad = await call('simulate', { shock: 900, lev: 'abc', wat: 1 });
  assert.ok(bad.isError);
  assert.match(bad.error, /shock must be a number from 0 to 50, got '900'/);
  assert.match(bad.error, /lev must be/);
  assert.match(bad.error, /unknown key 'wat'/);
  assert.doesNotMatch(bad.error, /was used/, 'the API used nothing instead');
  const preset = await call('encodeLink', { preset: 'mars' });
  assert.match(preset.error, /preset must be one of oct-2025/);
  const shape = await call('simulate', [1, 2]);
  assert.match(shape.error, /expected a share-link query string or an object/);
  assert.deepEqual(errors, []);
});

test('presets and errors speak the language asked for', async () => {
  const zh = (await call('presets', 'zh')).value.find((p) => p.name === 'oct-2025');
  assert.match(zh.title, /^2025年10月10日/);
  const es = (await call('presets', 'es')).value.find((p) => p.name === 'calm');
  assert.match(es.description, /apalancamiento/);
  assert.match((await call('presets', 'fr')).error, /^lang must be one of en, zh, es, got 'fr'$/);
  const bad = await call('simulate', { shock: 900, lang: 'es' });
  assert.equal(bad.error, 'shock debe ser un número de 0 a 50; se recibió «900»');
  const side = await call('simulate', 'v=1&pos_lev=30&lang=zh');
  assert.equal(side.error, '仓位参数需要同时给出pos=long（做多）或pos=short（做空）');
  const type = await call('encodeLink', { lang: 'zh', lev: [1] });
  assert.equal(type.error, 'lev须为数字、字符串或布尔值');
  const zhRun = await page.evaluate(() => window.cascadeLab.simulate({ lang: 'zh' }).headline);
  assert.match(zhRun, /^5%的冲击演变成/);
  assert.deepEqual(errors, []);
});
