/**
 * The word filter's allow-list (issue #14) as the person types it on the options page: one word
 * or phrase per line. It is kept bounded, since every line becomes part of the matcher.
 */
export const ALLOW_WORDS_MAX = 200;
export const ALLOW_WORD_LENGTH_MAX = 64;

/** The lines worth keeping: trimmed, not empty, each once, at most ALLOW_WORDS_MAX of at most ALLOW_WORD_LENGTH_MAX. */
export function parseAllowWords(text: string): string[] {
  const lines = text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0 && line.length <= ALLOW_WORD_LENGTH_MAX);
  return [...new Set(lines)].slice(0, ALLOW_WORDS_MAX);
}
