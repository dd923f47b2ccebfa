import type { IdempotencyStore, SentMessage } from './types.ts';

interface Entry {
  message: SentMessage;
  expiresAt: number;
}

/**
 * Accepted sends by key, forgotten after a time-to-live or when more than `maxKeys` are held
 * (oldest first: a Map iterates in insertion order, and entries are never re-inserted).
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys: number,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(key: string, message: SentMessage): Promise<SentMessage | null> {
    const now = this.now();
    const existing = this.#entries.get(key);
    if (existing && existing.expiresAt > now) return existing.message;
    this.#entries.delete(key);
    this.#entries.set(key, { message, expiresAt: now + this.ttlMs });
    this.#evict(now);
    return null;
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
