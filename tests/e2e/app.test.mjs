// The teaching app as a workshop uses it: keyboard-only driving, links that
// carry every setting, hostile links, presets, the spoken summary, phones,
// HiDPI screens and an animation that moves only while playing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, canvasDigest, openApp, openPanel, queryOf, useBrowserAndServer } from './harness.mjs';

const session = useBrowserAndServer('/cascade-lab/');

/** The canonical share query of a link, as the native tool writes it. */
function canonical(query) {
  return execFileSync(join(ROOT, 'target', 'release', 'cascade-lab'), ['link', '--link', query], { encoding: 'utf8' }).trim();
}

const position = (page) => page.$eval('#spiral-canvas', (c) => Number(c.dataset.position));
const waitFrames = (page, n = 3) =>
  page.evaluate((count) => new Promise((done) => {
    let left = count;
    const tick = () => (--left <= 0 ? done() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);

test('Space plays and pauses, Right arrow steps one round, ? and Esc show and hide the shortcuts', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, errors } = await openApp(context, session.server.url);
  await page.waitForFunction(() => Number(document.querySelector('#spiral-canvas').dataset.position) > 0);
  await page.locator('body').press(' ');
  assert.equal(await page.textContent('#play-button'), 'Play', 'Space paused');
  const paused = await position(page);
  await page.waitForTimeout(300);
  assert.equal(await position(page), paused, 'a paused animation stays put');

  await page.locator('body').press('ArrowRight');
  await waitFrames(page);
  const stepped = await position(page);
  assert.ok(stepped > paused && Number.isInteger(stepped), `Right arrow moved to the end of a round: ${paused} -> ${stepped}`);
  assert.match(await page.textContent('#position-label'), /Minute \d+ of \d+ · round \d+ of \d+/);

  await page.locator('body').press(' ');
  assert.equal(await page.textContent('#play-button'), 'Pause', 'Space plays again');
  await page.waitForFunction((from) => Number(document.querySelector('#spiral-canvas').dataset.position) > from, stepped);

  await page.locator('body').press('?');
  assert.ok(await page.isVisible('#shortcuts-dialog'));
  assert.match(await page.textContent('#shortcuts-dialog'), /Space.*play or pause/s);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#shortcuts-dialog').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('R resets every control, the preset and the address to the defaults', async () => {
  const context = await session.browser.newContext();
  const { page, errors } = await openApp(context, `${session.server.url}?v=1&preset=oct-2025&liq=0.4&gamma=500&impact=sqrt&seed=7&panel=settings`);
  assert.equal(await page.inputValue('#slider-liq'), '0.4');
  await page.locator('body').press('r');
  await page.waitForFunction(() => location.search === '?v=1&panel=settings');
  assert.equal(await page.inputValue('#slider-shock'), '5');
  assert.equal(await page.inputValue('#slider-liq'), '1');
  assert.equal(await page.inputValue('#preset-select'), '');
  assert.equal(await page.inputValue('#field-impact'), 'linear');
  assert.equal(await page.inputValue('#field-seed'), '1');
  assert.match(await page.textContent('#announcement'), /back to its default/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('every parameter survives a link round trip', async () => {
  const query = 'v=1&shock=12.5&lev=35&liq=0.6&impact=sqrt&model=market&ramp=25&long=0.7&mm=1.5&weekend=1&gamma=250'
    + '&whales=800&cross=0.35&spiral=2&etf=400&noise=0.5&oi=1.3&size=20&fund=500&band=30&n=15000&seed=42';
  const context = await session.browser.newContext();
  const { page, errors } = await openApp(context, `${session.server.url}?${query}`);
  await page.waitForFunction(() => location.search.includes('seed=42'));
  assert.equal(page.url().split('?')[1], canonical(query), 'the address holds every value, as the engine writes it');
  await openPanel(page, 'settings');
  const controls = { shock: '12.5', lev: '35', liq: '0.6', ramp: '25', long: '0.7', mm: '1.5', gamma: '250', whales: '800', cross: '0.35', spiral: '2', etf: '400', fund: '500' };
  for (const [key, value] of Object.entries(controls)) {
    assert.equal(await page.inputValue(`#slider-${key}`), value, key);
  }
  assert.equal(await page.inputValue('#field-impact'), 'sqrt');
  assert.ok(await page.isChecked('#field-weekend'));
  assert.equal(await page.inputValue('#field-seed'), '42');
  const summary = await page.textContent('#run-summary');
  const run = await page.$eval('#spiral-canvas', (c) => c.dataset.run);

  // The same address in a new page shows the same run.
  const { page: again } = await openApp(context, page.url());
  await again.waitForFunction((digest) => document.querySelector('#spiral-canvas').dataset.run === digest, run);
  assert.equal(await again.textContent('#run-summary'), summary);
  // And the digest is the native engine's, bit for bit.
  const native = execFileSync(join(ROOT, 'target', 'release', 'cascade-lab'), ['digest', '--link', query], { encoding: 'utf8' }).trim();
  assert.equal(run, native);
  assert.deepEqual(errors, []);
  await context.close();
});

const BROKEN = {
  'bad numbers': ['v=1&shock=lots&lev=1e999', [/shock must be a number from 0 to 50, got 'lots'/, /lev must be/]],
  'out-of-range values': ['v=1&shock=-3&liq=50&n=7', [/shock must be/, /liq must be a number from 0.1 to 5, got '50'/, /n must be a whole number/]],
  'unknown keys': ['v=1&colour=red&lev=30', [/unknown key 'colour'/]],
  'a wrong version': ['v=9&shock=20', [/version '9' is not supported/]],
  '10 KB of junk': [`v=1&${'%ZZ%00&=&&junk'.repeat(700)}`, [/more problems|unknown key/]],
  'script in a value': ['v=1&shock=%3Cscript%3Ewindow.hacked%3D1%3C%2Fscript%3E&preset=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', [/shock must be/, /preset must be one of/]],
};

for (const [kind, [query, messages]] of Object.entries(BROKEN)) {
  test(`a link with ${kind} opens with defaults and a dismissible notice`, async () => {
    const context = await session.browser.newContext();
    const { page, errors } = await openApp(context, `${session.server.url}?${query}`);
    const notice = await page.textContent('.link-notice');
    for (const message of messages) assert.match(notice, message);
    assert.ok(notice.length < 2000, 'the notice stays short');
    assert.match(await page.textContent('#run-summary'), /shock became/);
    assert.equal(await page.evaluate(() => window.hacked), undefined, 'no script ran');
    assert.equal(await page.locator('.link-notice img').count(), 0, 'no markup was injected');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await page.locator('.link-notice').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a long drag rewrites the address a few times a second, and it ends on the last value', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Browsers stop honouring replaceState past a cap (Chrome 200 in 10 s,
  // Safari 100 in 30 s), so the page must not call it on every input.
  await context.addInitScript(() => {
    window.addressWrites = 0;
    const replace = history.replaceState.bind(history);
    history.replaceState = (...args) => { window.addressWrites += 1; return replace(...args); };
  });
  const { page, errors } = await openApp(context, session.server.url);
  await page.waitForFunction(() => document.querySelector('#spiral-canvas')?.dataset.run);
  const writesBefore = await page.evaluate(() => window.addressWrites);
  // Two seconds of dragging the Shock slider, one input per frame.
  const last = await page.evaluate(async () => {
    const input = document.querySelector('#slider-shock');
    let value = '';
    for (let i = 0; i < 120; i += 1) {
      value = String(5 + (i % 30) * 0.5);
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(r));
    }
    return input.value;
  });
  await page.waitForFunction((v) => new URL(location.href).searchParams.get('shock') === v, last, { timeout: 2_000 });
  const writes = await page.evaluate(() => window.addressWrites) - writesBefore;
  assert.ok(writes >= 2 && writes <= 12, `the address was rewritten ${writes} times for 120 inputs`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('presets: the menu sets the link, the caption compares reported and simulated, a link selects the preset', async () => {
  const context = await session.browser.newContext();
  const { page, errors } = await openApp(context, session.server.url);
  await openPanel(page, 'settings');
  await page.selectOption('#preset-select', 'oct-2025');
  await page.waitForFunction(() => location.search === '?v=1&preset=oct-2025&panel=settings');
  const caption = await page.textContent('#preset-caption');
  assert.match(caption, /Reported \(24 h\): BTC -14.7%, \$19.13B liquidated, 1,618,240 accounts/);
  assert.match(caption, /Simulated: BTC -\d+\.\d%, \$\d+\.\d\dB liquidated, [\d,]+ accounts/);
  assert.equal(await page.inputValue('#slider-shock'), '6');
  await page.getByRole('slider', { name: 'Liquidity' }).fill('0.5');
  assert.match(await page.textContent('#preset-caption'), /Simulated with your changes/);
  await page.waitForFunction(() => location.search === '?v=1&preset=oct-2025&liq=0.5&panel=settings');

  const { page: linked } = await openApp(context, `${session.server.url}?v=1&preset=feb-2026&panel=settings`);
  assert.equal(await linked.inputValue('#preset-select'), 'feb-2026');
  assert.ok(await linked.isChecked('#field-weekend'), 'the preset set the weekend switch');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the aria-live summary tells what each run did', async () => {
  const context = await session.browser.newContext();
  const { page } = await openApp(context, session.server.url);
  const live = page.locator('#run-summary');
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  const before = await live.textContent();
  assert.match(before, /^A 5% shock became an? \d+\.\d% fall: \$\d+\.\d\dB liquidated from [\d,]+ accounts over \d+ rounds\.$/);
  await page.getByRole('slider', { name: 'Shock' }).fill('2');
  await page.waitForFunction((old) => document.querySelector('#run-summary').textContent !== old, before);
  assert.match(await live.textContent(), /^A 2% shock became/);
  assert.equal(await page.textContent('#scenario-sentence'), 'A 2% shock hits traders using 20x on average, in books as deep as usual.');
  await context.close();
});

test('the animation advances while playing and stands still while paused', async () => {
  const context = await session.browser.newContext();
  const { page, errors } = await openApp(context, session.server.url);
  await page.waitForFunction(() => Number(document.querySelector('#spiral-canvas').dataset.position) > 0.2);
  const a = await canvasDigest(page, '#spiral-canvas');
  await page.waitForTimeout(250);
  const b = await canvasDigest(page, '#spiral-canvas');
  assert.notEqual(a, b, 'frames differ while playing');
  await page.click('#play-button');
  await waitFrames(page);
  const c = await canvasDigest(page, '#spiral-canvas');
  await page.waitForTimeout(300);
  assert.equal(await canvasDigest(page, '#spiral-canvas'), c, 'frames are the same while paused');
  // The scrubber moves the picture while paused.
  await page.fill('#scrubber', '3');
  await page.dispatchEvent('#scrubber', 'input');
  await waitFrames(page);
  assert.equal(await position(page), 3);
  assert.notEqual(await canvasDigest(page, '#spiral-canvas'), c);
  // Speed buttons are real radio-like buttons.
  await page.getByRole('radio', { name: '4x' }).click();
  assert.equal(await page.getByRole('radio', { name: '4x' }).getAttribute('aria-checked'), 'true');
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone in portrait everything fits and works', async () => {
  const context = await session.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  const { page, errors } = await openApp(context, session.server.url);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
  const box = await page.locator('#spiral-canvas').boundingBox();
  assert.ok(box.width <= 390 && box.width > 300 && box.height > 250, JSON.stringify(box));
  const backing = await page.$eval('#spiral-canvas', (c) => [c.width, c.clientWidth]);
  assert.equal(backing[0], Math.round(backing[1] * 3), 'backing store scaled by devicePixelRatio');
  await page.getByRole('slider', { name: 'Leverage' }).fill('40');
  await page.waitForFunction(() => location.search.includes('lev=40'));
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'phone.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('charts are crisp on HiDPI screens and every canvas is drawn', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 2 });
  const { page, errors } = await openApp(context, session.server.url);
  const panels = { '#spiral-canvas': null, '#cascade-canvas': 'charts', '#depth-canvas': 'charts', '#correlation-canvas': 'correlations' };
  for (const [id, panel] of Object.entries(panels)) {
    if (panel) await openPanel(page, panel);
    await page.waitForFunction((sel) => document.querySelector(sel).width > 0, id);
    const [width, css] = await page.$eval(id, (c) => [c.width, c.clientWidth]);
    assert.equal(width, Math.round(css * 2), `${id} backing store at 2x`);
    const colours = await page.$eval(id, (c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length; i += 211 * 4) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
      return seen.size;
    });
    assert.ok(colours > 4, `${id} shows a drawing (${colours} colours sampled)`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(ARTIFACTS, 'app.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('Copy link puts the address on the clipboard', async () => {
  const context = await session.browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(session.server.url).origin });
  const { page, errors } = await openApp(context, `${session.server.url}?v=1&shock=7&panel=share`);
  await page.click('#copy-link');
  await page.waitForFunction(() => document.querySelector('.copy-status').textContent === 'Link copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());
  assert.equal(await page.inputValue('#share-address'), page.url());
  assert.deepEqual(errors, []);
  await context.close();
});
