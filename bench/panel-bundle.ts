/**
 * Which files of a build the panel loads at first, and which only later: the files panel.html
 * names and everything they import statically are its initial bundle (issue #12's budget);
 * what they import with `import()` (the emoji picker) comes when it is first used.
 */
import { posix } from 'node:path';

export interface PanelBundle {
  /** Output-relative paths of the JS and CSS loaded with panel.html. */
  initial: string[];
  /** Output-relative paths of the chunks only a dynamic `import()` reaches. */
  lazy: string[];
}

const HTML_ASSET = /<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.(?:js|css))"/g;
// Minified ES modules: `from"./x.js"`, `import"./x.js"`, `import("./x.js")`.
const STATIC_IMPORT = /\b(?:from|import)\s*["']([^"']+\.js)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+\.js)["']\s*\)/g;

const specifiers = (code: string, pattern: RegExp): string[] =>
  [...code.matchAll(pattern)].map((match) => match[1] ?? '');

/** The path of `specifier` imported by the module at `from`, relative to the output folder. */
const resolveFrom = (from: string, specifier: string): string =>
  specifier.startsWith('/') ? specifier.slice(1) : posix.normalize(posix.join(posix.dirname(from), specifier));

/** `html` is panel.html; `read` gives the text of an output-relative JS file. */
export function panelBundle(html: string, read: (file: string) => string): PanelBundle {
  const initial = new Set<string>();
  const dynamic = new Set<string>();
  const visit = (file: string, into: Set<string>): void => {
    if (into.has(file)) return;
    into.add(file);
    if (!file.endsWith('.js')) return;
    const code = read(file);
    for (const specifier of specifiers(code, STATIC_IMPORT)) visit(resolveFrom(file, specifier), into);
    for (const specifier of specifiers(code, DYNAMIC_IMPORT)) dynamic.add(resolveFrom(file, specifier));
  };
  for (const asset of specifiers(html, HTML_ASSET)) visit(asset.replace(/^\//, ''), initial);
  const lazy = new Set<string>();
  // A lazy chunk's own imports are lazy too, unless the first load has them already.
  for (const file of dynamic) if (!initial.has(file)) visit(file, lazy);
  for (const file of initial) lazy.delete(file);
  return { initial: [...initial], lazy: [...lazy] };
}

/** A chunk's name without its content hash: `chunks/emoji-picker-element-6FAGSuuR.js` → `emoji-picker-element`. */
export const chunkName = (file: string): string => posix.basename(file).replace(/-[\w-]{8}\.(?:js|css)$/, '');
