/** The character rules for names and texts that the panel and the server share (text.ts). */
import { describe, expect, it } from 'vitest';
import {
  NAME_MAX_CHARS,
  NAME_MAX_MARKS,
  TEXT_MAX_CHARS,
  charCount,
  hasLoneSurrogate,
  nameProblem,
  normalizeName,
  textProblem,
} from './index.ts';

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
    ['Ann\u0000', 'a control character (U+0000)'],
    ['Ann\tLee', 'a control character (U+0009)'],
    ['Ann\nLee', 'a control character (U+000A)'],
    ['Ann\u007F', 'a control character (U+007F)'],
    ['Ann\u0085', 'a control character (U+0085)'], // C1 next line
    ['\u202Eevil', 'an invisible character (U+202E)'], // right-to-left override
    ['\u202Aevil', 'an invisible character (U+202A)'], // left-to-right embedding
    ['\u2066evil\u2069', 'an invisible character (U+2066)'], // isolates
    ['\u200Fevil', 'an invisible character (U+200F)'], // right-to-left mark
    ['\u061Cevil', 'an invisible character (U+061C)'], // Arabic letter mark
    ['A\u200Bnn', 'an invisible character (U+200B)'], // zero-width space
    ['A\u200Dnn', 'an invisible character (U+200D)'], // zero-width joiner between letters
    ['😀\u200D', 'an invisible character (U+200D)'], // a joiner that joins nothing
    ['A\u2060nn', 'an invisible character (U+2060)'], // word joiner
    ['\uFEFFAnn', 'an invisible character (U+FEFF)'], // byte order mark
    ['Ann\u2028', 'an invisible character (U+2028)'], // line separator
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

describe('normalizeName', () => {
  it('composes with NFC, then trims', () => {
    expect(normalizeName('  Zoe\u0308 ')).toBe('Zo\u00EB');
    expect(normalizeName('Nguye\u0302\u0303n')).toBe('Nguy\u1EC5n');
    expect(normalizeName('\u1100\u1175\u11B7')).toBe('\uAE40'); // Hangul jamo compose into 김
  });

  it('counts the length after composing', () => {
    const decomposed = 'e\u0301'.repeat(NAME_MAX_CHARS); // 64 code points, 32 once composed
    expect(charCount(decomposed)).toBe(NAME_MAX_CHARS * 2);
    expect(nameProblem(decomposed)).toBeNull();
  });
});

describe('names that cannot pose (issue #11)', () => {
  it.each([
    ['\u3164', 'U+3164'], // Hangul filler: looks empty
    ['Sam\u3164', 'U+3164'],
    ['\u115F', 'U+115F'],
    ['Sam\u1160', 'U+1160'],
    ['\uFFA0', 'U+FFA0'], // halfwidth Hangul filler
    ['\u2800', 'U+2800'], // braille blank
    ['Sam\u2800', 'U+2800'],
    ['S\u00ADam', 'U+00AD'], // soft hyphen
    ['S\u180Eam', 'U+180E'], // Mongolian vowel separator
    ['Sam\u{E0041}\u{E0064}\u{E006D}', 'U+E0041'], // tags: hidden text
    ['\u{1F3F4}\u{E0041}\u{E007F}', 'U+E0041'], // a tag sequence that is no flag
    ['Sam\uFE0F', 'U+FE0F'], // variation selector after a letter
    ['Sam\uFE00', 'U+FE00'],
    ['Sam\u{E0100}', 'U+E0100'], // supplementary variation selector
    ['S\u180Bam', 'U+180B'], // Mongolian free variation selector
    ['S\u034Fam', 'U+034F'], // combining grapheme joiner
    ['S\u2062am', 'U+2062'], // invisible times
    ['❤\uFE0F\uFE0F', 'U+FE0F'], // one selector is what an emoji needs
  ])('refuses %j, naming %s', (name, code) => {
    expect(nameProblem(name)).toBe(`name contains an invisible character (${code})`);
  });

  it('refuses more than the cap of combining marks on one character, and a mark with no character', () => {
    // Overlay marks, which NFC never composes into the letter.
    const marks = (count: number) => 'q' + '\u0334\u0335\u0336\u0337\u0338'.repeat(7).slice(0, count);
    expect(nameProblem(marks(NAME_MAX_MARKS))).toBeNull();
    expect(nameProblem(marks(NAME_MAX_MARKS + 1))).toBe(
      `name has more than ${NAME_MAX_MARKS} combining marks on one character`,
    );
    expect(nameProblem(marks(31))).toContain('combining marks');
    expect(nameProblem(`a${'\u0301'.repeat(31)}`)).toContain('combining marks'); // NFC composes one: 30 left
    expect(nameProblem('\u0301Sam')).toBe('name starts with a combining mark (U+0301)');
    expect(nameProblem(' \u0301Sam')).toBe('name starts with a combining mark (U+0301)');
  });

  it.each([
    'محمد',
    'مُحَمَّد', // with harakat: shadda and fatha on one letter
    'فاطمة الزهراء',
    'דָּוִד', // dagesh and qamats on one letter
    'מֹשֶׁה',
    'श्रीनिवास',
    'कृष्ण',
    'फ़ैज़', // nukta, which NFC keeps apart, then a vowel sign
    'प्रियंका',
    'রবীন্দ্রনাথ',
    'முத்துலட்சுமி',
    'สมชาย',
    'กิตติ์', // vowel and thanthakhat on one consonant
    'เกื้อ',
    'น้ำฝน',
    'Nguyễn Thị Minh Khai',
    'Nguye\u0302\u0303n Va\u0306n', // typed decomposed: NFC composes it
    'Phạm Nhật Vượng',
    'Trần Hưng Đạo',
    'སྒྲོལ་མ', // Tibetan stacks
    'အောင်ဆန်းစုကြည်',
    'ကြွေ့', // four marks on one Myanmar consonant
    '李小龙',
    '山田太郎',
    '김민준',
    'Αλέξανδρος',
    'Сергей',
    'ნინო',
    'አበበ',
    'Zoë Åsa',
    'O’Brien-Smith',
    '❤️',
    'Ann ❤️',
    '👨‍👩‍👧',
    '👩🏽‍💻', // skin tone, then a joiner
    '🏃‍♂️',
    '🏳️‍🌈',
    '🇫🇷',
    '1️⃣',
    '#️⃣ Sam',
    '☺︎', // text presentation
    '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', // Scotland's flag, the one use of tags
  ])('accepts the real name %j', (name) => {
    expect(nameProblem(name)).toBeNull();
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
