import { IDENTITY_RETENTION_MS, type IdentityStore } from './types.ts';

interface Seen {
  firstSeenAt: number;
  lastSeenAt: number;
}

/** Identities remembered at most: about 100 MB; past it the one unused longest is forgotten. */
const MAX_IDENTITIES = 1_000_000;

/**
 * Identities in this process. The map is kept in the order identities were last used (a use
 * moves one to the end), so the ones to forget, unused too long or past the size bound, are
 * always at its front: each write drops those it finds there, and nothing ever sweeps the map.
 */
export class MemoryIdentityStore implements IdentityStore {
  readonly #seen = new Map<string, Seen>();

  constructor(
    private readonly maxIdentities = MAX_IDENTITIES,
    private readonly retentionMs = IDENTITY_RETENTION_MS,
  ) {}

  async firstSeen(userId: string, now: number): Promise<number | null> {
    const seen = this.#seen.get(userId);
    if (seen === undefined) return null;
    if (now - seen.lastSeenAt > this.retentionMs) {
      this.#seen.delete(userId);
      return null;
    }
    this.#use(userId, seen, now);
    return seen.firstSeenAt;
  }

  async record(userId: string, now: number): Promise<number> {
    const seen = this.#seen.get(userId) ?? { firstSeenAt: now, lastSeenAt: now };
    this.#use(userId, seen, now);
    this.#forget(now);
    return seen.firstSeenAt;
  }

  /** How many identities are held: a test's window onto the bound. */
  get size(): number {
    return this.#seen.size;
  }

  #use(userId: string, seen: Seen, now: number): void {
    seen.lastSeenAt = now;
    this.#seen.delete(userId);
    this.#seen.set(userId, seen);
  }

  #forget(now: number): void {
    for (const [userId, seen] of this.#seen) {
      if (this.#seen.size <= this.maxIdentities && now - seen.lastSeenAt <= this.retentionMs) return;
      this.#seen.delete(userId);
    }
  }
}
