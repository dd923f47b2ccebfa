/**
 * Conversation grants in Redis, shared by every node: per user a sorted set of `peer room`
 * scored by last use. A write renews both sides, drops what is past the retention, and keeps
 * each side to its bound by dropping its least recently used grants from both sides; the key
 * itself expires after the retention, so a user gone for good costs nothing.
 */
import type { RoomKey, UserId } from '../../protocol/index.ts';
import { command, KEY_PREFIX, script, type StoreRedis } from './redis-client.ts';
import { GRANT_RETENTION_MS, GRANTS_PER_USER, type GrantLimits, type GrantStore } from './types.ts';

const G = `${KEY_PREFIX}grants:`;

/** ARGV: room, a, b, now, perUser, retentionMs. Room keys and user ids hold no spaces. */
const GRANT = script(`
  local G = '${G}'
  local room, a, b = ARGV[1], ARGV[2], ARGV[3]
  local now, per_user, retention = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
  local function renew(user, peer)
    local key = G .. user
    redis.call('ZADD', key, now, peer .. ' ' .. room)
    redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. (now - retention))
    local extra = redis.call('ZCARD', key) - per_user
    if extra > 0 then
      for _, gone in ipairs(redis.call('ZRANGE', key, 0, extra - 1)) do
        redis.call('ZREM', key, gone)
        local other, where = string.match(gone, '^(%S+) (%S+)$')
        redis.call('ZREM', G .. other, user .. ' ' .. where)
      end
    end
    redis.call('PEXPIRE', key, retention)
  end
  renew(a, b)
  renew(b, a)
  return 1
`);

const DEFAULTS: GrantLimits = { perUser: GRANTS_PER_USER, retentionMs: GRANT_RETENTION_MS };

export class RedisGrantStore implements GrantStore {
  constructor(
    private readonly redis: StoreRedis,
    private readonly limits: GrantLimits = DEFAULTS,
  ) {}

  async grant(room: RoomKey, a: UserId, b: UserId, now: number): Promise<void> {
    await GRANT(this.redis, [], [room, a, b, now, this.limits.perUser, this.limits.retentionMs]);
  }

  async has(room: RoomKey, a: UserId, b: UserId, now: number): Promise<boolean> {
    const usedAt = (await command(this.redis, ['ZSCORE', G + a, `${b} ${room}`])) as string | null;
    return usedAt !== null && Number(usedAt) >= now - this.limits.retentionMs;
  }
}
