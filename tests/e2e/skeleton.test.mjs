// What a person sees on the page: it loads cleanly, every slider redraws
// the chart and rewrites the address, and the address restores the sliders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, canvasDigest as chartDigest, openApp, queryOf, useBrowserAndServer } from './harness.mjs';

const SLIDERS = [
  { key: 'shock', label: 'Shock' },
  { key: 'lev', label: 'Leverage' },
  { key: 'liq', label: 'Liquidity' },
];

const session = useBrowserAndServer('/cascade-lab/');

test('the page loads from a sub-path with no console error and shows a cascade', async () => {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, errors } = await openApp(context, session.server.url);
  assert.equal(await page.title(), 'Cascade Lab: how crypto crashes feed on themselves');
  for (const { label } of SLIDERS) {
    const input = page.getByRole('slider', { name: label });
    assert.equal(await input.getAttribute('type'), 'range', `${label} is a range input`);
    const id = await input.getAttribute('id');
    assert.match(await page.textContent(`label[for="${id}"]`), new RegExp(label), `${label} has a <label for>`);
  }
  const summary = await page.textContent('#run-summary');
  const rounds = Number(/over (\d+) rounds/.exec(summary)?.[1]);
  assert.ok(rounds >= 2, `the default scenario shows a spiral: "${summary}"`);
  assert.match(summary, /A 5% shock became an? \d+\.\d% fall/);
  // The canvas is not blank: more than one colour was drawn.
  const colours = await page.evaluate(() => {
    const c = document.querySelector('#spiral-canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 97 * 4) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return seen.size;
  });
  assert.ok(colours > 3, `canvas shows a drawing (${colours} colours sampled)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'default-scenario.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

for (const { key, label } of SLIDERS) {
  test(`${label}: keyboard and fill both change the address and the chart`, async () => {
    const context = await session.browser.newContext();
    const { page, errors } = await openApp(context, `${session.server.url}?v=1&panel=charts`);
    const input = page.getByRole('slider', { name: label });
    const canvasDigest = (p) => chartDigest(p, '#cascade-canvas');

    let before = await canvasDigest(page);
    const beforeValue = await input.inputValue();
    await input.focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((k) => new URL(location.href).searchParams.has(k), key);
    assert.notEqual(await input.inputValue(), beforeValue);
    assert.equal(queryOf(page)[key], await input.inputValue());
    let after = await canvasDigest(page);
    assert.notEqual(after, before, 'ArrowRight redrew the canvas');

    before = after;
    const max = Number(await input.getAttribute('max'));
    const min = Number(await input.getAttribute('min'));
    const target = String(min + (max - min) * 0.25);
    await input.fill(target);
    await input.dispatchEvent('input');
    await page.waitForFunction(([k, v]) => new URL(location.href).searchParams.get(k) === v, [key, await input.inputValue()]);
    after = await canvasDigest(page);
    assert.notEqual(after, before, 'fill + input redrew the canvas');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('opening a saved address restores every slider', async () => {
  const context = await session.browser.newContext();
  const { page } = await openApp(context, `${session.server.url}?v=1&panel=charts`);
  const canvasDigest = (p) => chartDigest(p, '#cascade-canvas');
  await page.getByRole('slider', { name: 'Shock' }).fill('12.5');
  await page.getByRole('slider', { name: 'Leverage' }).fill('35');
  await page.getByRole('slider', { name: 'Liquidity' }).fill('0.6');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('liq') === '0.6');
  const saved = page.url();
  const digest = await canvasDigest(page);
  const summary = await page.textContent('#run-summary');

  const { page: reopened, errors } = await openApp(context, saved);
  assert.equal(await reopened.getByRole('slider', { name: 'Shock' }).inputValue(), '12.5');
  assert.equal(await reopened.getByRole('slider', { name: 'Leverage' }).inputValue(), '35');
  assert.equal(await reopened.getByRole('slider', { name: 'Liquidity' }).inputValue(), '0.6');
  assert.equal(await reopened.textContent('#run-summary'), summary);
  assert.equal(await canvasDigest(reopened), digest, 'the same link draws the same picture');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a broken link still opens the app, with defaults and a notice naming the field', async () => {
  const context = await session.browser.newContext();
  const { page, errors } = await openApp(context, `${session.server.url}?v=1&shock=900&lev=%3Cscript%3E&wat=1`);
  const notice = await page.textContent('.link-notice');
  assert.match(notice, /shock must be a number from 0 to 50, got '900'/);
  assert.match(notice, /lev must be/);
  assert.match(notice, /unknown key 'wat'/);
  assert.equal(await page.getByRole('slider', { name: 'Shock' }).inputValue(), '5');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await page.locator('.link-notice').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the build also works from the server root', async () => {
  const { startServer } = await import('../../scripts/static-server.mjs');
  const rootServer = await startServer({ root: join(ARTIFACTS, '..', '..', 'dist'), base: '/' });
  try {
    const context = await session.browser.newContext();
    const { page, errors } = await openApp(context, rootServer.url);
    assert.match(await page.textContent('#run-summary'), /shock became/);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await rootServer.close();
  }
});
