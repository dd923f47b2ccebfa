import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { EMOJI_MAX_UNITS, isEmoji } from './emoji.ts';
import { Emoji, registerFormats } from './schemas.ts';

const graphemes = (value: string): number =>
  [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(value)].length;

describe('isEmoji', () => {
  it.each([
    ['a simple pictograph', '👍'],
    ['a skin tone', '👍🏽'],
    ['a ZWJ family', '👨‍👩‍👧'],
    ['a family with skin tones', '👨🏻‍👩🏼‍👧🏽‍👦🏾'],
    ['a ZWJ sequence with a tone and a sign', '🏃🏽‍♀️'],
    ['a flag', '🇫🇷'],
    ['a subdivision flag', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['a rainbow flag', '🏳️‍🌈'],
    ['a keycap', '1️⃣'],
    ['a keycap without the selector', '#⃣'],
    ['a heart with emoji presentation', '❤️'],
    ['a heart without', '❤'],
    ['a party popper', '🎉'],
    ['a recent emoji', '🫠'],
  ])('accepts %s: %s', (_, value) => {
    expect(isEmoji(value)).toBe(true);
    expect(graphemes(value)).toBe(1);
  });

  it.each([
    ['empty', ''],
    ['a letter', 'a'],
    ['a word', 'hello'],
    ['markup', '<script>'],
    ['a digit alone', '1'],
    ['two emoji', '👍👍'],
    ['two flags', '🇫🇷🇩🇪'],
    ['an emoji and text', '👍 yes'],
    ['text and an emoji', 'ok👍'],
    ['a lone skin tone', '🏽'],
    ['a lone regional indicator', '🇫'],
    ['a lone ZWJ', '\u200D'],
    ['a trailing ZWJ', '👍\u200D'],
    ['a leading ZWJ', '\u200D👍'],
    ['a lone variation selector', '\uFE0F'],
    ['text presentation', '☺︎'],
    ['a lone keycap mark', '\u20E3'],
    ['spaces around', ' 👍 '],
    ['a newline after', '👍\n'],
    ['a lone surrogate', '\uD83D'],
    ['a stray tag character', '👍\u{E0061}'],
    ['a combining mark on an emoji', '👍\u0301'],
  ])('refuses %s', (_, value) => {
    expect(isEmoji(value)).toBe(false);
  });

  it(`refuses anything longer than ${EMOJI_MAX_UNITS} UTF-16 units, even one grapheme`, () => {
    const chain = (length: number): string => Array.from({ length }, () => '👍').join('\u200D');
    expect(chain(12).length).toBeGreaterThan(EMOJI_MAX_UNITS);
    expect(graphemes(chain(12))).toBe(1);
    expect(isEmoji(chain(12))).toBe(false);
    expect(isEmoji(chain(10))).toBe(true);
  });

  it('is quick on hostile input', () => {
    const started = performance.now();
    for (let index = 0; index < 10_000; index++) isEmoji('👍\u200D'.repeat(10) + 'x');
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('the Emoji schema', () => {
  it('checks the format wherever the schemas are compiled', () => {
    registerFormats();
    const payload = Type.Object({ emoji: Emoji });
    expect(Value.Check(payload, { emoji: '👨‍👩‍👧' })).toBe(true);
    expect(Value.Check(payload, { emoji: '<script>' })).toBe(false);
    expect(Value.Check(payload, { emoji: '👍'.repeat(20) })).toBe(false);
  });
});
