import { answerFrom, recordOf, sameSend, type SendRecord } from './send-record.ts';
import type { Claim, IdempotencyStore, SentMessage } from './types.ts';

interface Entry extends SendRecord {
  expiresAt: number;
  /** Until when the attempt holding a pending claim may still deliver; null once confirmed. */
  leaseUntil: number | null;
}

/**
 * Sends by key, forgotten after a time-to-live or when more than `maxKeys` are held (oldest
 * first: a Map iterates in insertion order, and entries are never re-inserted).
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys: number,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(key: string, draft: SentMessage, leaseMs: number): Promise<Claim> {
    const now = this.now();
    const existing = this.#entries.get(key);
    if (existing && existing.expiresAt > now) {
      if (!sameSend(existing, draft)) return { status: 'conflict' };
      const message = answerFrom(existing, draft);
      if (existing.leaseUntil === null) return { status: 'accepted', message };
      if (existing.leaseUntil > now) return { status: 'busy' };
      existing.leaseUntil = now + leaseMs;
      return { status: 'resumed', message };
    }
    this.#entries.delete(key);
    this.#entries.set(key, { ...recordOf(draft), expiresAt: now + this.ttlMs, leaseUntil: now + leaseMs });
    this.#evict(now);
    return { status: 'claimed' };
  }

  async confirm(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    if (entry) entry.leaseUntil = null;
  }

  async abandon(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    if (entry?.leaseUntil != null) entry.leaseUntil = 0;
  }

  async release(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  #evict(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size <= this.maxKeys && entry.expiresAt > now) break;
      this.#entries.delete(key);
    }
  }
}
