/**
 * Sends in Redis, so that a retry reaching another node is still recognised: one hash per
 * (sender, clientId) holding the message and, while the send is not yet confirmed delivered,
 * the end of the lease of the attempt that holds it. Leases run on Redis's clock, which every
 * node shares. As in SQLite, a DM's record keeps its id, time and addressee but never its text,
 * which a retry carries again.
 */
import { command, KEY_PREFIX, LUA_REDIS_NOW, script, type StoreRedis } from './redis-client.ts';
import { answerFrom, recordOf, type Claim, type IdempotencyStore, type SentMessage } from './types.ts';

// Named apart from the plain string keys of earlier versions, which expire unread.
const sendKey = (key: string): string => `${KEY_PREFIX}claim:${key}`;

/** One round trip, atomic: answers the claim's status and, when there is one, the message. */
const CLAIM = script(`
  ${LUA_REDIS_NOW}
  local now = redis_now()
  local message = redis.call('HGET', KEYS[1], 'message')
  if not message then
    redis.call('HSET', KEYS[1], 'message', ARGV[1], 'lease', now + tonumber(ARGV[3]))
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return {'claimed'}
  end
  local lease = redis.call('HGET', KEYS[1], 'lease')
  if not lease then return {'accepted', message} end
  if tonumber(lease) > now then return {'busy'} end
  redis.call('HSET', KEYS[1], 'lease', now + tonumber(ARGV[3]))
  return {'resumed', message}
`);

const ABANDON = script(`
  if redis.call('HEXISTS', KEYS[1], 'lease') == 1 then redis.call('HSET', KEYS[1], 'lease', 0) end
`);

export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: StoreRedis,
    private readonly ttlMs: number,
  ) {}

  async claim(key: string, draft: SentMessage, leaseMs: number): Promise<Claim> {
    const record = JSON.stringify(recordOf(draft));
    const [status, stored] = (await CLAIM(this.redis, [sendKey(key)], [record, this.ttlMs, leaseMs])) as [
      Claim['status'],
      string | undefined,
    ];
    if (status === 'claimed' || status === 'busy') return { status };
    return { status, message: answerFrom(JSON.parse(stored ?? 'null') as SentMessage, draft) };
  }

  async confirm(key: string): Promise<void> {
    await command(this.redis, ['HDEL', sendKey(key), 'lease']);
  }

  async abandon(key: string): Promise<void> {
    await ABANDON(this.redis, [sendKey(key)], []);
  }

  async release(key: string): Promise<void> {
    await command(this.redis, ['DEL', sendKey(key)]);
  }
}
