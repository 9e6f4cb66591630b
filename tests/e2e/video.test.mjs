// The spiral as a video: Record plays the run from the shock to its end
// with progress and saves a WebM file that carries its duration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openApp, openPanel, useBrowserAndServer } from './harness.mjs';

const app = useBrowserAndServer();

/** The Duration element (0x4489) of a WebM file, as 8 or 4 bytes of float. */
function durationElement(bytes) {
  for (let i = 0; i + 3 < bytes.length; i += 1) {
    if (bytes[i] === 0x44 && bytes[i + 1] === 0x89 && (bytes[i + 2] === 0x88 || bytes[i + 2] === 0x84)) {
      const view = new DataView(bytes.buffer, bytes.byteOffset + i + 3, bytes[i + 2] & 0x7f);
      return bytes[i + 2] === 0x88 ? view.getFloat64(0) : view.getFloat32(0);
    }
  }
  return null;
}

test('Record saves a WebM of the run with its duration', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const { page, errors } = await openApp(context, `${app.server.url}?v=1&shock=3&lev=10&panel=share`);
  await page.click('.speed-button:has-text("4x")');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    (async () => {
      await page.click('#record-video');
      await page.waitForFunction(() => Number(document.querySelector('#video-progress').value) > 0);
    })(),
  ]);
  assert.equal(download.suggestedFilename(), 'cascade-lab-spiral.webm');
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x1a, 0x45, 0xdf, 0xa3], 'an EBML header');
  assert.ok(bytes.includes(Buffer.from('webm')), 'DocType webm');
  const duration = durationElement(bytes);
  assert.ok(duration > 200, `a Duration element: ${duration} ms`);

  // A <video> reads the same length (a live recording would say Infinity).
  const seconds = await page.evaluate(async (data) => {
    const url = URL.createObjectURL(new Blob([new Uint8Array(data)], { type: 'video/webm' }));
    const video = document.createElement('video');
    video.preload = 'metadata';
    video.src = url;
    await new Promise((resolve, reject) => { video.onloadedmetadata = resolve; video.onerror = reject; });
    return video.duration;
  }, [...bytes]);
  assert.ok(Number.isFinite(seconds) && Math.abs(seconds * 1000 - duration) < 250, `video.duration ${seconds} s`);
  await page.waitForSelector('#video-status:has-text("Saved")');
  assert.deepEqual(errors, []);
  await context.close();
});
