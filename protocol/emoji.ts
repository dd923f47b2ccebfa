/**
 * What counts as one emoji on the wire (a reaction, issue #12): a single grapheme built the
 * way Unicode builds emoji, so a reaction can never carry text, markup or hidden characters.
 * Structural rather than a list of known emoji (`\p{RGI_Emoji}`): a list is as old as the
 * relay's JavaScript engine, and would refuse emoji that a newer browser offers.
 */

/** Longest emoji accepted, in UTF-16 units: the longest RGI sequences (families with skin tones) are 25. */
export const EMOJI_MAX_UNITS = 32;

// A pictograph, with a skin tone or emoji presentation, and the tag characters of a subdivision flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿).
const PICTOGRAPH = String.raw`\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F)?(?:[\u{E0020}-\u{E007E}]+\u{E007F})?`;
// Two regional indicators: a country flag (🇫🇷).
const FLAG = String.raw`\p{Regional_Indicator}{2}`;
// A digit, # or * with the combining enclosing keycap (1️⃣).
const KEYCAP = String.raw`[0-9#*]\uFE0F?\u20E3`;

// Each part extends or joins the one before (Extend, ZWJ between pictographs, a pair of
// regional indicators), so whatever matches is a single grapheme.
const EMOJI = new RegExp(`^(?:${FLAG}|${KEYCAP}|${PICTOGRAPH}(?:\\u200D${PICTOGRAPH})*)$`, 'u');

/** True when `value` is exactly one emoji: 👍🏽, 👨‍👩‍👧, 🇫🇷, 1️⃣, ❤️; not text, not two emoji. */
export function isEmoji(value: string): boolean {
  // The bound comes first, so the pattern never runs on a long input.
  return value.length > 0 && value.length <= EMOJI_MAX_UNITS && EMOJI.test(value);
}
