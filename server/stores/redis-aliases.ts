/**
 * Ids per room in Redis, shared by every node: the id secret under one key, set by whichever
 * node asks first (never overwritten, never expiring), and one key per id handed out holding
 * `person room`, expiring ALIAS_RETENTION_MS after its last use (each use renews it). Each
 * person's ids are also in a sorted set scored by last use, which keeps them to ALIASES_PER_PERSON:
 * remembering one more drops the ones unused longest, with their keys.
 */
import { randomBytes } from 'node:crypto';
import type { UserId } from '../../protocol/index.ts';
import { KEY_PREFIX, script, type StoreRedis } from './redis-client.ts';
import { ALIAS_RETENTION_MS, ALIASES_PER_PERSON, type AliasOwner, type AliasStore } from './types.ts';

const SECRET_KEY = `${KEY_PREFIX}id-secret`;
const A = `${KEY_PREFIX}alias:`;
const OF = `${KEY_PREFIX}aliases-of:`;

/** SET NX, then read what is there: ours, or the one another node set first. */
const SECRET = script(`
  redis.call('SET', KEYS[1], ARGV[1], 'NX')
  return redis.call('GET', KEYS[1])
`);

/**
 * ARGV: alias, person, room, now, perPerson, retentionMs. The id just remembered is never among
 * those dropped, even when its score ties with others' or another node's clock ran ahead.
 */
const REMEMBER = script(`
  local alias, person, retention = ARGV[1], ARGV[2], ARGV[6]
  local own = '${OF}' .. person
  redis.call('SET', '${A}' .. alias, person .. ' ' .. ARGV[3], 'PX', retention)
  redis.call('ZADD', own, ARGV[4], alias)
  local extra = redis.call('ZCARD', own) - tonumber(ARGV[5])
  if extra > 0 then
    for _, gone in ipairs(redis.call('ZRANGE', own, 0, extra)) do
      if extra > 0 and gone ~= alias then
        redis.call('ZREM', own, gone)
        redis.call('DEL', '${A}' .. gone)
        extra = extra - 1
      end
    end
  end
  redis.call('PEXPIRE', own, retention)
  return 1
`);

/** ARGV: retentionMs, now. Each key's value, its expiry and its place in its person's set renewed. */
const OWNERS = script(`
  local found = {}
  for i, key in ipairs(KEYS) do
    local value = redis.call('GET', key)
    if value then
      redis.call('PEXPIRE', key, ARGV[1])
      local own = '${OF}' .. string.match(value, '^(%S+) ')
      redis.call('ZADD', own, 'XX', ARGV[2], string.sub(key, ${A.length + 1}))
      redis.call('PEXPIRE', own, ARGV[1])
    end
    found[i] = value or ''
  end
  return found
`);

export class RedisAliasStore implements AliasStore {
  constructor(
    private readonly redis: StoreRedis,
    private readonly perPerson = ALIASES_PER_PERSON,
    private readonly retentionMs = ALIAS_RETENTION_MS,
  ) {}

  async idSecret(): Promise<string> {
    return String(await SECRET(this.redis, [SECRET_KEY], [randomBytes(32).toString('base64url')]));
  }

  async remember(alias: UserId, { person, room }: AliasOwner, now: number): Promise<void> {
    await REMEMBER(this.redis, [], [alias, person, room, now, this.perPerson, this.retentionMs]);
  }

  async owners(aliases: readonly UserId[], now: number): Promise<Map<UserId, AliasOwner>> {
    const found = new Map<UserId, AliasOwner>();
    const unique = [...new Set(aliases)];
    if (unique.length === 0) return found;
    const values = (await OWNERS(
      this.redis,
      unique.map((alias) => A + alias),
      [this.retentionMs, now],
    )) as string[];
    unique.forEach((alias, index) => {
      const [person, room] = (values[index] ?? '').split(' ');
      if (person && room) found.set(alias, { person, room });
    });
    return found;
  }
}
