/**
 * Moderation in Redis (issue #14), shared by every node: a ban an operator makes through one node
 * holds at every node's handshake, a room's mode and a person's DM settings are the same
 * everywhere. Every write that reads first is one Lua script, so two nodes never interleave.
 *
 * - reports: a hash by id, with lexicographic sorted sets of ids (all, per reported user, per
 *   room) to page newest first; past the bound the lowest ids go, from every index.
 * - bans: user bans and address bans in two hashes, so `banOf`, at every handshake, is one round
 *   trip reading one user's field and the (few) address bans; a sorted set of their ends drops
 *   ended bans, and one of write order answers newest first.
 * - room modes: a hash by room and a sorted set of when each was changed, for the bound.
 * - audit: a list, newest first, trimmed.
 * - privacy: a hash of `{ settings, at }` by user and a sorted set of `at`, for the retention and
 *   the bound, both kept on every write.
 * - repeated text: one small hash per user that expires with its window.
 */
import type { RoomKey, UserId } from '../../protocol/index.ts';
import { addressMatcher, banKey, normalizedTarget } from './ban-address.ts';
import { mergeMode } from './memory-moderation.ts';
import { command, KEY_PREFIX, script, type StoreRedis } from './redis-client.ts';
import {
  MODERATION_LIMITS,
  type AuditEntry,
  type Ban,
  type BanTarget,
  type ModerationLimits,
  type ModerationStore,
  type PrivacySettings,
  type RepeatRun,
  type Report,
  type ReportQuery,
  type StoredRoomMode,
} from './types.ts';

const M = `${KEY_PREFIX}moderation:`;
const REPORTS = `${M}reports`;
const REPORT_IDS = `${M}reports:ids`;
const reportsOf = (reported: UserId): string => `${M}reports:reported:${reported}`;
const reportsIn = (room: RoomKey): string => `${M}reports:room:${room}`;
const BAN_USERS = `${M}bans:users`;
const BAN_ADDRESSES = `${M}bans:addresses`;
const AUDIT = `${M}audit`;
const MODES = `${M}modes`;
const PRIVACY = `${M}privacy`;
const repeatKey = (user: UserId): string => `${M}repeat:${user}`;

/** ARGV: id, reported, room, report (JSON), max. */
const ADD_REPORT = script(`
  local id, max = ARGV[1], tonumber(ARGV[5])
  local function forget(gone)
    local kept = redis.call('HGET', '${REPORTS}', gone)
    if kept then
      local report = cjson.decode(kept)
      redis.call('ZREM', '${M}reports:reported:' .. report.reported, gone)
      redis.call('ZREM', '${M}reports:room:' .. report.room, gone)
      redis.call('HDEL', '${REPORTS}', gone)
    end
    redis.call('ZREM', '${REPORT_IDS}', gone)
  end
  forget(id)
  redis.call('HSET', '${REPORTS}', id, ARGV[4])
  redis.call('ZADD', '${REPORT_IDS}', 0, id)
  redis.call('ZADD', '${M}reports:reported:' .. ARGV[2], 0, id)
  redis.call('ZADD', '${M}reports:room:' .. ARGV[3], 0, id)
  local extra = redis.call('ZCARD', '${REPORT_IDS}') - max
  if extra > 0 then
    for _, gone in ipairs(redis.call('ZRANGE', '${REPORT_IDS}', 0, extra - 1)) do forget(gone) end
  end
`);

/**
 * KEYS: the index to read (all, one reported user's, one room's), and a second index every
 * report must also be in, or none. ARGV: before ('' for the newest), limit.
 */
const REPORTS_PAGE = script(`
  local index, also = KEYS[1], KEYS[2]
  local limit = tonumber(ARGV[2])
  local top = ARGV[1] == '' and '+' or '(' .. ARGV[1]
  local found, offset = {}, 0
  while #found < limit do
    local ids = redis.call('ZREVRANGEBYLEX', index, top, '-', 'LIMIT', offset, 100)
    if #ids == 0 then break end
    offset = offset + #ids
    for _, id in ipairs(ids) do
      if #found < limit and (not also or redis.call('ZSCORE', also, id)) then
        local report = redis.call('HGET', '${REPORTS}', id)
        if report then found[#found + 1] = report end
      end
    end
  end
  return found
`);

/** The Lua helpers of the ban scripts: which hash a ban key is in, and dropping ended bans. */
const LUA_BANS = `
  local ENDS, ORDER = '${M}bans:ends', '${M}bans:order'
  local function hash_of(key)
    if string.sub(key, 1, 2) == 'a:' then return '${BAN_ADDRESSES}' end
    return '${BAN_USERS}'
  end
  local function forget(key)
    redis.call('ZREM', ENDS, key)
    redis.call('ZREM', ORDER, key)
    return redis.call('HDEL', hash_of(key), key)
  end
  local function drop_ended(now)
    for _, key in ipairs(redis.call('ZRANGEBYSCORE', ENDS, '-inf', now)) do forget(key) end
  end
`;

/** ARGV: key, ban (JSON), until, at, max. Answers 1 when set, 0 when the bound refuses it. */
const BAN = script(`
  ${LUA_BANS}
  local key = ARGV[1]
  drop_ended(tonumber(ARGV[4]))
  if not redis.call('ZSCORE', ENDS, key) and redis.call('ZCARD', ENDS) >= tonumber(ARGV[5]) then return 0 end
  redis.call('HSET', hash_of(key), key, ARGV[2])
  redis.call('ZADD', ENDS, ARGV[3], key)
  redis.call('ZADD', ORDER, redis.call('INCR', '${M}bans:written'), key)
  return 1
`);

/** ARGV: key. Answers whether there was such a ban. */
const UNBAN = script(`
  ${LUA_BANS}
  return forget(ARGV[1])
`);

/** ARGV: now. The bans in force, newest first. */
const BANS = script(`
  ${LUA_BANS}
  drop_ended(tonumber(ARGV[1]))
  local found = {}
  for _, key in ipairs(redis.call('ZREVRANGE', ORDER, 0, -1)) do
    local ban = redis.call('HGET', hash_of(key), key)
    if ban then found[#found + 1] = ban end
  end
  return found
`);

/** ARGV: the user's ban key. One round trip: the user's ban (or nil) and every address ban. */
const BAN_OF = script(`
  return { redis.call('HGET', '${BAN_USERS}', ARGV[1]) or '', redis.call('HVALS', '${BAN_ADDRESSES}') }
`);

/**
 * ARGV: room, change (JSON, a field to clear as null), now, max. Merges as mergeMode does; a mode
 * back to the default is dropped; past the bound the one changed longest ago goes. Answers the
 * mode after.
 */
const SET_MODE = script(`
  local ORDER = '${MODES}:order'
  local room, now, max = ARGV[1], tonumber(ARGV[3]), tonumber(ARGV[4])
  local kept = redis.call('HGET', '${MODES}', room)
  local mode = kept and cjson.decode(kept) or {}
  for field, value in pairs(cjson.decode(ARGV[2])) do
    if value == cjson.null then mode[field] = nil else mode[field] = value end
  end
  if mode.slowModeSeconds == nil then mode.slowModeSeconds = 0 end
  if mode.readOnly == nil then mode.readOnly = false end
  local auto_on = mode.autoUntil ~= nil and mode.autoUntil > now
  redis.call('HDEL', '${MODES}', room)
  redis.call('ZREM', ORDER, room)
  local encoded = cjson.encode(mode)
  if mode.slowModeSeconds ~= 0 or mode.readOnly or auto_on then
    redis.call('HSET', '${MODES}', room, encoded)
    redis.call('ZADD', ORDER, redis.call('INCR', '${MODES}:written'), room)
    local extra = redis.call('ZCARD', ORDER) - max
    if extra > 0 then
      for _, gone in ipairs(redis.call('ZRANGE', ORDER, 0, extra - 1)) do
        redis.call('HDEL', '${MODES}', gone)
        redis.call('ZREM', ORDER, gone)
      end
    end
  end
  return encoded
`);

/** ARGV: entry (JSON), max. */
const AUDIT_ADD = script(`
  redis.call('LPUSH', '${AUDIT}', ARGV[1])
  redis.call('LTRIM', '${AUDIT}', 0, tonumber(ARGV[2]) - 1)
`);

/** ARGV: user, kept (JSON), now, retentionMs, max. */
const SET_PRIVACY = script(`
  local AT = '${PRIVACY}:at'
  local now = tonumber(ARGV[3])
  redis.call('HSET', '${PRIVACY}', ARGV[1], ARGV[2])
  redis.call('ZADD', AT, now, ARGV[1])
  local oldest = now - tonumber(ARGV[4])
  for _, gone in ipairs(redis.call('ZRANGEBYSCORE', AT, '-inf', oldest)) do redis.call('HDEL', '${PRIVACY}', gone) end
  redis.call('ZREMRANGEBYSCORE', AT, '-inf', oldest)
  local extra = redis.call('ZCARD', AT) - tonumber(ARGV[5])
  if extra > 0 then
    for _, gone in ipairs(redis.call('ZRANGE', AT, 0, extra - 1)) do
      redis.call('HDEL', '${PRIVACY}', gone)
      redis.call('ZREM', AT, gone)
    end
  end
`);

/** KEYS: the user's repeat key. ARGV: textHash, now, windowMs. Answers the count of the run and its start. */
const COUNT_REPEAT = script(`
  local hash, now, window = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
  local last = redis.call('HMGET', KEYS[1], 'hash', 'count', 'since')
  local count, since = 1, now
  if last[1] == hash and now - tonumber(last[3]) < window then
    count, since = tonumber(last[2]) + 1, tonumber(last[3])
  end
  redis.call('HSET', KEYS[1], 'hash', hash, 'count', count, 'since', since)
  -- A second past the run's end: the check above is what ends a run, and a key gone early
  -- (a node's clock behind another's, a caller's own clock) would cut a run short.
  redis.call('PEXPIRE', KEYS[1], math.max(1, since + window - now) + 1000)
  return { count, since }
`);

const parsed = <T>(texts: string[]): T[] => texts.map((text) => JSON.parse(text) as T);

export class RedisModerationStore implements ModerationStore {
  constructor(
    private readonly redis: StoreRedis,
    private readonly limits: ModerationLimits = MODERATION_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  async addReport(report: Report): Promise<void> {
    const args = [report.id, report.reported, report.room, JSON.stringify(report), this.limits.reports];
    await ADD_REPORT(this.redis, [], args);
  }

  async reports({ reported, room, before, limit }: ReportQuery): Promise<Report[]> {
    const index = reported !== undefined ? reportsOf(reported) : room !== undefined ? reportsIn(room) : REPORT_IDS;
    const also = reported !== undefined && room !== undefined ? [reportsIn(room)] : [];
    return parsed<Report>((await REPORTS_PAGE(this.redis, [index, ...also], [before ?? '', limit])) as string[]);
  }

  async ban(ban: Ban): Promise<boolean> {
    const kept = normalizedTarget(ban);
    const args = [banKey(ban), JSON.stringify(kept), kept.until, kept.at, this.limits.bans];
    return (await BAN(this.redis, [], args)) === 1;
  }

  async unban(target: BanTarget): Promise<boolean> {
    return (await UNBAN(this.redis, [], [banKey(target)])) === 1;
  }

  async bans(now: number): Promise<Ban[]> {
    return parsed<Ban>((await BANS(this.redis, [], [now])) as string[]);
  }

  async banOf(user: UserId, address: string, now: number): Promise<Ban | null> {
    const [own, addresses] = (await BAN_OF(this.redis, [], [banKey({ user })])) as [string, string[]];
    const found = parsed<Ban>(own === '' ? [] : [own]);
    const matches = addressMatcher(address);
    for (const ban of parsed<Ban>(addresses)) {
      if (ban.address !== undefined && matches(ban.address)) found.push(ban);
    }
    return found
      .filter((ban) => ban.until > now)
      .reduce<Ban | null>((longest, ban) => (longest === null || ban.until > longest.until ? ban : longest), null);
  }

  async roomMode(room: RoomKey): Promise<StoredRoomMode> {
    const kept = (await command(this.redis, ['HGET', MODES, room])) as string | null;
    return mergeMode(kept === null ? undefined : (JSON.parse(kept) as StoredRoomMode), {});
  }

  async setRoomMode(room: RoomKey, change: Partial<StoredRoomMode>): Promise<StoredRoomMode> {
    const fields = JSON.stringify(change, (_field, value: unknown) => (value === undefined ? null : value));
    const after = (await SET_MODE(this.redis, [], [room, fields, this.clock(), this.limits.roomModes])) as string;
    return mergeMode(JSON.parse(after) as StoredRoomMode, {});
  }

  async audit(entry: AuditEntry): Promise<void> {
    await AUDIT_ADD(this.redis, [], [JSON.stringify(entry), this.limits.audit]);
  }

  async auditLog(limit: number): Promise<AuditEntry[]> {
    if (limit <= 0) return [];
    return parsed<AuditEntry>((await command(this.redis, ['LRANGE', AUDIT, '0', String(limit - 1)])) as string[]);
  }

  async setPrivacy(user: UserId, settings: PrivacySettings, now: number): Promise<void> {
    const { privacyRetentionMs, privacyUsers } = this.limits;
    await SET_PRIVACY(
      this.redis,
      [],
      [user, JSON.stringify({ settings, at: now }), now, privacyRetentionMs, privacyUsers],
    );
  }

  async privacyOf(user: UserId): Promise<PrivacySettings | null> {
    const kept = (await command(this.redis, ['HGET', PRIVACY, user])) as string | null;
    if (kept === null) return null;
    const { settings, at } = JSON.parse(kept) as { settings: PrivacySettings; at: number };
    return this.clock() - at < this.limits.privacyRetentionMs ? settings : null;
  }

  async countRepeat(user: UserId, textHash: string, now: number, windowMs: number): Promise<RepeatRun> {
    const answer = await COUNT_REPEAT(this.redis, [repeatKey(user)], [textHash, now, windowMs]);
    const [count, since] = answer as [number, number];
    return { count: Number(count), since: Number(since) };
  }
}
