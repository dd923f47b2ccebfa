/**
 * Repeated text (issue #14, docs/protocol.md "Moderation and consent"): the same text from one
 * person, in any room or DM, is taken REPEAT_MAX times within REPEAT_WINDOW_MS of the first of
 * them; the next is refused until that window ends. Texts are compared without case and with
 * runs of spaces as one, and only a hash of them is kept.
 */
import { createHash } from 'node:crypto';
import { rateLimited, REPEAT_MAX, REPEAT_WINDOW_MS, type Failure, type UserId } from '../../protocol/index.ts';
import type { ChatDeps } from './types.ts';
import { inWords } from './wait-words.ts';

/** What counts as the same text: trimmed, lower-cased, every run of spaces as one space. */
export function sameTextKey(text: string): string {
  const normalized = text.trim().toLowerCase().replace(/\s+/gu, ' ');
  return createHash('sha256').update(normalized).digest('base64url');
}

export function repeatGuard({ stores, now }: Pick<ChatDeps, 'stores' | 'now'>) {
  /** Counts this send of `text` by `user`, and answers the refusal when it is one too many. */
  async function refusal(user: UserId, text: string): Promise<Failure | null> {
    const at = now();
    const run = await stores.moderation.countRepeat(user, sameTextKey(text), at, REPEAT_WINDOW_MS);
    if (run.count <= REPEAT_MAX) return null;
    const waitMs = run.since + REPEAT_WINDOW_MS - at;
    return rateLimited('repeated_text', `you sent this already; send it again in ${inWords(waitMs)}`, waitMs);
  }

  return { refusal };
}

export type RepeatGuard = ReturnType<typeof repeatGuard>;
