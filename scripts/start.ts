/**
 * `npm start`: after `wxt build` has written the extension, say where to load it from, then
 * run the relay with its embedded defaults (configuration from the environment).
 */
import { resolve } from 'node:path';

const extension = resolve('.output/chrome-mv3');
process.stdout.write(`
samepage is built. To use it in Chrome or Chromium:
  1. open chrome://extensions and switch on "Developer mode";
  2. click "Load unpacked" and choose ${extension}
  3. on any web page, click the samepage icon (or press Alt+Shift+S) to open the panel.
The relay server starts below (Ctrl+C stops it).

`);
await import('../server/main.ts');
