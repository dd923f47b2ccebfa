/**
 * Repeated text (issue #14, docs/protocol.md "Moderation and consent"): the same text from one
 * person, in any room or DM, is taken REPEAT_MAX times within REPEAT_WINDOW_MS of the first of
 * them; the next is refused until that window ends. Texts are compared without case and with
 * runs of spaces as one, and only a hash of them is kept.
 *
 * A send refused by a later check (slow mode, a rate) is retried by its client with the same
 * clientId and text; that retry is the same send, not the text again, so it is answered as the
 * send was the first time rather than counted twice. This node remembers those verdicts (a
 * retry on another node counts again, which only errs towards a refusal).
 */
import { createHash } from 'node:crypto';
import { rateLimited, REPEAT_MAX, REPEAT_WINDOW_MS, type Failure, type UserId } from '../../protocol/index.ts';
import type { ChatDeps } from './types.ts';
import { inWords } from './wait-words.ts';

/** Sends whose verdict this node remembers; past it the oldest are forgotten. */
const VERDICTS_MAX = 50_000;

/** What counts as the same text: trimmed, lower-cased, every run of spaces as one space. */
export function sameTextKey(text: string): string {
  const normalized = text.trim().toLowerCase().replace(/\s+/gu, ' ');
  return createHash('sha256').update(normalized).digest('base64url');
}

export function repeatGuard({ stores, now }: Pick<ChatDeps, 'stores' | 'now'>) {
  /** By `user:clientId:hash`, in the order counted: until when the send is refused (0: it was not), and when it was counted. */
  const verdicts = new Map<string, { refusedUntil: number; at: number }>();

  function remember(key: string, refusedUntil: number, at: number): void {
    verdicts.delete(key);
    verdicts.set(key, { refusedUntil, at });
    for (const [oldest, verdict] of verdicts) {
      if (verdicts.size <= VERDICTS_MAX && at - verdict.at < REPEAT_WINDOW_MS) break;
      verdicts.delete(oldest);
    }
  }

  const refusalUntil = (until: number, at: number): Failure =>
    rateLimited('repeated_text', `you sent this already; send it again in ${inWords(until - at)}`, until - at);

  /** Counts this send of `text` by `user`, and answers the refusal when it is one too many. */
  async function refusal(user: UserId, clientId: string, text: string): Promise<Failure | null> {
    const at = now();
    const hash = sameTextKey(text);
    // The text is part of the key: a refused send frees its clientId for other words.
    const key = `${user}:${clientId}:${hash}`;
    const known = verdicts.get(key);
    if (known !== undefined && at - known.at < REPEAT_WINDOW_MS)
      return known.refusedUntil > at ? refusalUntil(known.refusedUntil, at) : null;
    const run = await stores.moderation.countRepeat(user, hash, at, REPEAT_WINDOW_MS);
    const refusedUntil = run.count > REPEAT_MAX ? run.since + REPEAT_WINDOW_MS : 0;
    remember(key, refusedUntil, at);
    return refusedUntil > at ? refusalUntil(refusedUntil, at) : null;
  }

  return { refusal };
}

export type RepeatGuard = ReturnType<typeof repeatGuard>;
