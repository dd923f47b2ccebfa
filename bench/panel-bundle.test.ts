import { describe, expect, it } from 'vitest';
import { chunkName, panelBundle } from './panel-bundle.ts';

// The shape of a WXT build: panel.html names its entry, preloads and stylesheet; the entry
// imports shared chunks statically and the picker with import().
const HTML = `<script type="module" crossorigin src="/chunks/panel-DTMrVEK4.js"></script>
<link rel="modulepreload" crossorigin href="/chunks/shared-DVimY6Bw.js">
<link rel="stylesheet" crossorigin href="/assets/panel-y4VY21Db.css">`;

const FILES: Record<string, string> = {
  'chunks/panel-DTMrVEK4.js': `import{a}from"./shared-DVimY6Bw.js";import"./polyfill-DSZCQE_E.js";const p=()=>import("./emoji-picker-element-6FAGSuuR.js");`,
  'chunks/shared-DVimY6Bw.js': `import{b}from"./polyfill-DSZCQE_E.js";export{b as a};`,
  'chunks/polyfill-DSZCQE_E.js': `export const b=1;`,
  'chunks/emoji-picker-element-6FAGSuuR.js': `import{b}from"./polyfill-DSZCQE_E.js";import{d}from"./database-AAAAAAAA.js";const more=()=>import("./shared-DVimY6Bw.js");`,
  'chunks/database-AAAAAAAA.js': `export const d=2;`,
};

const read = (file: string): string => {
  const code = FILES[file];
  if (code === undefined) throw new Error(`no ${file}`);
  return code;
};

describe('the panel bundle', () => {
  it('counts what panel.html loads and its static imports as initial, what import() reaches as lazy', () => {
    const { initial, lazy } = panelBundle(HTML, read);
    expect(initial.sort()).toEqual([
      'assets/panel-y4VY21Db.css',
      'chunks/panel-DTMrVEK4.js',
      'chunks/polyfill-DSZCQE_E.js',
      'chunks/shared-DVimY6Bw.js',
    ]);
    // The picker's own import is lazy too; what the first load has already is not counted twice.
    expect(lazy.sort()).toEqual(['chunks/database-AAAAAAAA.js', 'chunks/emoji-picker-element-6FAGSuuR.js']);
  });

  it('names a chunk without its hash', () => {
    expect(chunkName('chunks/emoji-picker-element-6FAGSuuR.js')).toBe('emoji-picker-element');
    expect(chunkName('chunks/_virtual_wxt-plugins-DSZCQE_E.js')).toBe('_virtual_wxt-plugins');
  });
});
