/** The in-memory token buckets: their arithmetic, and that what they keep stays bounded. */
import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../stores/memory-rate-limit.ts';

function limiter(burst: number, refillMs: number, maxBuckets?: number) {
  const clock = { now: 0 };
  return { clock, limiter: new MemoryRateLimiter({ burst, refillMs }, maxBuckets, () => clock.now) };
}

describe('MemoryRateLimiter', () => {
  it('allows a burst, then answers the wait for the next token, per key', async () => {
    const { clock, limiter: buckets } = limiter(3, 100);
    for (let i = 0; i < 3; i++) expect(await buckets.take('a')).toBe(0);
    expect(await buckets.take('a')).toBe(100);
    expect(await buckets.take('b')).toBe(0);
    clock.now = 40;
    expect(await buckets.take('a')).toBe(60);
    clock.now = 100;
    expect(await buckets.take('a')).toBe(0);
  });

  it('takes a cost of several tokens, answering the wait for all of them and taking none when refused', async () => {
    const { clock, limiter: buckets } = limiter(16, 100);
    expect(await buckets.take('a', 10)).toBe(0);
    expect(await buckets.take('a', 10)).toBe(400);
    expect(await buckets.take('a', 6)).toBe(0);
    clock.now = 250;
    expect(await buckets.take('a', 3)).toBe(50);
    expect(await buckets.take('a', 2)).toBe(0);
  });

  it('forgets buckets that have refilled, without a sweep of the others', async () => {
    const { clock, limiter: buckets } = limiter(2, 1000);
    for (let i = 0; i < 1000; i++) await buckets.take(`key${i}`);
    expect(buckets.size).toBe(1000);
    clock.now = 2000;
    await buckets.take('late');
    expect(buckets.size).toBe(1);
  });

  it('holds at most maxBuckets, forgetting the one touched longest ago', async () => {
    const { limiter: buckets } = limiter(1, 60_000, 100);
    for (let i = 0; i < 10_000; i++) await buckets.take(`key${i}`);
    expect(buckets.size).toBe(100);
    expect(await buckets.take('key9999')).toBeGreaterThan(0);
    expect(await buckets.take('key0')).toBe(0);
  });
});
