/** The character rules for names and texts that the panel and the server share (text.ts). */
import { describe, expect, it } from 'vitest';
import { NAME_MAX_CHARS, TEXT_MAX_CHARS, charCount, hasLoneSurrogate, nameProblem, textProblem } from './index.ts';

describe('charCount', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 1], // precomposed
    ['e\u0301', 2], // e + combining acute: two code points
    ['😀', 1], // one code point, two UTF-16 units
    ['😀😀😀', 3],
    ['👨‍👩‍👧', 5], // three people joined by two zero-width joiners
    ['\uD800', 1], // a lone surrogate still counts once
    ['a\uDC00b', 3],
  ])('counts %j as %i', (value, count) => {
    expect(charCount(value)).toBe(count);
  });
});

describe('hasLoneSurrogate', () => {
  it('finds a high surrogate without its low one, and a low one without its high one', () => {
    expect(hasLoneSurrogate('a\uD83D')).toBe(true);
    expect(hasLoneSurrogate('\uDE00a')).toBe(true);
    expect(hasLoneSurrogate('\uDE00\uD83D')).toBe(true); // reversed pair
    expect(hasLoneSurrogate('\uD83D\uDE00')).toBe(false);
    expect(hasLoneSurrogate('plain')).toBe(false);
  });
});

describe('nameProblem', () => {
  it.each([
    'Ann',
    'a',
    'a'.repeat(NAME_MAX_CHARS),
    '😀'.repeat(NAME_MAX_CHARS),
    `  ${'a'.repeat(NAME_MAX_CHARS)}  `,
    'Zoë Åsa',
    'محمد',
    '李小龙',
    'Ann ❤️', // a variation selector is not invisible trickery
    '👨‍👩‍👧 family', // zero-width joiners that build one emoji
    '🏳️‍🌈', // a joiner after a variation selector
  ])('accepts %j', (name) => {
    expect(nameProblem(name)).toBeNull();
  });

  it.each([
    ['', 'name is empty'],
    ['   ', 'name is empty'],
    ['\u3000', 'name is empty'], // ideographic space trims away
    ['a'.repeat(NAME_MAX_CHARS + 1), `longer than ${NAME_MAX_CHARS} characters`],
    ['😀'.repeat(NAME_MAX_CHARS + 1), `longer than ${NAME_MAX_CHARS} characters`],
    ['Ann\u0000', 'control or invisible'],
    ['Ann\tLee', 'control or invisible'],
    ['Ann\nLee', 'control or invisible'],
    ['Ann\u007F', 'control or invisible'],
    ['Ann\u0085', 'control or invisible'], // C1 next line
    ['\u202Eevil', 'control or invisible'], // right-to-left override
    ['\u202Aevil', 'control or invisible'], // left-to-right embedding
    ['\u2066evil\u2069', 'control or invisible'], // isolates
    ['\u200Fevil', 'control or invisible'], // right-to-left mark
    ['\u061Cevil', 'control or invisible'], // Arabic letter mark
    ['A\u200Bnn', 'control or invisible'], // zero-width space
    ['A\u200Dnn', 'control or invisible'], // zero-width joiner between letters
    ['😀\u200D', 'control or invisible'], // a joiner that joins nothing
    ['A\u2060nn', 'control or invisible'], // word joiner
    ['\uFEFFAnn', 'control or invisible'], // byte order mark
    ['Ann\u2028', 'control or invisible'], // line separator
    ['Ann\uD800', 'lone surrogate'],
    ['\uDFFFAnn', 'lone surrogate'],
  ])('refuses %j: %s', (name, why) => {
    expect(nameProblem(name)).toContain(why);
  });

  it('says what is wrong in words that name the field', () => {
    expect(nameProblem('')).toBe('name is empty');
    expect(nameProblem('a'.repeat(33))).toBe('name is longer than 32 characters');
  });
});

describe('textProblem', () => {
  it.each([
    'hi',
    'a',
    ' padded ',
    'line one\nline two',
    'windows\r\nline ends',
    'col\tumn',
    'a'.repeat(TEXT_MAX_CHARS),
    '😀'.repeat(TEXT_MAX_CHARS),
    'مرحبا \u202E text may carry bidi marks',
    'zero\u200Bwidth is fine in text',
    'e\u0301',
  ])('accepts %j', (text) => {
    expect(textProblem(text)).toBeNull();
  });

  it.each([
    ['', 'text is blank'],
    [' ', 'text is blank'],
    ['\n\t \n', 'text is blank'],
    ['\u00A0\u3000', 'text is blank'],
    ['a'.repeat(TEXT_MAX_CHARS + 1), `longer than ${TEXT_MAX_CHARS} characters`],
    ['😀'.repeat(TEXT_MAX_CHARS + 1), `longer than ${TEXT_MAX_CHARS} characters`],
    ['nul\u0000', 'control character'],
    ['bell\u0007', 'control character'],
    ['vt\u000B', 'control character'],
    ['ff\u000C', 'control character'],
    ['esc\u001B[31m', 'control character'],
    ['del\u007F', 'control character'],
    ['c1\u009B', 'control character'],
    ['hi\uD800', 'lone surrogate'],
    ['\uDC00hi', 'lone surrogate'],
  ])('refuses %j: %s', (text, why) => {
    expect(textProblem(text)).toContain(why);
  });

  it('counts code points against the limit, not UTF-16 units', () => {
    const text = '😀'.repeat(TEXT_MAX_CHARS);
    expect(text.length).toBe(TEXT_MAX_CHARS * 2);
    expect(textProblem(text)).toBeNull();
    expect(textProblem(`${text}a`)).toBe(`text is longer than ${TEXT_MAX_CHARS} characters`);
  });
});
