// The stage as a workshop sees it: at every common screen size, in the
// normal and the projector theme, the scenario, the three sliders, the time
// controls, the spiral and the outcome fit the first screen with the spiral
// the largest thing on it; canvas text is never under the page's minimum;
// everything else is one tab away; the link box always holds the address;
// dialogs own the keyboard; and an accessibility scan finds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, MIN_TEXT, ROOT, openApp, openPanel, recordCanvasText, smallestCanvasText, useBrowserAndServer } from './harness.mjs';

const served = useBrowserAndServer('/cascade-lab/');

const SCREENS = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];
/** What must be on the first screen, by selector. */
const STAGE = ['#scenario-sentence', '#slider-shock', '#slider-lev', '#slider-liq', '#play-button', '#step-button',
  '.speed', '#scrubber', '#spiral-canvas', '#run-summary', '#reset-button', '#full-screen'];
/** Every side panel, with the canvases it draws. */
const PANELS = [
  ['charts', ['#cascade-canvas', '#depth-canvas']],
  ['correlations', ['#correlation-canvas']],
  ['compare', ['#compare-canvas']],
  ['phase-map', ['#phase-canvas']],
  ['position', []],
  ['lesson', []],
  ['settings', []],
  ['share', []],
];
/**
 * The spiral's least height beside an open panel: 300 CSS px, and at least
 * this share of the stage column's height. At 1280 x 720 in projector mode
 * the column is 642 px, and under about 400 px the spiral's caption, map
 * and loop at the 20 px minimum type start to crowd each other.
 */
const SPIRAL_MIN_HEIGHT = 300;
const SPIRAL_MIN_SHARE = 0.55;

async function newStage(screen, theme, query = 'v=1') {
  const context = await served.browser.newContext({ viewport: screen, deviceScaleFactor: 1 });
  await context.addInitScript(recordCanvasText);
  const suffix = theme === 'projector' ? '&theme=projector' : '';
  const { page, errors } = await openApp(context, `${served.server.url}?${query}${suffix}`);
  await page.waitForFunction(() => Number(document.querySelector('#spiral-canvas').dataset.position) > 1);
  return { context, page, errors };
}

/** Zero violations from axe-core, loaded from node_modules into the page. */
async function assertAccessible(page, where) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
  }
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  });
  assert.deepEqual(violations, [], `axe-core at ${where}`);
}

/**
 * Asserts that every selector is shown wholly inside the first `screen`
 * (`screens` of them down, for a phone) and returns each one's area.
 */
async function assertOnFirstScreen(page, selectors, screen, where, screens = 1) {
  const boxes = {};
  for (const selector of selectors) {
    const box = await page.locator(selector).boundingBox();
    assert.ok(box, `${selector} is shown at ${where}`);
    const inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= screen.width + 0.5
      && box.y + box.height <= screens * screen.height + 0.5;
    assert.ok(inside, `${selector} inside the first screen at ${where}: ${JSON.stringify(box)}`);
    boxes[selector] = box.width * box.height;
  }
  return boxes;
}

/**
 * With a panel open the stage column still fits the screen without
 * scrolling, page or column: every part of the stage on the first screen,
 * the spiral the largest of them and most of the column's height (the
 * column once stacked the controls and the outcome over a spiral that ran
 * below the fold, with the time controls off screen).
 */
async function assertStageBesidePanel(page, screen, where) {
  const scroll = await page.evaluate(() => {
    const stage = document.querySelector('#stage');
    return { page: document.documentElement.scrollHeight, stage: stage.scrollHeight, shown: stage.clientHeight };
  });
  assert.ok(scroll.page <= screen.height, `${where}: no page scroll (${scroll.page} px)`);
  assert.ok(scroll.stage <= scroll.shown + 1, `${where}: the stage column does not scroll (${scroll.stage} px in ${scroll.shown} px)`);
  const boxes = await assertOnFirstScreen(page, STAGE, screen, where);
  const spiral = boxes['#spiral-canvas'];
  for (const [selector, area] of Object.entries(boxes)) {
    assert.ok(area <= spiral, `${where}: the spiral is the largest element (${selector} is ${area} px2, the spiral ${spiral})`);
  }
  const { height } = await page.locator('#spiral-canvas').boundingBox();
  const least = Math.max(SPIRAL_MIN_HEIGHT, SPIRAL_MIN_SHARE * scroll.shown);
  assert.ok(height >= least, `${where}: the spiral is ${height} px tall, under ${least} px`);
}

/**
 * The Charts panel shows the prices chart (the top 11/20 of its canvas,
 * src/web/chart.rs) whole without scrolling, and its head never covers the
 * top of a chart scrolled to.
 */
async function assertChartsPanelReads(page, where) {
  const [body, prices] = await Promise.all(['#side-panel-body', '#cascade-canvas'].map((s) => page.locator(s).boundingBox()));
  const pricesBottom = prices.y + (prices.height * 11) / 20;
  assert.ok(prices.y >= body.y && pricesBottom <= body.y + body.height + 0.5,
    `${where}: the prices chart (${prices.y}-${pricesBottom}) within the panel's view (${body.y}-${body.y + body.height})`);
  for (const selector of ['#depth-canvas', '#cascade-canvas']) {
    const seen = await page.$eval(selector, (canvas) => {
      canvas.scrollIntoView({ block: 'start' });
      const r = canvas.getBoundingClientRect();
      return canvas === document.elementFromPoint(r.x + r.width / 2, r.y + 2);
    });
    assert.ok(seen, `${where}: the top of ${selector}, scrolled to, is not covered`);
  }
}

async function assertSmallestText(page, selectors, min, where) {
  for (const selector of selectors) {
    const seen = await smallestCanvasText(page, selector.slice(1));
    assert.ok(seen, `${selector} drew text at ${where}`);
    assert.ok(seen.size >= min - 0.05, `${selector} at ${where}: "${seen.text}" at ${seen.size.toFixed(1)} px < ${min} px`);
  }
}

/** Every size in English; the projector size in Chinese and Spanish too. */
const RUNS = [
  ...SCREENS.map((screen) => ({ screen, lang: 'en' })),
  { screen: SCREENS[0], lang: 'zh' },
  { screen: SCREENS[0], lang: 'es' },
];

for (const { screen, lang } of RUNS) {
  for (const theme of ['normal', 'projector']) {
    const where = `${screen.width}x${screen.height} ${theme}${lang === 'en' ? '' : ` ${lang}`}`;
    const shot = (name) => join(ARTIFACTS, `${name}-${screen.width}x${screen.height}-${theme}${lang === 'en' ? '' : `-${lang}`}.png`);
    test(`${where}: the stage fits the first screen and every canvas reads`, async () => {
      const { context, page, errors } = await newStage(screen, theme, `v=1&lang=${lang}`);
      const scroll = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
      assert.ok(scroll[0] <= screen.width && scroll[1] <= screen.height, `no scrolling: ${scroll}`);
      const boxes = await assertOnFirstScreen(page, STAGE, screen, where);
      const spiral = boxes['#spiral-canvas'];
      for (const [selector, area] of Object.entries(boxes)) {
        assert.ok(area <= spiral, `the spiral is the largest element (${selector} is ${area} px2, the spiral ${spiral})`);
      }
      if (theme === 'projector') {
        const share = spiral / (screen.width * screen.height);
        assert.ok(share >= 0.5, `the spiral covers ${(100 * share).toFixed(0)}% of the screen`);
      }
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: shot('stage') });
      await assertAccessible(page, where);

      // Every panel, with its canvases drawn at this size, beside a stage
      // that still fits the screen.
      for (const [panel, canvases] of PANELS) {
        await openPanel(page, panel);
        if (panel === 'compare') {
          await page.click('#pin-button');
          await page.locator('#slider-liq').fill('0.5');
        }
        for (const selector of canvases) {
          await page.waitForFunction((s) => document.querySelector(s)?.width > 0, selector);
        }
        await page.screenshot({ path: shot(`panel-${panel}`) });
        await assertStageBesidePanel(page, screen, `${where}, ${panel} panel`);
        // Nothing in the panel is cut off at its right edge (the compare
        // table was 80 px wider than the panel at 1280x720 projector).
        const [inner, outer] = await page.$eval('#side-panel-body', (p) => [p.scrollWidth, p.clientWidth]);
        assert.ok(inner <= outer + 1, `${where}, ${panel} panel: no sideways scrolling (${inner} px in ${outer} px)`);
        if (panel === 'charts') await assertChartsPanelReads(page, `${where}, charts panel`);
        await assertAccessible(page, `${where}, ${panel} panel`);
      }
      const all = ['#spiral-canvas', ...PANELS.flatMap(([, canvases]) => canvases)];
      await assertSmallestText(page, all, MIN_TEXT[theme], where);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

for (const theme of ['normal', 'projector']) {
  test(`a phone in portrait (${theme}): spiral, sliders and play within a screen and a half, no sideways scrolling`, async () => {
    const screen = { width: 390, height: 844 };
    const context = await served.browser.newContext({ viewport: screen, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    await context.addInitScript(recordCanvasText);
    const suffix = theme === 'projector' ? '&theme=projector' : '';
    const { page, errors } = await openApp(context, `${served.server.url}?v=1${suffix}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= screen.width, `no sideways scrolling (${width}px wide)`);
    for (const selector of ['#spiral-canvas', '#slider-shock', '#slider-lev', '#slider-liq', '#play-button']) {
      const box = await page.locator(selector).boundingBox();
      assert.ok(box.y + box.height <= 1.5 * screen.height, `${selector} within 1.5 screens: ${JSON.stringify(box)}`);
      assert.ok(box.x >= 0 && box.x + box.width <= screen.width, `${selector} within the width`);
    }
    // The first frame may still be on its way on a busy machine.
    await page.waitForFunction(() => window.canvasTexts && window.canvasTexts['spiral-canvas']);
    await assertSmallestText(page, ['#spiral-canvas'], MIN_TEXT[theme], `phone ${theme}`);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `stage-phone-${theme}.png`) });
    await assertAccessible(page, `phone ${theme}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/** Predict mode's guess, on the stage in place of the outcome sentence. */
const GUESS = ['#guess-fall', '#guess-liquidated', '#reveal-button'];
/** The stage as above with the guess in place of the outcome. */
const PREDICT = ['#scenario-sentence', '#slider-shock', '#slider-lev', '#slider-liq', ...GUESS, '#spiral-canvas'];

const PREDICT_LINKS = [
  ['a predict link', 'v=1&predict=1&theme=projector'],
  ['a lesson step to predict', 'v=1&lesson=3&predict=1&theme=projector'],
  ['a predict link, normal theme', 'v=1&predict=1'],
];

for (const screen of SCREENS) {
  for (const [name, query] of PREDICT_LINKS) {
    const where = `${screen.width}x${screen.height} ${name}`;
    test(`${where}: the guess and Reveal fit the first screen`, async () => {
      const context = await served.browser.newContext({ viewport: screen, deviceScaleFactor: 1 });
      const { page, errors } = await openApp(context, `${served.server.url}?${query}`);
      await page.waitForSelector('#predict-box');
      const scroll = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
      assert.ok(scroll[0] <= screen.width && scroll[1] <= screen.height, `no scrolling: ${scroll}`);
      // A lesson's panel narrows the stage, which still fits the screen
      // with the guess beside the sliders.
      await assertOnFirstScreen(page, PREDICT, screen, where);
      // Nothing hides or covers the button.
      const hit = await page.$eval('#reveal-button', (b) => {
        const r = b.getBoundingClientRect();
        return b.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height - 2));
      });
      assert.ok(hit, `the whole Reveal button can be seen and clicked at ${where}`);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `predict-${screen.width}x${screen.height}-${name.replaceAll(/\W+/g, '-')}.png`) });
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

test('a phone in portrait, predict mode: the guess and Reveal within a screen and a half', async () => {
  const screen = { width: 390, height: 844 };
  const context = await served.browser.newContext({ viewport: screen, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  const { page, errors } = await openApp(context, `${served.server.url}?v=1&predict=1&theme=projector`);
  await page.waitForSelector('#predict-box');
  await assertOnFirstScreen(page, PREDICT, screen, 'phone, predict', 1.5);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'predict-phone.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('embed mode: a heading for screen readers, a compact notice for a broken link, nothing for axe to find', async () => {
  const context = await served.browser.newContext({ viewport: { width: 800, height: 600 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  await page.goto(`${served.server.url}?v=1&embed=1&shock=lots`);
  await page.waitForFunction(() => document.querySelector('#spiral-canvas')?.width > 0);
  assert.equal(await page.locator('h1').textContent(), 'Cascade Lab');
  assert.ok(await page.isVisible('.link-notice'), 'the notice is shown');
  assert.match(await page.textContent('.link-notice'), /shock must be a number from 0 to 50, got 'lots'/);
  const notice = await page.locator('.link-notice').boundingBox();
  assert.ok(notice.height <= 0.2 * 600, `the notice is compact: ${notice.height}px`);
  const spiral = await page.locator('#spiral-canvas').boundingBox();
  assert.ok(spiral.y + spiral.height <= 600 && spiral.height >= 250, JSON.stringify(spiral));
  await page.screenshot({ path: join(ARTIFACTS, 'embed-broken-link.png') });
  await assertAccessible(page, 'embed with a notice');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await assertAccessible(page, 'embed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the link box, Copy link and the QR code carry the current address after every kind of change', async () => {
  const context = await served.browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(served.server.url).origin });
  const { page, errors } = await openApp(context, `${served.server.url}?v=1&panel=share`);
  // The address bar follows within a moment (it is rewritten at most a few
  // times a second); the link box, built from the state, at once.
  const linkBoxIsTheAddress = async (what) => {
    await openPanel(page, 'share');
    const caughtUp = await page.waitForFunction(
      () => document.querySelector('#share-address').value === location.href, null, { timeout: 2_000 },
    ).then(() => true, () => false);
    const [box, href] = await Promise.all([page.inputValue('#share-address'), page.evaluate(() => location.href)]);
    assert.ok(caughtUp, `after ${what}: the link box ${box} and the address ${href}`);
  };
  const changes = [
    ['dragging Liquidity', () => page.getByRole('slider', { name: 'Liquidity' }).fill('0.6')],
    ['a key on Leverage', async () => { await page.focus('#slider-lev'); await page.keyboard.press('ArrowRight'); }],
    ['projector mode', () => page.click('#projector-mode')],
    ['a preset', async () => { await openPanel(page, 'settings'); await page.selectOption('#preset-select', 'oct-2025'); }],
    ['a setting', async () => { await openPanel(page, 'settings'); await page.click('#advanced-settings summary'); await page.fill('#field-seed', '9'); await page.press('#field-seed', 'Tab'); }],
    ['a lesson step', async () => { await openPanel(page, 'lesson'); await page.click('#lesson-start'); }],
    ['another panel', () => openPanel(page, 'charts')],
    ['Reset all', async () => { await page.locator('body').press('r'); }],
  ];
  for (const [what, change] of changes) {
    const before = await page.evaluate(() => location.href);
    await change();
    await page.waitForFunction((old) => location.href !== old, before);
    await linkBoxIsTheAddress(what);
  }
  await page.click('#copy-link');
  await page.waitForFunction(() => document.querySelector('.copy-status').textContent === 'Link copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());
  await page.click('#show-qr');
  assert.equal(await page.textContent('#qr-link'), page.url());
  assert.deepEqual(errors, []);
  await context.close();
});

test('dialogs own the keyboard: shortcuts are inert behind them, Tab stays inside, focus returns on close', async () => {
  const context = await served.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const { page, errors } = await openApp(context, `${served.server.url}?v=1&liq=0.6&lesson=2&panel=share`);
  const state = () => page.evaluate(() => [location.href, document.querySelector('#play-button').textContent]);
  const inDialog = (id) => page.evaluate((sel) => document.querySelector(sel).contains(document.activeElement), id);
  await page.click('#play-button'); // paused, so a leaked Space would show
  assert.equal(await page.textContent('#play-button'), 'Play');
  await page.focus('#show-qr');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#qr-dialog');
  const before = await state();
  for (const key of ['r', 'R', 'ArrowRight', 'PageDown', '?']) {
    await page.keyboard.press(key);
  }
  assert.deepEqual(await state(), before, 'R, Right arrow, Page Down and ? did nothing behind the dialog');
  assert.equal(await page.locator('#shortcuts-dialog').count(), 0);
  for (let i = 0; i < 4; i += 1) {
    await page.keyboard.press('Tab');
    assert.ok(await inDialog('#qr-dialog'), `Tab ${i + 1} stays in the dialog`);
  }
  await page.keyboard.press('Shift+Tab');
  assert.ok(await inDialog('#qr-dialog'), 'Shift+Tab stays too');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#qr-dialog').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'show-qr', 'focus went back to the QR button');
  // Space acts in the dialog (on its focused Close button), not on playback.
  await page.keyboard.press('Enter');
  await page.waitForSelector('#qr-dialog');
  await page.keyboard.press(' ');
  await page.waitForSelector('#qr-dialog', { state: 'detached' });
  assert.deepEqual(await state(), before, 'Space did not toggle playback behind the dialog');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'show-qr');

  // The shortcut list, opened with ?, the same way.
  await page.keyboard.press('?');
  await page.waitForSelector('#shortcuts-dialog');
  assert.ok(await inDialog('#shortcuts-dialog'), 'focus moved into the list');
  await page.keyboard.press('r');
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await state(), before, 'R and Right arrow did nothing behind the shortcut list');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#shortcuts-dialog').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'show-qr', 'focus went back');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Page Down and Page Up step through an open lesson and do nothing without one', async () => {
  const context = await served.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const { page, errors } = await openApp(context, `${served.server.url}?v=1&shock=7`);
  await page.locator('body').press('PageDown');
  await page.waitForTimeout(200);
  assert.equal(new URL(page.url()).search, '?v=1&shock=7', 'no lesson, no change');
  const { page: lesson } = await openApp(context, `${served.server.url}?lesson=2`);
  await lesson.locator('body').press('PageDown');
  await lesson.waitForFunction(() => location.search.includes('lesson=3'));
  assert.equal(await lesson.textContent('#lesson-step'), 'Lesson 3 of 9');
  await lesson.locator('body').press('PageUp');
  await lesson.locator('body').press('PageUp');
  await lesson.waitForFunction(() => location.search.includes('lesson=1'));
  await lesson.locator('body').press('PageUp');
  await lesson.waitForTimeout(200);
  assert.match(lesson.url(), /lesson=1/, 'the first step is the first');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a panel is kept in the link, a bad panel name is reported, and tabs work from the keyboard', async () => {
  const context = await served.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const { page, errors } = await openApp(context, `${served.server.url}?v=1&panel=phase-map`);
  assert.equal(await page.textContent('#side-panel-title'), 'Phase map');
  assert.equal(await page.getAttribute('#tab-phase-map', 'aria-expanded'), 'true');
  await page.focus('#tab-charts');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.search === '?v=1&panel=charts');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.search === '?v=1');
  assert.equal(await page.locator('#side-panel').count(), 0, 'the same tab closes it');
  const { page: bad } = await openApp(context, `${served.server.url}?v=1&panel=secret`);
  assert.match(await bad.textContent('.link-notice'), /panel must be one of none, charts, correlations, compare, phase-map, position, lesson, settings, share, got 'secret'/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a paused spiral is drawn again at its new size when the window changes size', async () => {
  const context = await served.browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const { page, errors } = await openApp(context, `${served.server.url}?v=1`);
  await page.waitForFunction(() => document.querySelector('#spiral-canvas')?.dataset.run);
  if ((await page.textContent('#play-button')) === 'Pause') await page.click('#play-button');
  assert.equal(await page.textContent('#play-button'), 'Play', 'the animation is paused');
  const fitted = () => page.evaluate(() => {
    const canvas = document.querySelector('#spiral-canvas');
    return canvas.width === Math.round(canvas.clientWidth) && canvas.height === Math.round(canvas.clientHeight);
  });
  assert.ok(await fitted(), 'the backing store matches the canvas before the change');
  const before = await page.$eval('#spiral-canvas', (c) => [c.width, c.height]);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.waitForFunction(() => {
    const canvas = document.querySelector('#spiral-canvas');
    return canvas.width === Math.round(canvas.clientWidth) && canvas.height === Math.round(canvas.clientHeight);
  }, null, { timeout: 5_000 });
  const after = await page.$eval('#spiral-canvas', (c) => [c.width, c.height]);
  assert.notDeepEqual(after, before, 'the canvas took a new size');
  assert.equal(await page.textContent('#play-button'), 'Play', 'still paused: the redraw did not need the animation');
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a short spiral beside a panel, no text of the spiral runs off its canvas', async () => {
  for (const lang of ['en', 'zh', 'es']) {
    const context = await served.browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
    await context.addInitScript(recordCanvasText);
    const { page, errors } = await openApp(context, `${served.server.url}?v=1&lang=${lang}&theme=projector&panel=charts`);
    await page.waitForFunction(() => document.querySelector('#spiral-canvas')?.dataset.run);
    // Through the rounds, where the loop's boxes carry their widest amounts.
    await page.waitForFunction(() => Number(document.querySelector('#spiral-canvas').dataset.position) > 4, null, { timeout: 20_000 });
    const { width, texts } = await page.evaluate(() => ({
      width: document.querySelector('#spiral-canvas').clientWidth,
      texts: Object.entries(window.canvasTexts['spiral-canvas'] ?? {}),
    }));
    assert.ok(texts.length > 10, `${lang}: the spiral's text was recorded`);
    const outside = texts.filter(([, t]) => t.left < -0.5 || t.right > width + 0.5).map(([text, t]) => `${text} (${t.left.toFixed(0)}-${t.right.toFixed(0)} of ${width})`);
    assert.deepEqual(outside, [], `${lang}: text past the spiral canvas's edges`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
