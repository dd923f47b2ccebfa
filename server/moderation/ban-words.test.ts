import { expect, it } from 'vitest';
import { banWords } from './ban-words.ts';

it('gives the end in UTC, the wait, and the reason when there is one', () => {
  const at = Date.UTC(2026, 11, 3, 10, 0);
  const ban = { user: 'u'.repeat(43), at, until: at + 90 * 60_000, reason: 'spam links' };
  expect(banWords(ban, at)).toEqual({
    message: 'banned until 2026-12-03 11:30 UTC (90 min): spam links',
    retryAfterMs: 90 * 60_000,
  });
  expect(banWords({ ...ban, reason: undefined }, ban.until - 500).message).toBe(
    'banned until 2026-12-03 11:30 UTC (1 s)',
  );
});
