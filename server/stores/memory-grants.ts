import type { RoomKey, UserId } from '../../protocol/index.ts';
import { GRANT_RETENTION_MS, GRANTS_PER_USER, type GrantLimits, type GrantStore } from './types.ts';

interface Grant {
  room: RoomKey;
  a: UserId;
  b: UserId;
  usedAt: number;
}

/** Grants kept at most in one process, whoever holds them; past it the one unused longest goes. */
const MAX_GRANTS = 250_000;

const DEFAULTS: GrantLimits = { perUser: GRANTS_PER_USER, retentionMs: GRANT_RETENTION_MS };

/** The pair in one order, so (a, b) and (b, a) are one grant. */
const sorted = (x: UserId, y: UserId): [UserId, UserId] => (x < y ? [x, y] : [y, x]);

/**
 * Conversation grants in this process. The grants, and each user's own, are kept in the order
 * they were last used (a use moves one to the end), so the one to forget, stale or past a bound,
 * is always at the front: each write drops those it finds there, and nothing sweeps.
 */
export class MemoryGrantStore implements GrantStore {
  readonly #grants = new Map<string, Grant>();
  readonly #ofUser = new Map<UserId, Set<string>>();

  constructor(
    private readonly limits: GrantLimits = DEFAULTS,
    private readonly maxGrants = MAX_GRANTS,
  ) {}

  async grant(room: RoomKey, x: UserId, y: UserId, now: number): Promise<void> {
    const [a, b] = sorted(x, y);
    const key = `${room} ${a} ${b}`;
    this.#grants.delete(key);
    this.#grants.set(key, { room, a, b, usedAt: now });
    for (const user of [a, b]) {
      const own = this.#ofUser.get(user) ?? new Set<string>();
      own.delete(key);
      own.add(key);
      this.#ofUser.set(user, own);
      for (const oldest of own) {
        if (own.size <= this.limits.perUser) break;
        this.#drop(oldest);
      }
    }
    for (const [oldest, grant] of this.#grants) {
      if (this.#grants.size <= this.maxGrants && this.#fresh(grant, now)) break;
      this.#drop(oldest);
    }
  }

  async has(room: RoomKey, x: UserId, y: UserId, now: number): Promise<boolean> {
    const [a, b] = sorted(x, y);
    const grant = this.#grants.get(`${room} ${a} ${b}`);
    return grant !== undefined && this.#fresh(grant, now);
  }

  /** How many grants are held: a test's window onto the bounds. */
  get size(): number {
    return this.#grants.size;
  }

  #fresh(grant: Grant, now: number): boolean {
    return now - grant.usedAt <= this.limits.retentionMs;
  }

  #drop(key: string): void {
    const grant = this.#grants.get(key);
    if (!grant) return;
    this.#grants.delete(key);
    for (const user of [grant.a, grant.b]) {
      const own = this.#ofUser.get(user);
      own?.delete(key);
      if (own?.size === 0) this.#ofUser.delete(user);
    }
  }
}
