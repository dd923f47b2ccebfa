/**
 * Room history in Redis, shared by every node: two sorted sets per room, one per lane
 * (`HistoryLane`), whose members are `id + ' ' + JSON` with equal scores, so Redis orders them
 * by id (ids are fixed width, base36, and sort in send order) and pages by id with
 * ZRANGEBYLEX; a page merges the two. The same retention as SQLite per room and lane, none
 * older than `maxAgeDays` (trimmed at each append, and a quiet lane's whole set expires that
 * long after its last message). The number of rooms is left to Redis's own memory policy.
 */
import { failure, type Failure, type RoomKey } from '../../protocol/index.ts';
import { readStored, type StoredMessage } from '../chat/stored-message.ts';
import { idFloor } from '../ids.ts';
import { newcomerShare, pageOf, recentOf } from './history-lanes.ts';
import { command, KEY_PREFIX, script, type StoreRedis } from './redis-client.ts';
import type { Change, HistoryLane, HistoryPage, HistoryQuery, HistoryStore } from './types.ts';

const laneKey = (room: RoomKey, lane: HistoryLane): string =>
  `${KEY_PREFIX}${lane === 'trusted' ? 'history' : 'newcomers'}:${room}`;

/** A bound just above every member whose id is `id` (ids use [0-9a-z]; '~' sorts after them and ' '). */
const above = (id: string): string => `(${id}~`;
const below = (id: string): string => `(${id}`;

/**
 * KEYS[1] is the lane appended to, KEYS[2] the other one. A message whose id is in either
 * already (a resumed send, perhaps from a sender trusted meanwhile) is not added twice.
 */
const APPEND = script(`
  for _, key in ipairs(KEYS) do
    if #redis.call('ZRANGEBYLEX', key, '[' .. ARGV[5] .. ' ', '(' .. ARGV[5] .. '~', 'LIMIT', 0, 1) > 0 then return end
  end
  redis.call('ZADD', KEYS[1], 0, ARGV[1])
  for _, key in ipairs(KEYS) do redis.call('ZREMRANGEBYLEX', key, '-', ARGV[2]) end
  local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
  if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1) end
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
`);

const parse = (member: string): StoredMessage => readStored(JSON.parse(member.slice(member.indexOf(' ') + 1)));

/**
 * Replaces a message's member (ARGV[1]) by its changed form (ARGV[2]) in the lane KEYS[1],
 * only if the member is still there: a compare-and-set, so that two nodes changing one message
 * at once cannot both win; the loser reads again and retries.
 */
const REPLACE = script(`
  if redis.call('ZSCORE', KEYS[1], ARGV[1]) == false then return 0 end
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('ZADD', KEYS[1], 0, ARGV[2])
  return 1
`);

/** Tries of a change that lost its compare-and-set to another node before it gives up. */
const UPDATE_TRIES = 8;

export class RedisHistoryStore implements HistoryStore {
  readonly #maxAgeMs: number;
  /**
   * Changes under way on this node, by message. They queue here, so only other nodes' changes
   * contend for the compare-and-set: a burst of reactions to one message on one node would
   * otherwise exhaust its tries and be refused. An entry lives only while its changes run, so
   * the map is as small as the changes under way, which the react budget bounds.
   */
  readonly #changing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly redis: StoreRedis,
    private readonly limits: { historyPerRoom: number; newcomerHistoryPerRoom: number; historyMaxAgeDays: number },
    private readonly now: () => number = Date.now,
  ) {
    this.#maxAgeMs = limits.historyMaxAgeDays * 86_400_000;
  }

  async append(message: StoredMessage, lane: HistoryLane = 'trusted'): Promise<void> {
    const keep = lane === 'trusted' ? this.limits.historyPerRoom : this.limits.newcomerHistoryPerRoom;
    if (keep === 0) return;
    const member = `${message.id} ${JSON.stringify(message)}`;
    const cutoff = below(idFloor(this.now() - this.#maxAgeMs));
    const other = lane === 'trusted' ? 'newcomer' : 'trusted';
    const keys = [laneKey(message.room, lane), laneKey(message.room, other)];
    await APPEND(this.redis, keys, [member, cutoff, keep, this.#maxAgeMs, message.id]);
  }

  async find(room: RoomKey, id: string): Promise<StoredMessage | null> {
    const found = await this.#member(room, id);
    return found === null ? null : parse(found.member);
  }

  async update(room: RoomKey, id: string, change: Change): Promise<StoredMessage | Failure | null> {
    const key = `${room} ${id}`;
    const before = this.#changing.get(key) ?? Promise.resolve();
    const running = before.catch(() => undefined).then(() => this.#update(room, id, change));
    this.#changing.set(key, running);
    try {
      return await running;
    } finally {
      if (this.#changing.get(key) === running) this.#changing.delete(key);
    }
  }

  async #update(room: RoomKey, id: string, change: Change): Promise<StoredMessage | Failure | null> {
    for (let tries = 0; tries < UPDATE_TRIES; tries++) {
      const found = await this.#member(room, id);
      if (found === null) return null;
      const current = parse(found.member);
      const next = change(current);
      if (!('id' in next) || next === current) return next;
      const replaced = await REPLACE(this.redis, [found.key], [found.member, `${id} ${JSON.stringify(next)}`]);
      if (replaced === 1) return next;
    }
    return failure('unavailable', 'that message is being changed by many at once; try again');
  }

  /** The lane and member that hold message `id`, if either does. */
  async #member(room: RoomKey, id: string): Promise<{ key: string; member: string } | null> {
    for (const lane of ['trusted', 'newcomer'] as const) {
      const key = laneKey(room, lane);
      const [member] = (await command(this.redis, [
        'ZRANGEBYLEX',
        key,
        `[${id} `,
        `(${id}~`,
        'LIMIT',
        '0',
        '1',
      ])) as string[];
      if (member !== undefined) return { key, member };
    }
    return null;
  }

  async recent(room: RoomKey, limit: number): Promise<StoredMessage[]> {
    // Both at once: the trusted lane's newest `limit` hold whatever share newcomers leave.
    const [trusted, newcomers] = await Promise.all([
      this.#range(laneKey(room, 'trusted'), '+', '-', limit, true),
      this.#range(laneKey(room, 'newcomer'), '+', '-', newcomerShare(limit), true),
    ]);
    return recentOf(trusted.reverse(), newcomers.reverse(), limit);
  }

  async page(room: RoomKey, query: HistoryQuery): Promise<HistoryPage> {
    // One message more than asked from each lane tells whether there is more.
    const { before, after, limit } = query;
    const [from, to, newestFirst] =
      after !== undefined ? [above(after), '+', false] : [before === undefined ? '+' : below(before), '-', true];
    const lanes = await Promise.all(
      (['trusted', 'newcomer'] as const).map(async (lane) => {
        const messages = await this.#range(laneKey(room, lane), from, to, limit + 1, newestFirst);
        return newestFirst ? messages.reverse() : messages;
      }),
    );
    return pageOf(lanes[0] ?? [], lanes[1] ?? [], query);
  }

  async #range(key: string, from: string, to: string, count: number, newestFirst: boolean): Promise<StoredMessage[]> {
    if (count === 0) return [];
    const name = newestFirst ? 'ZREVRANGEBYLEX' : 'ZRANGEBYLEX';
    const members = await command(this.redis, [name, key, from, to, 'LIMIT', '0', String(count)]);
    return (members as string[]).map(parse);
  }
}
