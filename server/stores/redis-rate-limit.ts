/**
 * A budget's buckets in Redis, so that a user's connections on several nodes share one
 * budget. The same token bucket as in memory, as a Lua script on Redis's clock (nodes' clocks
 * may differ); a bucket expires once it would be full again, as it then carries no state.
 */
import { KEY_PREFIX, LUA_REDIS_NOW, script, type StoreRedis } from './redis-client.ts';
import type { BucketShape, RateLimiter } from './types.ts';

/** Answers 0 when `cost` tokens were taken, else the milliseconds until that many are free. */
const TAKE = script(`
  local burst = tonumber(ARGV[1])
  local refill_ms = tonumber(ARGV[2])
  local cost = tonumber(ARGV[3])
  ${LUA_REDIS_NOW}
  local now = redis_now()
  local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
  local tokens = tonumber(bucket[1]) or burst
  local at = tonumber(bucket[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - at) / refill_ms)
  local wait = 0
  if tokens >= cost then tokens = tokens - cost else wait = math.ceil((cost - tokens) * refill_ms) end
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
  redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * refill_ms) + 1)
  return wait
`);

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: StoreRedis,
    private readonly name: string,
    private readonly shape: BucketShape,
  ) {}

  async take(key: string, cost = 1): Promise<number> {
    const { burst, refillMs } = this.shape;
    return Number(await TAKE(this.redis, [`${KEY_PREFIX}bucket:${this.name}:${key}`], [burst, refillMs, cost]));
  }
}
