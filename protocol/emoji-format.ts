/**
 * The `emoji` of a reaction: exactly one emoji, as a person picks it (a single grapheme that
 * is pictographic, a flag or a keycap, with its modifiers and joiners). A TypeBox format, so
 * the server's schema refuses anything else with the field's name.
 */
import { FormatRegistry } from '@sinclair/typebox';

export const EMOJI_FORMAT = 'samepage-emoji';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const PICTURE = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}{2}|[0-9#*]\uFE0F?\u20E3)/u;

export function isEmoji(value: string): boolean {
  if (value.length === 0 || value.length > 32) return false;
  const graphemes = [...segmenter.segment(value)];
  return graphemes.length === 1 && PICTURE.test(value);
}

export function registerEmojiFormat(): void {
  FormatRegistry.Set(EMOJI_FORMAT, isEmoji);
}
