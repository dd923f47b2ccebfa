/**
 * What a banned person is told (issue #14): at the handshake (`connect_error` `banned`) and in
 * `session:banned` as a live connection is closed. The end is given as a UTC time and as a wait,
 * so it reads right in any timezone; the operator's reason, when given, follows.
 */
import type { Ban } from '../stores/types.ts';
import { inWords } from '../chat/wait-words.ts';

export function banWords(ban: Ban, now: number): { message: string; retryAfterMs: number } {
  const retryAfterMs = Math.max(1, Math.ceil(ban.until - now));
  const until = new Date(ban.until).toISOString().replace('T', ' ').slice(0, 16);
  const reason = ban.reason === undefined || ban.reason === '' ? '' : `: ${ban.reason}`;
  return { message: `banned until ${until} UTC (${inWords(retryAfterMs)})${reason}`, retryAfterMs };
}
