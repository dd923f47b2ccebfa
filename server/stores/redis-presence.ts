/**
 * Presence in Redis, at the user level across nodes. Per room: a sorted set of users in
 * arrival order, a hash of their names, a hash of the public keys they published (protocol v3),
 * and per user a set of its connections. Per user: the
 * rooms it is in (for rename). Per node: every (room, user, connection) it holds, and in one
 * sorted set the time of each node's last heartbeat. A node that stops beating (killed, cut
 * off) is swept by any other: its connections leave as if they had disconnected, and the
 * sweep answers the users that thereby left a room, once, for the sweeper to announce.
 *
 * The scripts build key names from their arguments, so this needs one Redis, not a Cluster.
 */
import type { Member, RoomKey, UserId } from '../../protocol/index.ts';
import { command, KEY_PREFIX, LUA_REDIS_NOW, script, type StoreRedis } from './redis-client.ts';
import type { Departure, JoinOutcome, LeaveOutcome, NodeLiveness, PresenceStore } from './types.ts';

const P = `${KEY_PREFIX}presence:`;
const NODES = `${P}nodes`;

/** Lua shared by the scripts: key names, and one connection leaving a room. */
const COMMON = `
  local P = '${P}'
  local function members(room) return P .. 'members:' .. room end
  local function names(room) return P .. 'names:' .. room end
  local function keys(room) return P .. 'keys:' .. room end
  local function conns(room, user) return P .. 'conns:' .. room .. ':' .. user end
  local function rooms(user) return P .. 'rooms:' .. user end
  local function held(node) return P .. 'node:' .. node end
  local function swept(node) return P .. 'swept:' .. node end
  ${LUA_REDIS_NOW}
  -- Answers 1 when it was the user's last connection in the room, and the room's member count.
  local function depart(room, user, conn)
    local removed = redis.call('SREM', conns(room, user), conn) == 1
    if not removed or redis.call('EXISTS', conns(room, user)) == 1 then
      return { 0, redis.call('ZCARD', members(room)) }
    end
    redis.call('ZREM', members(room), user)
    redis.call('HDEL', names(room), user)
    redis.call('HDEL', keys(room), user)
    redis.call('SREM', rooms(user), room)
    return { 1, redis.call('ZCARD', members(room)) }
  end
`;

/** ARGV: room, user, name, connection, node, maxMembers, key ('' for none: the one published before stays). */
const JOIN = script(`${COMMON}
  local room, user, name, conn, node, key = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[7]
  local earlier = redis.call('HGET', names(room), user)
  if not earlier then
    local count = redis.call('ZCARD', members(room))
    if count >= tonumber(ARGV[6]) then return { 'full', 0, 0, count } end
    redis.call('ZADD', members(room), redis.call('INCR', P .. 'arrivals'), user)
    redis.call('SADD', rooms(user), room)
  end
  redis.call('HSET', names(room), user, name)
  local rekeyed = false
  if key ~= '' then
    rekeyed = earlier and redis.call('HGET', keys(room), user) ~= key
    redis.call('HSET', keys(room), user, key)
  end
  redis.call('SADD', conns(room, user), conn)
  redis.call('SADD', held(node), room .. ' ' .. user .. ' ' .. conn)
  -- A node's first join may come before its first beat: it must be known to be swept if it dies.
  redis.call('ZADD', '${NODES}', 'NX', redis_now(), node)
  local renamed = earlier and (earlier ~= name or rekeyed)
  return { 'joined', earlier and 0 or 1, renamed and 1 or 0, redis.call('ZCARD', members(room)) }
`);

/** ARGV: room, user, connection, node. */
const LEAVE = script(`${COMMON}
  local room, user, conn, node = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
  redis.call('SREM', held(node), room .. ' ' .. user .. ' ' .. conn)
  return depart(room, user, conn)
`);

/** ARGV: room, limit. Answers the member count, then id, name, key ('' for none), ... in arrival order. */
const MEMBERS = script(`${COMMON}
  local answer = { redis.call('ZCARD', members(ARGV[1])) }
  for _, user in ipairs(redis.call('ZRANGE', members(ARGV[1]), 0, tonumber(ARGV[2]) - 1)) do
    table.insert(answer, user)
    table.insert(answer, redis.call('HGET', names(ARGV[1]), user))
    table.insert(answer, redis.call('HGET', keys(ARGV[1]), user) or '')
  end
  return answer
`);

/** ARGV: the number of rooms, the rooms, then users. Answers the users in at least one of the rooms. */
/** ARGV: user, name. Answers room, member count, room, member count, ... */
const RENAME = script(`${COMMON}
  local user, name = ARGV[1], ARGV[2]
  local answer = {}
  for _, room in ipairs(redis.call('SMEMBERS', rooms(user))) do
    redis.call('HSET', names(room), user, name)
    table.insert(answer, room)
    table.insert(answer, redis.call('ZCARD', members(room)))
  end
  return answer
`);

/** ARGV: node. Answers 1 when the node had been swept as dead since its last beat. */
const BEAT = script(`${COMMON}
  redis.call('ZADD', '${NODES}', redis_now(), ARGV[1])
  return redis.call('DEL', swept(ARGV[1]))
`);

/**
 * ARGV: this node, timeout. Removes every other node silent longer than the timeout and its
 * connections; answers room, user, member count for each user that thereby left a room.
 */
const SWEEP = script(`${COMMON}
  local gone = {}
  for _, node in ipairs(redis.call('ZRANGEBYSCORE', '${NODES}', '-inf', redis_now() - tonumber(ARGV[2]))) do
    if node ~= ARGV[1] then
      for _, entry in ipairs(redis.call('SMEMBERS', held(node))) do
        local room, user, conn = string.match(entry, '^(%S+) (%S+) (%S+)$')
        local left = depart(room, user, conn)
        if left[1] == 1 then
          table.insert(gone, room)
          table.insert(gone, user)
          table.insert(gone, left[2])
        end
      end
      redis.call('DEL', held(node))
      redis.call('ZREM', '${NODES}', node)
      redis.call('SET', swept(node), 1, 'PX', 86400000)
    end
  end
  return gone
`);

/** ARGV: node. A node that stops on purpose hands its connections back at once. */
const RETIRE = script(`${COMMON}
  for _, entry in ipairs(redis.call('SMEMBERS', held(ARGV[1]))) do
    local room, user, conn = string.match(entry, '^(%S+) (%S+) (%S+)$')
    depart(room, user, conn)
  end
  redis.call('DEL', held(ARGV[1]))
  redis.call('ZREM', '${NODES}', ARGV[1])
`);

export class RedisPresenceStore implements PresenceStore, NodeLiveness {
  constructor(
    private readonly redis: StoreRedis,
    /** This node's id: its connections are filed under it, to be swept if it dies. */
    readonly node: string,
  ) {}

  async join(room: RoomKey, member: Member, connectionId: string, maxMembers: number): Promise<JoinOutcome> {
    const args = [room, member.id, member.name, connectionId, this.node, maxMembers, member.key ?? ''];
    const [status, first, renamed, memberCount] = (await JOIN(this.redis, [], args)) as [
      string,
      number,
      number,
      number,
    ];
    return status === 'full'
      ? { status: 'full', memberCount }
      : { status: 'joined', first: first === 1, renamed: renamed === 1, memberCount };
  }

  async leave(room: RoomKey, userId: UserId, connectionId: string): Promise<LeaveOutcome> {
    const [last, memberCount] = (await LEAVE(this.redis, [], [room, userId, connectionId, this.node])) as number[];
    return { last: last === 1, memberCount: memberCount ?? 0 };
  }

  async members(room: RoomKey, limit: number): Promise<{ members: Member[]; memberCount: number }> {
    const [memberCount, ...flat] = (await MEMBERS(this.redis, [], [room, limit])) as [number, ...string[]];
    const members: Member[] = [];
    for (let i = 0; i < flat.length; i += 3) {
      const [id, name, key] = [String(flat[i]), String(flat[i + 1]), String(flat[i + 2])];
      members.push(key === '' ? { id, name } : { id, name, key });
    }
    return { members, memberCount };
  }

  async isMember(room: RoomKey, userId: UserId): Promise<boolean> {
    return (await command(this.redis, ['HEXISTS', `${P}names:${room}`, userId])) === 1;
  }

  async rename(member: Member): Promise<Array<{ room: RoomKey; memberCount: number }>> {
    const flat = (await RENAME(this.redis, [], [member.id, member.name])) as Array<string | number>;
    const rooms: Array<{ room: RoomKey; memberCount: number }> = [];
    for (let i = 0; i < flat.length; i += 2) rooms.push({ room: String(flat[i]), memberCount: Number(flat[i + 1]) });
    return rooms;
  }

  async heartbeat(): Promise<boolean> {
    return (await BEAT(this.redis, [], [this.node])) === 1;
  }

  async sweep(timeoutMs: number): Promise<Departure[]> {
    const flat = (await SWEEP(this.redis, [], [this.node, timeoutMs])) as Array<string | number>;
    const gone: Departure[] = [];
    for (let i = 0; i < flat.length; i += 3) {
      gone.push({ room: String(flat[i]), userId: String(flat[i + 1]), memberCount: Number(flat[i + 2]) });
    }
    return gone;
  }

  /** Removes this node and whatever connections it still holds. */
  async retire(): Promise<void> {
    await RETIRE(this.redis, [], [this.node]);
  }
}
