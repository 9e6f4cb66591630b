// Shared set-up for the end-to-end tests: the release build in dist/,
// served on 127.0.0.1 under a sub-path, driven in headless Chromium.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/static-server.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist');
/** The smallest canvas text allowed, CSS px, per theme (www/style.css). */
export const MIN_TEXT = { normal: 13, projector: 20 };
/** Where screenshots for people to look at are written. */
export const ARTIFACTS = join(ROOT, 'target', 'e2e');

/** Flags for Chromium in a closed sandbox (no background network, no GPU). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser() {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('dist/index.html is missing: run `trunk build --release --offline` first (scripts/test.sh does)');
  }
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

export function serveDist(base = '/cascade-lab/') {
  return startServer({ root: DIST, base });
}

/**
 * Opens `url` in a new page and collects console errors and page errors,
 * waiting until the app shows its first run: the canvas carries the run's
 * digest once it has drawn it, and the outcome line is the run's (before
 * that, both say the run is being computed).
 */
export async function openApp(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(url);
  await page.waitForSelector('#run-summary:not([aria-busy])', { timeout: 120_000 });
  await page.waitForFunction(() => {
    const c = document.querySelector('#spiral-canvas');
    return c && c.width > 0 && c.dataset.run;
  }, null, { timeout: 120_000 });
  // A link that opens a side panel: its content follows the first run.
  if (await page.$('#side-panel')) await panelContent(page);
  return { page, errors };
}

/**
 * Opens the side panel `key` (charts, correlations, compare, phase-map,
 * lesson, settings, share) with its tab, unless it is open already, and
 * waits for its content (drawn by the panels' module once it has loaded).
 */
export async function openPanel(page, key) {
  const tab = page.locator(`#tab-${key}`);
  if ((await tab.getAttribute('aria-expanded')) !== 'true') await tab.click();
  await page.waitForSelector(`#side-panel[data-panel="${key}"]`);
  await panelContent(page);
}

/** Waits until the open side panel shows its content (or why it cannot). */
export function panelContent(page, timeout = 60_000) {
  return page.waitForSelector('#side-panel-body #panels-root > *, #panels-failed', { timeout });
}

/** Waits until the phase map in the open panel has every row. */
export function phaseMapFinished(page, timeout = 60_000) {
  return page.waitForFunction(() => {
    const p = document.querySelector('#phase-progress');
    return Number(p.value) === Number(p.max) && document.querySelector('#phase-map').dataset.running === 'false';
  }, null, { timeout });
}

/** A digest of every pixel of the canvas, to tell whether it was redrawn. */
export function canvasDigest(page, selector = '#spiral-canvas') {
  return page.evaluate((sel) => {
    const canvas = document.querySelector(sel);
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 2166136261;
    for (let i = 0; i < data.length; i += 1) {
      hash ^= data[i];
      hash = Math.imul(hash, 16777619) >>> 0;
    }
    return `${canvas.width}x${canvas.height}:${hash.toString(16)}`;
  }, selector);
}

/**
 * An init script that records, per canvas id, every string drawn with
 * fillText: its latest drawing's font size and position in CSS px (through
 * the context's transform, rotated labels included, over the pixel ratio)
 * and, for unrotated text, its left and right edges, in
 * `window.canvasTexts[id][text]`.
 */
export function recordCanvasText() {
  window.canvasTexts = {};
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function record(text, x, y, ...rest) {
    const px = /([\d.]+)px/.exec(this.font);
    const transform = this.getTransform();
    const at = transform.transformPoint({ x, y });
    const scale = Math.hypot(transform.a, transform.b) / devicePixelRatio;
    const drawn = (window.canvasTexts[this.canvas.id || 'unnamed'] ??= {});
    if (String(text).trim()) {
      // The text's horizontal extent, from its width and alignment.
      const width = this.measureText(String(text)).width * Math.abs(transform.a) / devicePixelRatio;
      const x0 = at.x / devicePixelRatio;
      const left = { right: x0 - width, end: x0 - width, center: x0 - width / 2 }[this.textAlign] ?? x0;
      drawn[String(text)] = { size: px ? Number(px[1]) * scale : NaN, x: x0, y: at.y / devicePixelRatio, left, right: left + width };
    }
    return fillText.call(this, text, x, y, ...rest);
  };
}

/** The smallest text `recordCanvasText` saw on canvas `id`: { text, size }. */
export async function smallestCanvasText(page, id) {
  const drawn = await page.evaluate((canvas) => window.canvasTexts?.[canvas] ?? {}, id);
  return Object.entries(drawn)
    .map(([text, { size }]) => ({ text, size }))
    .reduce((least, t) => (least && least.size <= t.size ? least : t), null);
}

/** The current query string of the page, parsed. */
export function queryOf(page) {
  return Object.fromEntries(new URL(page.url()).searchParams);
}

/**
 * One browser and one server of dist/ for a whole test file, opened before
 * its first test and closed after its last: `const app = useBrowserAndServer();`
 * then `app.browser` and `app.server.url` inside the tests.
 */
export function useBrowserAndServer(base = '/cascade-lab/') {
  const app = {};
  before(async () => {
    app.browser = await launchBrowser();
    app.server = await serveDist(base);
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

/**
 * Records every main-thread long task of `context`'s pages from navigation
 * on, into `window.longTasks` ({ start, duration }, ms): an init script
 * registers the PerformanceObserver before any of the page's scripts run,
 * buffered, so tasks from before it started count too.
 */
export function recordLongTasksFromStart(context) {
  return context.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/**
 * The tasks of the main thread of the renderer that showed `url` in a
 * Chromium trace, each with its wall and CPU time, ms.
 */
export function mainThreadTasks(traceBuffer, url) {
  const parsed = JSON.parse(traceBuffer.toString('utf8'));
  const events = parsed.traceEvents ?? parsed;
  const pids = new Set(events
    .filter((e) => e.name === 'FrameCommittedInBrowser')
    .map((e) => e.args?.data)
    .filter((frame) => frame?.url === url && frame.processId)
    .map((frame) => frame.processId));
  const mains = new Set(events
    .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && pids.has(e.pid))
    .map((e) => `${e.pid}:${e.tid}`));
  return events
    .filter((e) => e.name === 'RunTask' && e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`))
    .map((e) => ({ wall: e.dur / 1000, cpu: (e.tdur ?? e.dur) / 1000 }));
}
