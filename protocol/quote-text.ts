/**
 * The rules of a page quote (issue #12, "Quote the page"): what its text and context may hold,
 * and how a selection on a page becomes one. Pure functions, no TypeBox, so the content script
 * and the panel can use them; the schema built on them is page-quote.ts.
 */
import { charCount, hasLoneSurrogate } from './text.ts';
import type { PageQuote } from './page-quote.ts';

/** A quote's text: 1..500 characters (code points), not blank. */
export const QUOTE_TEXT_MAX_CHARS = 500;

/** A quote's `prefix` and `suffix`: at most 64 characters each, the words around the passage. */
export const QUOTE_CONTEXT_MAX_CHARS = 64;

// Whitespace and controls of any kind: a quote is one line of words, however the page laid them out.
const SPACES_AND_CONTROLS = /[\s\p{Cc}]+/gu;
const CONTROL = /\p{Cc}/u;

/** Why a quote's text is refused, or null. */
export function quoteTextProblem(raw: string): string | null {
  if (hasLoneSurrogate(raw)) return 'quote contains an invalid character (lone surrogate)';
  if (CONTROL.test(raw)) return 'quote contains a control character';
  if (raw.trim().length === 0) return 'quote is blank';
  if (charCount(raw) > QUOTE_TEXT_MAX_CHARS) return `quote is longer than ${QUOTE_TEXT_MAX_CHARS} characters`;
  return null;
}

/** Why a quote's prefix or suffix is refused, or null. */
export function quoteContextProblem(raw: string): string | null {
  if (hasLoneSurrogate(raw)) return 'quote context contains an invalid character (lone surrogate)';
  if (CONTROL.test(raw)) return 'quote context contains a control character';
  if (charCount(raw) > QUOTE_CONTEXT_MAX_CHARS) {
    return `quote context is longer than ${QUOTE_CONTEXT_MAX_CHARS} characters`;
  }
  return null;
}

/**
 * Why `value` is not a PageQuote, or null: the same verdict as the schema, for the extension,
 * which may not compile schemas (MV3 forbids eval) but takes quotes from pages and panels.
 */
export function quoteProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'quote must be an object';
  const { text, prefix, suffix, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) return `quote has an unknown field: ${extra}`;
  if (typeof text !== 'string') return 'quote text must be a string';
  const problem = quoteTextProblem(text);
  if (problem) return problem;
  for (const context of [prefix, suffix]) {
    if (context === undefined) continue;
    if (typeof context !== 'string') return 'quote context must be a string';
    const contextProblem = quoteContextProblem(context);
    if (contextProblem) return contextProblem;
  }
  return null;
}

/** One line: runs of whitespace and controls become one space; lone surrogates become U+FFFD. */
function oneLine(raw: string): string {
  return raw.toWellFormed().replace(SPACES_AND_CONTROLS, ' ').trim();
}

/** The last `max` code points of `line`, without a word cut in half at its start. */
function lastWords(line: string, max: number): string {
  const chars = [...line];
  if (chars.length <= max) return line;
  const kept = chars.slice(-max).join('');
  const cutInWord = chars[chars.length - max - 1] !== ' ';
  const space = kept.indexOf(' ');
  return (cutInWord && space >= 0 ? kept.slice(space) : kept).trim();
}

/** The first `max` code points of `line`, without a word cut in half at its end. */
function firstWords(line: string, max: number): string {
  const chars = [...line];
  if (chars.length <= max) return line;
  const kept = chars.slice(0, max).join('');
  const cutInWord = chars[max] !== ' ';
  const space = kept.lastIndexOf(' ');
  return (cutInWord && space >= 0 ? kept.slice(0, space) : kept).trim();
}

// Enough raw text around a selection for 64 characters of words, however much whitespace it holds.
const CONTEXT_SCAN_UNITS = 1024;

/**
 * A selection as a quote: its text on one line, cut to QUOTE_TEXT_MAX_CHARS (at a word where
 * one ends near the limit), and the words just before and after it as `prefix` and `suffix`
 * (like a text fragment's `prefix-,` and `,-suffix`) to tell apart passages that repeat. A cut
 * passage's suffix is where the selection went on. Null for a selection with no words.
 */
export function quoteFromSelection(selection: { text: string; before?: string; after?: string }): PageQuote | null {
  const selected = oneLine(selection.text);
  if (selected === '') return null;
  const chars = [...selected];
  let text = selected;
  let rest = '';
  if (chars.length > QUOTE_TEXT_MAX_CHARS) {
    const head = chars.slice(0, QUOTE_TEXT_MAX_CHARS).join('');
    const space = head.lastIndexOf(' ');
    // A word ending in the last fifth is a better place to stop than the middle of one.
    const end = space > head.length * 0.8 ? space : head.length;
    text = head.slice(0, end).trim();
    rest = selected.slice(end);
  }
  const before = oneLine((selection.before ?? '').slice(-CONTEXT_SCAN_UNITS));
  const after = oneLine(`${rest} ${(selection.after ?? '').slice(0, CONTEXT_SCAN_UNITS)}`);
  const prefix = lastWords(before, QUOTE_CONTEXT_MAX_CHARS);
  const suffix = firstWords(after, QUOTE_CONTEXT_MAX_CHARS);
  return { text, ...(prefix ? { prefix } : {}), ...(suffix ? { suffix } : {}) };
}
