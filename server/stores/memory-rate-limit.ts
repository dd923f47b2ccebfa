import type { RateLimiter } from './types.ts';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets this large trigger a sweep of the ones that have refilled (and so carry no state). */
const SWEEP_AT = 10_000;

/** A token bucket per key: `burst` tokens, refilled at `perSecond`. */
export class MemoryRateLimiter implements RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #refillMs: number;

  constructor(
    private readonly burst: number,
    perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#refillMs = 1000 / perSecond;
  }

  async take(key: string): Promise<number> {
    const now = this.now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.updatedAt) / this.#refillMs);
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > SWEEP_AT) this.#sweep(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) * this.#refillMs);
  }

  #sweep(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) / this.#refillMs >= this.burst) this.#buckets.delete(key);
    }
  }
}
