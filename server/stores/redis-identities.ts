/**
 * Identities in Redis, shared by every node: one key per identity holding when it was first
 * seen, expiring IDENTITY_RETENTION_MS after its last use (each use renews the expiry), so
 * Redis forgets unused identities by itself.
 */
import { command, KEY_PREFIX, script, type StoreRedis } from './redis-client.ts';
import { IDENTITY_RETENTION_MS, type IdentityStore } from './types.ts';

const identityKey = (userId: string): string => `${KEY_PREFIX}identity:${userId}`;

/** Keeps the first-seen time a concurrent handshake may have written first; renews the expiry. */
const RECORD = script(`
  local seen = redis.call('GET', KEYS[1]) or ARGV[1]
  redis.call('SET', KEYS[1], seen, 'PX', ARGV[2])
  return seen
`);

export class RedisIdentityStore implements IdentityStore {
  constructor(private readonly redis: StoreRedis) {}

  async firstSeen(userId: string): Promise<number | null> {
    // One round trip: the first-seen time, and the expiry renewed (Redis 6.2+).
    const seen = (await command(this.redis, ['GETEX', identityKey(userId), 'PX', String(IDENTITY_RETENTION_MS)])) as
      string | null;
    return seen === null ? null : Number(seen);
  }

  async record(userId: string, now: number): Promise<number> {
    return Number(await RECORD(this.redis, [identityKey(userId)], [now, IDENTITY_RETENTION_MS]));
  }
}
