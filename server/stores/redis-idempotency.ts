/**
 * Accepted sends in Redis, so that a retry reaching another node is still recognised: one key
 * per (sender, clientId), set only if absent and expiring after the time-to-live. As in SQLite,
 * a DM's record keeps its id, time and addressee but never its text, which a retry carries again.
 */
import { attempt, KEY_PREFIX, script, type RedisClient } from './redis-client.ts';
import type { IdempotencyStore, SentMessage } from './types.ts';

const sendKey = (key: string): string => `${KEY_PREFIX}send:${key}`;

/** Takes the key if it is free; otherwise answers what it holds. One round trip, atomic. */
const CLAIM = script(`
  local earlier = redis.call('GET', KEYS[1])
  if earlier then return earlier end
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return false
`);

export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: RedisClient,
    private readonly ttlMs: number,
  ) {}

  async claim(key: string, message: SentMessage): Promise<SentMessage | null> {
    const kept = 'to' in message ? { ...message, text: '' } : message;
    const earlier = await CLAIM(this.client, [sendKey(key)], [JSON.stringify(kept), this.ttlMs]);
    if (typeof earlier !== 'string') return null;
    const parsed = JSON.parse(earlier) as SentMessage;
    return 'to' in parsed ? { ...parsed, text: message.text } : parsed;
  }

  async release(key: string): Promise<void> {
    await attempt(() => this.client.sendCommand(['DEL', sendKey(key)]));
  }
}
