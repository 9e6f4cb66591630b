// The stage's wasm module, the one the first spiral waits for, carries the
// stage's text and none of the panels': each language file of
// src/engine/i18n has one `match` for `Key` and one for `PanelKey`, and
// only the first may be linked into the stage. A `PanelKey` named by
// anything the stage reaches would bring every language's panel table back
// (27 KB of text, 12 KB gzipped). Reads the release build in dist/; no
// browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROOT } from './harness.mjs';

/** Pieces this long or longer are too specific to turn up by chance. */
const MIN_PIECE_BYTES = 16;

/** A Rust string literal's text, for the few escapes the tables could use. */
function unescape(literal) {
  return literal
    .replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/\\n/g, '\n')
    .replace(/\\(["\\])/g, '$1');
}

/** The strings of one language, the stage's table and the panels' apart. */
function tables(lang) {
  const source = readFileSync(join(ROOT, 'src', 'engine', 'i18n', `${lang}.rs`), 'utf8');
  const split = source.indexOf('fn panel_text');
  assert.ok(split > 0, `${lang}.rs has a panel_text table`);
  const strings = (part, name) => {
    const entries = [...part.matchAll(/^ {8}(\w+) => "((?:[^"\\]|\\.)*)",$/gm)];
    // Every arm of the match is read: one written another way would
    // otherwise be skipped without a word.
    const arms = part.match(/^\s+\w+ =>/gm) ?? [];
    assert.equal(entries.length, arms.length, `${lang}.rs ${name}: every entry read`);
    return entries.map(([, key, text]) => ({ key, text: unescape(text) }));
  };
  return { stage: strings(source.slice(0, split), 'text'), panels: strings(source.slice(split), 'panel_text') };
}

/** The longest run of a template's own words, between its `{blanks}`. */
function longestPiece(text) {
  return text.split(/\{\w+\}/).reduce((a, b) => (Buffer.byteLength(b) > Buffer.byteLength(a) ? b : a), '');
}

function stageWasm() {
  // The stage's file name carries trunk's hash; the panels' does not.
  const names = readdirSync(DIST).filter((f) => /^cascade-lab-[0-9a-f]+_bg\.wasm$/.test(f));
  assert.equal(names.length, 1, `one stage wasm in dist/ (run \`trunk build --release --offline\` first): ${names}`);
  return readFileSync(join(DIST, names[0]));
}

test("the stage's wasm carries its own text in every language and none of the panels'", () => {
  const wasm = stageWasm();
  for (const lang of ['en', 'zh', 'es']) {
    const { stage, panels } = tables(lang);
    assert.ok(stage.length > 100 && panels.length > 100, `${lang}: both tables read`);
    // What the stage shows is there, so not finding the panels' text below
    // means it is absent, not that the text was looked for wrongly.
    for (const { key, text } of stage) {
      const piece = longestPiece(text);
      if (Buffer.byteLength(piece) < MIN_PIECE_BYTES) continue;
      assert.ok(wasm.includes(Buffer.from(piece)), `${lang} ${key} is missing from the stage's wasm: "${piece}"`);
    }
    const linked = panels.filter(({ text }) => {
      const piece = longestPiece(text);
      return (
        Buffer.byteLength(piece) >= MIN_PIECE_BYTES &&
        !stage.some((s) => s.text.includes(piece)) &&
        wasm.includes(Buffer.from(piece))
      );
    });
    assert.deepEqual(
      linked.map(({ key }) => key),
      [],
      `${lang}: panel text in the stage's wasm (something the stage links names a PanelKey)`,
    );
  }
});
