import type { BucketShape, RateLimiter } from './types.ts';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets kept at most per limiter; past it the one touched longest ago is forgotten (so refilled). */
const MAX_BUCKETS = 100_000;

/**
 * A token bucket per key: `burst` tokens, one more every `refillMs`; a take may cost several. The map is kept in the
 * order buckets were last touched, so the ones that have refilled (and so carry no state) are
 * always at its front: each take drops those it finds there, and the map never needs a sweep.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #burst: number;
  readonly #refillMs: number;
  /** A bucket untouched for this long is full again. */
  readonly #fullAfterMs: number;

  constructor(
    { burst, refillMs }: BucketShape,
    private readonly maxBuckets = MAX_BUCKETS,
    private readonly now: () => number = Date.now,
  ) {
    this.#burst = burst;
    this.#refillMs = refillMs;
    this.#fullAfterMs = burst * refillMs;
  }

  async take(key: string, cost = 1): Promise<number> {
    const now = this.now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#burst, updatedAt: now };
    this.#buckets.delete(key);
    bucket.tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.updatedAt) / this.#refillMs);
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    this.#forget(now);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return 0;
    }
    return Math.ceil((cost - bucket.tokens) * this.#refillMs);
  }

  /** How many buckets are held: a test's window onto the bound. */
  get size(): number {
    return this.#buckets.size;
  }

  #forget(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (this.#buckets.size <= this.maxBuckets && now - bucket.updatedAt < this.#fullAfterMs) return;
      this.#buckets.delete(key);
    }
  }
}
