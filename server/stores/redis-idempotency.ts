/**
 * Sends in Redis, so that a retry reaching another node is still recognised: one hash per
 * (sender, clientId) holding the message without its text, a hash of the send's content
 * (send-record.ts) and, while the send is not yet confirmed delivered, the end of the lease of
 * the attempt that holds it. Leases run on Redis's clock, which every node shares.
 */
import { command, KEY_PREFIX, LUA_REDIS_NOW, script, type StoreRedis } from './redis-client.ts';
import { answerFrom, recordOf } from './send-record.ts';
import type { Claim, IdempotencyStore, SentMessage } from './types.ts';

// Named apart from the plain string keys of earlier versions, which expire unread.
const sendKey = (key: string): string => `${KEY_PREFIX}claim:${key}`;

/**
 * One round trip, atomic: answers the claim's status and, when there is one, the message. A
 * draft with other content is answered 'conflict' before the lease is touched. Records written
 * before hashes were kept hold the full message (a DM's with an empty text, which no retry
 * repeats), compared field by field.
 */
const CLAIM = script(`
  ${LUA_REDIS_NOW}
  local now = redis_now()
  local message = redis.call('HGET', KEYS[1], 'message')
  if not message then
    redis.call('HSET', KEYS[1], 'message', ARGV[1], 'hash', ARGV[4], 'lease', now + tonumber(ARGV[3]))
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return {'claimed'}
  end
  local hash = redis.call('HGET', KEYS[1], 'hash')
  local same
  if hash then
    same = hash == ARGV[4]
  else
    local old = cjson.decode(message)
    same = old.room == ARGV[5] and (old.to or '') == ARGV[6] and old.text == ARGV[7]
  end
  if not same then return {'conflict'} end
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
    const record = recordOf(draft);
    // A v1 record compares by text, which only a plain text send has. A v1 DM's record holds an
    // empty text that no retry repeats, so a DM's words never need to go to Redis, even in passing.
    const text = draft.kind === 'text' && draft.to === undefined ? draft.body.text : '\u0000';
    const legacy = [draft.room, draft.to ?? '', text];
    const args = [JSON.stringify(record.message), this.ttlMs, leaseMs, record.hash, ...legacy];
    const [status, stored] = (await CLAIM(this.redis, [sendKey(key)], args)) as [Claim['status'], string | undefined];
    if (status === 'claimed' || status === 'busy' || status === 'conflict') return { status };
    return { status, message: answerFrom({ message: JSON.parse(stored ?? 'null') as unknown }, draft) };
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
