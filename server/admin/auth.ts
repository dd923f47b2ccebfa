/**
 * Who may call the operator API: whoever presents `Authorization: Bearer <ADMIN_TOKEN>`. The
 * token is compared in constant time (both sides hashed first, so their lengths say nothing),
 * and failed attempts are counted per client address: past `ADMIN_FAILURES_PER_HOUR` every
 * call from that address is refused 429 until the budget refills, a right token too, as the
 * check comes before the comparison (a guesser learns nothing from a 429).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RateLimiter, Stores } from '../stores/types.ts';

const HOUR = 3_600_000;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export type AuthOutcome = { ok: true } | { ok: false; status: 401 } | { ok: false; status: 429; retryAfterMs: number };

export interface AdminAuth {
  /** Whether `authorization` (the header) carries the token, for a call from `address`. */
  check(authorization: string | undefined, address: string): Promise<AuthOutcome>;
}

export function adminAuth(token: string, failuresPerHour: number, stores: Pick<Stores, 'limiter'>): AdminAuth {
  const expected = digest(token);
  const burst = failuresPerHour;
  const refillMs = HOUR / failuresPerHour;
  const failures: RateLimiter = stores.limiter('admin-failures', { burst, refillMs });

  /**
   * How long until `address` may fail once more, without spending anything: a take of more
   * than the bucket can hold is always refused and takes nothing, and its wait is the time
   * until that many tokens, so it is the wait for one token plus the whole bucket's refill.
   * Works the same on every limiter (memory or Redis) without a method of its own.
   */
  async function lockedFor(address: string): Promise<number> {
    const wait = (await failures.take(address, burst + 1)) - burst * refillMs;
    // A millisecond is float rounding of a bucket that holds exactly one token.
    return wait > 1 ? Math.ceil(wait) : 0;
  }

  return {
    async check(authorization, address) {
      const retryAfterMs = await lockedFor(address);
      if (retryAfterMs > 0) return { ok: false, status: 429, retryAfterMs };
      const presented = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
      if (timingSafeEqual(digest(presented), expected)) return { ok: true };
      await failures.take(address);
      return { ok: false, status: 401 };
    },
  };
}
