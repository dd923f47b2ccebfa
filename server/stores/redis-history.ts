/**
 * Room history in Redis, shared by every node: one sorted set per room whose members are
 * `id + ' ' + JSON` with equal scores, so Redis orders them by id (ids are fixed width, base36,
 * and sort in send order) and pages by id with ZRANGEBYLEX. The same retention as SQLite:
 * `perRoom` newest messages, none older than `maxAgeDays` (trimmed at each append, and a quiet
 * room's whole set expires that long after its last message).
 */
import type { ChatMessage, RoomKey } from '../../protocol/index.ts';
import { idFloor } from '../ids.ts';
import { command, KEY_PREFIX, script, type StoreRedis } from './redis-client.ts';
import type { HistoryPage, HistoryQuery, HistoryStore } from './types.ts';

const roomKey = (room: RoomKey): string => `${KEY_PREFIX}history:${room}`;

/** A bound just above every member whose id is `id` (ids use [0-9a-z]; '~' sorts after them and ' '). */
const above = (id: string): string => `(${id}~`;
const below = (id: string): string => `(${id}`;

/** A message whose id is there already (a resumed send) is not added twice. */
const APPEND = script(`
  if #redis.call('ZRANGEBYLEX', KEYS[1], '[' .. ARGV[5] .. ' ', '(' .. ARGV[5] .. '~', 'LIMIT', 0, 1) > 0 then return end
  redis.call('ZADD', KEYS[1], 0, ARGV[1])
  redis.call('ZREMRANGEBYLEX', KEYS[1], '-', ARGV[2])
  local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
  if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1) end
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
`);

const parse = (member: string): ChatMessage => JSON.parse(member.slice(member.indexOf(' ') + 1)) as ChatMessage;

export class RedisHistoryStore implements HistoryStore {
  readonly #maxAgeMs: number;

  constructor(
    private readonly redis: StoreRedis,
    private readonly perRoom: number,
    maxAgeDays: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#maxAgeMs = maxAgeDays * 86_400_000;
  }

  async append(message: ChatMessage): Promise<void> {
    const member = `${message.id} ${JSON.stringify(message)}`;
    const cutoff = below(idFloor(this.now() - this.#maxAgeMs));
    await APPEND(this.redis, [roomKey(message.room)], [member, cutoff, this.perRoom, this.#maxAgeMs, message.id]);
  }

  async recent(room: RoomKey, limit: number): Promise<ChatMessage[]> {
    if (limit === 0) return [];
    return (await this.#range(room, '+', '-', limit, true)).reverse();
  }

  async page(room: RoomKey, { before, after, limit }: HistoryQuery): Promise<HistoryPage> {
    // One message more than asked tells whether there is more.
    if (after !== undefined) {
      const newer = await this.#range(room, above(after), '+', limit + 1, false);
      return { messages: newer.slice(0, limit), hasMore: newer.length > limit };
    }
    const older = await this.#range(room, before === undefined ? '+' : below(before), '-', limit + 1, true);
    return { messages: older.slice(0, limit).reverse(), hasMore: older.length > limit };
  }

  async #range(room: RoomKey, from: string, to: string, count: number, newestFirst: boolean): Promise<ChatMessage[]> {
    const name = newestFirst ? 'ZREVRANGEBYLEX' : 'ZRANGEBYLEX';
    const members = await command(this.redis, [name, roomKey(room), from, to, 'LIMIT', '0', String(count)]);
    return (members as string[]).map(parse);
  }
}
