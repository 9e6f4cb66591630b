// Every word in Chinese and Spanish: with lang=zh and lang=es, no visible
// text (the DOM's text, aria labels, titles) and no text drawn on a canvas
// (every fillText call is recorded) is left in English, on the stage, on
// every panel (the reader's position, the spread of outcomes over 50 seeds
// and the video recorder included), in every dialog and in predict mode
// before and after a guess is revealed. Tickers, units, file formats and
// the link's own key names aside. Also: the browser's language picks the
// default, the menu switches and keeps lang in the link, and a broken link
// is explained in the page's language. Screenshots in target/e2e/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, openApp, openPanel, phaseMapFinished, queryOf, useBrowserAndServer } from './harness.mjs';

const served = useBrowserAndServer('/cascade-lab/');

/** Latin words a Chinese page may show: tickers, units, formats, keys. */
const LATIN_ALLOWED = new Set(['BTC', 'ETH', 'SOL', 'ALTS', 'GOLD', 'NQ', 'ADL', 'USD', 'ETF', 'QR', 'Ctrl',
  'PNG', 'CSV', 'JSON', 'WebM', 'Esc', 'R', 'C', 'M', 'x', 'v', 'k', 's', 'D']);
/**
 * Words an English and a Spanish page may share: the same tickers and
 * formats, and words Spanish spells the same (total, normal, gamma, web;
 * "no" as in "no hay liquidaciones nuevas"; "red", a net, as in "red de
 * seguridad").
 */
const SHARED_WORDS = new Set(['btc', 'eth', 'sol', 'alts', 'gold', 'nq', 'adl', 'usd', 'etf', 'qr', 'ctrl',
  'png', 'csv', 'json', 'webm', 'esc', 'total', 'normal', 'final', 'gamma', 'web', 'no', 'red']);
/** A broken part in the link, to see its notice in each language. */
const BROKEN = 'shock=900&wat=1';
/** The reader's own position, held through the run and drawn on the spiral. */
const POSITION = 'pos=long&pos_from=-3&pos_lev=30';
/** The link's own key names, quoted by the notices as they appear in the address. */
const LINK_KEYS = new Set(['shock', 'wat']);

/** Records every string drawn with fillText, per canvas. */
function recordCanvasText() {
  window.canvasTexts = [];
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function record(text, ...rest) {
    window.canvasTexts.push(`${this.canvas.id || 'unnamed'}: ${String(text)}`);
    return fillText.call(this, text, ...rest);
  };
}

/** The page's visible words: text, aria labels, titles and the document title. */
function pageText() {
  // The language menu names each language in its own words; what is not
  // shown while scripts run (noscript, script, style) is left out.
  const hidden = (el) => el.closest('#lang-select, noscript, script, style');
  const parts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!hidden(node.parentElement)) parts.push(node.textContent);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
    if (hidden(el)) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  return parts.join('\n');
}

/** Drops addresses and HTML code (the link box, the QR link, the embed snippet). */
function withoutCode(text) {
  return text.replace(/<iframe[^]*?<\/iframe>/g, ' ').replace(/https?:\/\/\S+/g, ' ').replace(/v=\d\S*/g, ' ');
}

/** A new 1280x720 projector-mode page at `query` that records canvas text. */
async function open(lang, query) {
  const context = await served.browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
  await context.addInitScript(recordCanvasText);
  const { page, errors } = await openApp(context, `${served.server.url}?v=1&${query}&lang=${lang}&theme=projector`);
  const texts = [];
  const look = async () => texts.push(await page.evaluate(pageText));
  const finish = async () => {
    const canvas = await page.evaluate(() => window.canvasTexts);
    await context.close();
    return { dom: texts.join('\n'), canvas, errors };
  };
  return { page, look, finish };
}

/** The side panels' own steps: what each needs done before it is read. */
const PANEL_STEPS = {
  async charts(page) {
    await page.click('#spread-compute');
    await page.waitForSelector('#histogram-canvas', { timeout: 90_000 });
    await page.locator('#fan-canvas').scrollIntoViewIfNeeded();
  },
  async correlations() {},
  async compare(page) {
    await page.click('#pin-button');
    await page.locator('#slider-liq').fill('0.5');
    await page.waitForSelector('#compare-table');
  },
  async 'phase-map'(page) {
    await page.click('#phase-compute');
    await phaseMapFinished(page, 90_000);
    await page.locator('#slider-shock').fill('12');
  },
  async position(page) {
    await page.locator('#position-headline').scrollIntoViewIfNeeded();
  },
  async lesson(page) {
    await page.click('#lesson-start');
  },
  async settings(page) {
    await page.selectOption('#preset-select', 'oct-2025');
    await page.click('#advanced-settings summary');
  },
  async share(page) {
    await page.click('#record-video');
    await page.waitForFunction(() => document.querySelector('#video-status').textContent.trim() !== '');
  },
};

/**
 * Opens `lang` on a broken link with a position at the projector size,
 * visits the stage at five moments, every panel and every dialog, and
 * returns everything shown and drawn.
 */
async function tour(lang, shots) {
  const { page, look, finish } = await open(lang, `${BROKEN}&${POSITION}`);
  await page.waitForFunction(() => Number(document.querySelector('#spiral-canvas').dataset.position) > 1);
  const assertFits = async (where) => {
    const scroll = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
    assert.ok(scroll[0] <= 1280 && scroll[1] <= 720, `${lang}, ${where}: the stage fits 1280x720 without scrolling: ${scroll}`);
  };
  await look();
  await page.click('.link-notice button');
  await assertFits('the stage');
  // The spiral before the shock, in a round, between rounds and at the end.
  await page.click('#play-button');
  for (const position of ['0', '2.5', '6.9', '30', '1000']) {
    await page.locator('#scrubber').fill(position);
    await page.waitForFunction((p) => document.querySelector('#spiral-canvas').dataset.position !== undefined, position);
    await page.waitForTimeout(50);
    if (shots && position === '2.5') await page.screenshot({ path: join(ARTIFACTS, `i18n-${lang}-stage-1280x720-projector.png`) });
    await look();
  }
  for (const [panel, step] of Object.entries(PANEL_STEPS)) {
    await openPanel(page, panel);
    await step(page);
    await page.waitForTimeout(100);
    if (shots) await page.screenshot({ path: join(ARTIFACTS, `i18n-${lang}-panel-${panel}.png`) });
    await look();
  }
  // The dialogs, each opened and closed.
  for (const [open, id] of [['#show-qr', '#qr-dialog'], ['#show-embed', '#embed-dialog'], ['.help-button', '#shortcuts-dialog']]) {
    await page.click(open);
    await page.waitForSelector(id);
    await look();
    await page.keyboard.press('Escape');
  }
  return finish();
}

/**
 * Predict mode in `lang`: the guess form and the hidden panels, a refused
 * guess, then a guess revealed, its sentence and its line on the price chart.
 */
async function predictTour(lang) {
  const { page, look, finish } = await open(lang, 'predict=1');
  await page.waitForSelector('#predict-box');
  await openPanel(page, 'charts');
  await page.click('#reveal-button');
  await page.waitForFunction(() => document.querySelector('#guess-error').textContent !== '');
  await look();
  await page.fill('#guess-fall', '120');
  await look();
  await page.fill('#guess-fall', '8');
  await page.fill('#guess-liquidated', '0.5');
  await page.press('#guess-fall', 'Enter');
  await page.waitForSelector('#cascade-canvas');
  await page.waitForSelector('#predict-again');
  await look();
  return finish();
}

/** Everything both tours showed and drew. */
async function everything(lang, shots) {
  const [stage, predict] = [await tour(lang, shots), await predictTour(lang)];
  return {
    dom: `${stage.dom}\n${predict.dom}`,
    canvas: [...stage.canvas, ...predict.canvas],
    errors: [...stage.errors, ...predict.errors],
  };
}

/** Words of two letters or more written only in ASCII letters (a word with
 * an accent or in Chinese characters is not English). */
function latinWords(text) {
  return (withoutCode(text).match(/\p{L}+/gu) ?? []).filter((w) => /^[A-Za-z]{2,}$/.test(w));
}

mkdirSync(ARTIFACTS, { recursive: true });

test('with lang=zh nothing on the page or its canvases is left in English', async () => {
  const { dom, canvas, errors } = await everything('zh', true);
  const leftover = (text) => latinWords(text).filter((w) => !LATIN_ALLOWED.has(w) && !LINK_KEYS.has(w));
  assert.deepEqual([...new Set(leftover(dom))], [], 'Latin words in the page');
  const drawn = canvas.filter((line) => leftover(line.split(': ').slice(1).join(': ')).length > 0);
  assert.deepEqual([...new Set(drawn)], [], 'Latin words drawn on canvases');
  for (const id of ['spiral-canvas', 'fan-canvas', 'histogram-canvas']) {
    assert.ok(canvas.some((line) => line.startsWith(`${id}: `) && /[\u4e00-\u9fff]/.test(line)), `${id} draws Chinese`);
  }
  assert.match(dom, /你预测下跌8%：实际跌了\d+(\.\d)?%。你预测爆仓5亿美元：实际是/, 'the guess in Chinese units');
  assert.match(dom, /这次模拟中：\s*(第\d+分钟被强平|扛住了)/, 'the position\'s verdict');
  assert.ok(canvas.some((line) => /^spiral-canvas: 你(的多单在\$[\d,]+爆仓|：)/.test(line)), 'the position on the spiral');
  assert.deepEqual(errors, []);
});

test('with lang=es no English word is left that the English page shows', async () => {
  const english = await everything('en', false);
  const spanish = await everything('es', true);
  const words = (text) => new Set(latinWords(text).map((w) => w.toLowerCase()));
  const englishWords = words(`${english.dom}\n${english.canvas.join('\n')}`);
  const left = (text) => [...words(text)].filter((w) => englishWords.has(w) && !SHARED_WORDS.has(w) && !LINK_KEYS.has(w));
  assert.deepEqual(left(spanish.dom), [], 'English words in the Spanish page');
  const drawn = spanish.canvas.filter((line) => left(line.split(': ').slice(1).join(': ')).length > 0);
  assert.deepEqual([...new Set(drawn)], [], 'English words drawn on canvases in Spanish');
  assert.match(spanish.dom, /\d{1,3}(\.\d{3})+ cuentas/, 'accounts grouped with points');
  assert.match(spanish.dom, /millones de dólares/);
  assert.match(spanish.dom, /Predijiste una caída del 8\s%: cayó un \d+(,\d)?\s%\. Predijiste 500 millones de dólares liquidados/);
  assert.ok(english.canvas.some((line) => line.startsWith('histogram-canvas: ')), 'the histogram was drawn');
  assert.deepEqual(spanish.errors, []);
});

test('the browser language sets the default; the menu switches and keeps lang in the link', async () => {
  const context = await served.browser.newContext({ locale: 'es-ES', viewport: { width: 1280, height: 720 } });
  const { page, errors } = await openApp(context, `${served.server.url}?v=1`);
  assert.match(await page.textContent('#run-summary'), /^Un golpe del 5\s% acabó en una caída del /);
  assert.equal(await page.getAttribute('html', 'lang'), 'es');
  assert.equal(queryOf(page).lang, undefined, 'the browser default is not written into the link');
  await openPanel(page, 'settings');
  await page.selectOption('#lang-select', 'zh');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('lang') === 'zh');
  const summary = await page.textContent('#run-summary');
  assert.match(summary, /^5%的冲击演变成/);
  assert.match(summary, /\d+(\.\d)?万个账户被强平/);
  assert.match(summary, /亿美元/);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
  await openPanel(page, 'share');
  assert.match(await page.inputValue('#share-address'), /[?&]lang=zh(&|$)/, 'the share link keeps the language');
  // An English browser opening that link still reads Chinese.
  const english = await served.browser.newContext({ locale: 'en-US' });
  const other = await openApp(english, `${served.server.url}?v=1&lang=zh`);
  // Play says it in words; Reset all, an icon, in its name.
  assert.match(await other.page.textContent('#play-button'), /[\u4e00-\u9fff]/);
  assert.match(await other.page.getAttribute('#reset-button', 'aria-label'), /[\u4e00-\u9fff]/);
  await english.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a bad lang is reported like any bad value, in the browser language', async () => {
  const context = await served.browser.newContext({ locale: 'zh-CN' });
  const { page } = await openApp(context, `${served.server.url}?v=1&lang=fr`);
  const notice = await page.textContent('.link-notice');
  assert.match(notice, /lang须为以下之一：en, zh, es，收到的是“fr”/);
  await context.close();
});
