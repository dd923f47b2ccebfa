/**
 * The character rules for names and message texts, shared so that the panel can show the
 * same verdict the server will give before anything is sent.
 */
import { NAME_MAX_CHARS, TEXT_MAX_CHARS } from './limits.ts';

/** Counts Unicode code points: what a person calls characters, and what the limits count. */
export function charCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
export function hasLoneSurrogate(value: string): boolean {
  return !value.isWellFormed();
}

// C0 and C1 controls, DEL; tab, line feed and carriage return (CRLF line ends) are allowed in texts.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
// Names refuse every control, line and paragraph separators, the braille blank (a visible-looking
// nothing that is not default-ignorable) and, below, every default-ignorable code point: bidi
// controls, zero-width characters, soft hyphen, Hangul fillers, tags, variation selectors...
const NAME_FORBIDDEN = /[\p{Cc}\u2028\u2029\u2800]|\p{Default_Ignorable_Code_Point}/u;

// What emoji need of those, removed before the check. A zero-width joiner between two pictographs
// builds one emoji (👨‍👩‍👧, 👩🏽‍💻); anywhere else it is invisible.
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F]?)\u200D(?=\p{Extended_Pictographic})/gu;
// Emoji (U+FE0F) or text (U+FE0E) presentation right after an emoji character: ❤️, ☺︎, 1️⃣ (keycaps).
const EMOJI_PRESENTATION = /(?<=\p{Emoji})[\uFE0E\uFE0F]/gu;
// Tag characters are hidden text, except in the three flags Unicode recommends (England,
// Scotland, Wales), accepted whole and nothing else.
const TAG_FLAG =
  /(?<=\u{1F3F4})\u{E0067}\u{E0062}(?:\u{E0065}\u{E006E}\u{E0067}|\u{E0073}\u{E0063}\u{E0074}|\u{E0077}\u{E006C}\u{E0073})\u{E007F}/gu;

/**
 * Most combining marks in a row, that is on one base character. Real names need up to four
 * (Myanmar ကြွေ့; Devanagari फ़ै, Thai กิตติ์ and Tibetan སྒྲོ fewer; Vietnamese none once NFC has
 * composed it); more pile into a smear that hides or fakes the letters around it.
 */
export const NAME_MAX_MARKS = 4;
const COMBINING_MARK = /\p{M}/u;

/** `U+3164`: how a refusal names a code point. */
function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A name as the server keeps it: NFC (so é typed as e + ◌́ and é precomposed are one name, and
 * lengths count what NFC makes), then trimmed. The panel sends names in this form too.
 */
export function normalizeName(raw: string): string {
  return raw.normalize('NFC').trim();
}

/** The first forbidden code point of a normalized name, once emoji sequences are set aside. */
function forbiddenChar(name: string): string | undefined {
  // Flags last: what follows a flag's cancel tag sees that tag, so nothing may join or restyle it.
  const bare = name.replace(EMOJI_JOINER, '').replace(EMOJI_PRESENTATION, '').replace(TAG_FLAG, '');
  return NAME_FORBIDDEN.exec(bare)?.[0];
}

/** Why the marks of a normalized, non-empty name are refused, or null: none leads, none piles up. */
function marksProblem(name: string): string | null {
  const first = String.fromCodePoint(name.codePointAt(0) ?? 0);
  if (COMBINING_MARK.test(first)) return `name starts with a combining mark (${codePoint(first)})`;
  let run = 0;
  for (const char of name) {
    run = COMBINING_MARK.test(char) ? run + 1 : 0;
    if (run > NAME_MAX_MARKS) return `name has more than ${NAME_MAX_MARKS} combining marks on one character`;
  }
  return null;
}

/** Why a display name is refused, or null: checks what normalizeName makes, and what its trim would hide. */
export function nameProblem(raw: string): string | null {
  if (hasLoneSurrogate(raw)) return 'name contains an invalid character (lone surrogate)';
  // Checked before trimming: a control or byte order mark at either end is refused, not dropped.
  const composed = raw.normalize('NFC');
  const forbidden = forbiddenChar(composed);
  if (forbidden !== undefined) {
    const what = /\p{Cc}/u.test(forbidden) ? 'a control' : 'an invisible';
    return `name contains ${what} character (${codePoint(forbidden)})`;
  }
  const name = composed.trim();
  const length = charCount(name);
  if (length === 0) return 'name is empty';
  if (length > NAME_MAX_CHARS) return `name is longer than ${NAME_MAX_CHARS} characters`;
  return marksProblem(name);
}

/** Why a message text is refused, or null when it is fine. */
export function textProblem(raw: string): string | null {
  if (hasLoneSurrogate(raw)) return 'text contains an invalid character (lone surrogate)';
  if (TEXT_FORBIDDEN.test(raw)) return 'text contains a control character';
  if (raw.trim().length === 0) return 'text is blank';
  if (charCount(raw) > TEXT_MAX_CHARS) return `text is longer than ${TEXT_MAX_CHARS} characters`;
  return null;
}
