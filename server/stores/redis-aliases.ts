/**
 * Ids per room in Redis, shared by every node: the id secret under one key, set by whichever
 * node asks first (never overwritten, never expiring), and one key per id handed out holding
 * `person room`, expiring ALIAS_RETENTION_MS after its last use (each use renews it).
 */
import { randomBytes } from 'node:crypto';
import type { UserId } from '../../protocol/index.ts';
import { KEY_PREFIX, script, type StoreRedis } from './redis-client.ts';
import { ALIAS_RETENTION_MS, type AliasOwner, type AliasStore } from './types.ts';

const SECRET_KEY = `${KEY_PREFIX}id-secret`;
const aliasKey = (alias: string): string => `${KEY_PREFIX}alias:${alias}`;

/** SET NX, then read what is there: ours, or the one another node set first. */
const SECRET = script(`
  redis.call('SET', KEYS[1], ARGV[1], 'NX')
  return redis.call('GET', KEYS[1])
`);

/** Each key's value, its expiry renewed when it has one. */
const OWNERS = script(`
  local found = {}
  for i, key in ipairs(KEYS) do
    local value = redis.call('GET', key)
    if value then redis.call('PEXPIRE', key, ARGV[1]) end
    found[i] = value or ''
  end
  return found
`);

export class RedisAliasStore implements AliasStore {
  constructor(
    private readonly redis: StoreRedis,
    private readonly retentionMs = ALIAS_RETENTION_MS,
  ) {}

  async idSecret(): Promise<string> {
    return String(await SECRET(this.redis, [SECRET_KEY], [randomBytes(32).toString('base64url')]));
  }

  async remember(alias: UserId, { person, room }: AliasOwner): Promise<void> {
    await this.redis.run((client) =>
      client.sendCommand(['SET', aliasKey(alias), `${person} ${room}`, 'PX', String(this.retentionMs)]),
    );
  }

  async owners(aliases: readonly UserId[]): Promise<Map<UserId, AliasOwner>> {
    const found = new Map<UserId, AliasOwner>();
    const unique = [...new Set(aliases)];
    if (unique.length === 0) return found;
    const values = (await OWNERS(this.redis, unique.map(aliasKey), [this.retentionMs])) as string[];
    unique.forEach((alias, index) => {
      const [person, room] = (values[index] ?? '').split(' ');
      if (person && room) found.set(alias, { person, room });
    });
    return found;
  }
}
