/** A page quote's schema (page-quote.ts) and the rules and helper it is built on (quote-text.ts). */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  QUOTE_CONTEXT_MAX_CHARS,
  QUOTE_TEXT_MAX_CHARS,
  charCount,
  quoteFromSelection,
  quoteProblem,
  type PageQuote,
} from './index.ts';
import { PageQuote as PageQuoteSchema } from './page-quote.ts';
import { registerFormats } from './schemas.ts';

registerFormats();
const schema = TypeCompiler.Compile(PageQuoteSchema);

describe('the PageQuote schema', () => {
  it('is text with optional prefix and suffix', () => {
    expectTypeOf<PageQuote>().toEqualTypeOf<{ text: string; prefix?: string; suffix?: string }>();
  });

  it.each([
    { text: 'a' },
    { text: 'x'.repeat(QUOTE_TEXT_MAX_CHARS) },
    { text: '😀'.repeat(QUOTE_TEXT_MAX_CHARS) },
    { text: 'the passage', prefix: 'just before', suffix: 'y'.repeat(QUOTE_CONTEXT_MAX_CHARS) },
    { text: 'the passage', prefix: '' },
  ])('accepts %j, as quoteProblem does', (quote) => {
    expect(schema.Check(quote)).toBe(true);
    expect(quoteProblem(quote)).toBeNull();
  });

  it.each([
    [{ text: '' }, 'quote is blank'],
    [{ text: ' \u00a0 ' }, 'quote is blank'],
    [{ text: 'x'.repeat(QUOTE_TEXT_MAX_CHARS + 1) }, `quote is longer than ${QUOTE_TEXT_MAX_CHARS} characters`],
    [{ text: 'two\nlines' }, 'quote contains a control character'],
    [{ text: 'half \uD83D' }, 'quote contains an invalid character (lone surrogate)'],
    [{ text: 'ok', prefix: 'p'.repeat(QUOTE_CONTEXT_MAX_CHARS + 1) }, 'quote context is longer than 64 characters'],
    [{ text: 'ok', suffix: 'tab\there' }, 'quote context contains a control character'],
    [{ text: 'ok', suffix: 7 }, 'quote context must be a string'],
    [{ text: 'ok', url: 'https://example.com/' }, 'quote has an unknown field: url'],
    [{ prefix: 'no text' }, 'quote text must be a string'],
  ])('refuses %j, saying why', (quote, why) => {
    expect(schema.Check(quote)).toBe(false);
    expect(quoteProblem(quote)).toBe(why);
  });

  it('refuses what is not an object', () => {
    for (const value of [null, 'text', ['text']]) expect(quoteProblem(value)).toBe('quote must be an object');
  });
});

describe('quoteFromSelection', () => {
  it('puts the selection on one line, with the words around it', () => {
    expect(
      quoteFromSelection({ text: '  The quick\n\tbrown  fox ', before: 'Once upon a time,\n', after: '\njumped over' }),
    ).toEqual({ text: 'The quick brown fox', prefix: 'Once upon a time,', suffix: 'jumped over' });
  });

  it('leaves out a prefix or suffix there is nothing for', () => {
    expect(quoteFromSelection({ text: 'alone' })).toEqual({ text: 'alone' });
    expect(quoteFromSelection({ text: 'start', before: '  \n', after: 'then' })).toEqual({
      text: 'start',
      suffix: 'then',
    });
  });

  it('is null for a selection of nothing but whitespace', () => {
    expect(quoteFromSelection({ text: ' \n\t ', before: 'words', after: 'words' })).toBeNull();
  });

  it('keeps at most 64 characters of whole words around the passage', () => {
    const words = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');
    const quote = quoteFromSelection({ text: 'passage', before: words, after: words });
    expect(quote?.prefix?.endsWith('word39')).toBe(true);
    expect(quote?.suffix?.startsWith('word0 ')).toBe(true);
    for (const context of [quote?.prefix ?? '', quote?.suffix ?? '']) {
      expect(charCount(context)).toBeLessThanOrEqual(QUOTE_CONTEXT_MAX_CHARS);
      expect(words.split(' ')).toEqual(expect.arrayContaining(context.split(' ')));
    }
  });

  it('cuts a long selection at a word, and its suffix is where the selection went on', () => {
    const long = Array.from({ length: 200 }, (_, index) => `w${index}`).join(' ');
    const quote = quoteFromSelection({ text: long, after: 'after the selection' });
    expect(quote).not.toBeNull();
    const { text, suffix } = quote as PageQuote;
    expect(charCount(text)).toBeLessThanOrEqual(QUOTE_TEXT_MAX_CHARS);
    expect(long.startsWith(`${text} `)).toBe(true);
    expect(long.slice(text.length + 1).startsWith(suffix ?? '-')).toBe(true);
    expect(quoteProblem(quote)).toBeNull();
  });

  it('counts code points, and mends lone surrogates and controls a page may hold', () => {
    const quote = quoteFromSelection({ text: `${'😀'.repeat(QUOTE_TEXT_MAX_CHARS + 10)}`, before: 'a\u0000b \uD800' });
    expect(charCount(quote?.text ?? '')).toBe(QUOTE_TEXT_MAX_CHARS);
    expect(quoteProblem(quote)).toBeNull();
    expect(quote?.prefix).toBe('a b \uFFFD');
  });
});
