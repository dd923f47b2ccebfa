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
// Names also refuse every control, bidi embeddings/overrides/isolates and the marks that let
// one name pose as another, plus zero-width characters that make names look empty.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NAME_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

// A zero-width joiner between two pictographs builds one emoji (👨‍👩‍👧); anywhere else it is invisible.
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}\uFE0F?)\u200D(?=\p{Extended_Pictographic})/gu;

/** Why a display name is refused, or null when it is fine. Checks the trimmed name. */
export function nameProblem(raw: string): string | null {
  if (hasLoneSurrogate(raw)) return 'name contains an invalid character (lone surrogate)';
  if (NAME_FORBIDDEN.test(raw.replace(EMOJI_JOINER, ''))) return 'name contains a control or invisible character';
  const length = charCount(raw.trim());
  if (length === 0) return 'name is empty';
  if (length > NAME_MAX_CHARS) return `name is longer than ${NAME_MAX_CHARS} characters`;
  return null;
}

/** Why a message text is refused, or null when it is fine. */
export function textProblem(raw: string): string | null {
  if (hasLoneSurrogate(raw)) return 'text contains an invalid character (lone surrogate)';
  if (TEXT_FORBIDDEN.test(raw)) return 'text contains a control character';
  if (raw.trim().length === 0) return 'text is blank';
  if (charCount(raw) > TEXT_MAX_CHARS) return `text is longer than ${TEXT_MAX_CHARS} characters`;
  return null;
}
