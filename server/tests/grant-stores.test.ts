/**
 * The conversation grant store's contract (issue #13: who may go on DMing whom after leaving
 * the room they met in), run against every implementation: in memory, SQLite (on a temporary
 * data directory) and Redis (a real redis-server started for this file); then how each stays
 * bounded: a per-user bound that forgets the least recently used grant for both its sides, the
 * retention, and for SQLite the sweep and a reopen.
 */
import Fastify from 'fastify';
import { createClient } from 'redis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../config.ts';
import { MemoryGrantStore } from '../stores/memory-grants.ts';
import { RedisGrantStore } from '../stores/redis-grants.ts';
import { createRedisStores } from '../stores/redis.ts';
import { SqliteGrantStore } from '../stores/sqlite-grants.ts';
import { createSqliteStores, openDatabase } from '../stores/sqlite.ts';
import { GRANT_RETENTION_MS, type GrantLimits, type GrantStore } from '../stores/types.ts';
import { StoreRedis } from '../stores/redis-client.ts';
import { newRoom } from './harness.ts';
import { storeFixtures } from './store-fixtures.ts';

const fixtures = storeFixtures('samepage-grants-');

/** A store of each kind with these limits, on fresh storage, closed after the test. */
const kinds: Record<string, (limits: GrantLimits) => Promise<GrantStore>> = {
  memory: async (limits) => new MemoryGrantStore(limits),
  sqlite: async (limits) => {
    const db = openDatabase(fixtures.tempDir());
    onTestFinished(() => void db.close());
    return new SqliteGrantStore(db, limits);
  },
  redis: async (limits) => {
    const client = createClient({ url: fixtures.redis.url });
    await client.connect();
    onTestFinished(() => client.destroy());
    return new RedisGrantStore(new StoreRedis(client, 2000), limits);
  },
};

let users = 0;
const newUser = (): string => `user${String(++users).padStart(18, '0')}`;
const DAY = 86_400_000;
const NOW = Date.now();
const DEFAULT_LIMITS: GrantLimits = { perUser: 500, retentionMs: GRANT_RETENTION_MS };

describe.each(Object.entries(kinds))('%s grants', (_kind, make) => {
  it('hold for the pair in either order, in the room they were made in only', async () => {
    const grants = await make(DEFAULT_LIMITS);
    const [ann, bob, cy] = [newUser(), newUser(), newUser()];
    const [room, other] = [newRoom(), newRoom()];
    expect(await grants.has(room, ann, bob, NOW)).toBe(false);
    await grants.grant(room, ann, bob, NOW);
    expect(await grants.has(room, ann, bob, NOW + 1)).toBe(true);
    expect(await grants.has(room, bob, ann, NOW + 1)).toBe(true);
    expect(await grants.has(other, ann, bob, NOW + 1)).toBe(false);
    expect(await grants.has(room, ann, cy, NOW + 1)).toBe(false);
    expect(await grants.has(room, cy, bob, NOW + 1)).toBe(false);
  });

  it('expire after the retention without a DM, and each renewal starts it again', async () => {
    const grants = await make(DEFAULT_LIMITS);
    const [ann, bob, cy] = [newUser(), newUser(), newUser()];
    const room = newRoom();
    await grants.grant(room, ann, bob, NOW);
    await grants.grant(room, ann, cy, NOW);
    await grants.grant(room, bob, ann, NOW + 20 * DAY);
    const later = NOW + GRANT_RETENTION_MS + DAY;
    expect(await grants.has(room, ann, bob, later)).toBe(true);
    expect(await grants.has(room, ann, cy, later)).toBe(false);
    expect(await grants.has(room, ann, bob, NOW + 20 * DAY + GRANT_RETENTION_MS + 1)).toBe(false);
  });

  it('keep at most the bound per user, forgetting the least recently used grant for both of its sides', async () => {
    const grants = await make({ perUser: 3, retentionMs: GRANT_RETENTION_MS });
    const ann = newUser();
    const peers = [newUser(), newUser(), newUser(), newUser()];
    const room = newRoom();
    for (const [n, peer] of peers.slice(0, 3).entries()) await grants.grant(room, ann, peer, NOW + n);
    // The first one is used again, so the second is now the least recently used.
    await grants.grant(room, peers[0] ?? '', ann, NOW + 10);
    await grants.grant(room, ann, peers[3] ?? '', NOW + 11);
    const at = NOW + 12;
    const held = (when: number) => Promise.all(peers.map((peer) => grants.has(room, ann, peer, when)));
    expect(await held(at)).toEqual([true, false, true, true]);
    expect(await grants.has(room, ann, peers[1] ?? '', at)).toBe(false);
    // Gone from the other side too: the peer cannot use it either, nor see it.
    expect(await grants.has(room, peers[1] ?? '', ann, at)).toBe(false);
    // Each side's bound counts: bob's newer grants push out his oldest, the one with ann.
    const bob = peers[2] ?? '';
    for (let n = 0; n < 3; n++) await grants.grant(newRoom(), bob, newUser(), NOW + 20 + n);
    expect(await grants.has(room, ann, bob, NOW + 30)).toBe(false);
    expect(await held(NOW + 30)).toEqual([true, false, false, true]);
  });
});

describe('memory grants', () => {
  it('hold at most their overall bound, forgetting the one unused longest', async () => {
    const grants = new MemoryGrantStore(DEFAULT_LIMITS, 3);
    const room = newRoom();
    const pairs = [0, 1, 2, 3].map(() => [newUser(), newUser()] as const);
    for (const [n, [a, b]] of pairs.entries()) await grants.grant(room, a, b, NOW + n);
    expect(grants.size).toBe(3);
    const [first, ...rest] = pairs;
    expect(await grants.has(room, first?.[0] ?? '', first?.[1] ?? '', NOW + 5)).toBe(false);
    for (const [a, b] of rest) expect(await grants.has(room, a, b, NOW + 5)).toBe(true);
  });
});

describe('sqlite grants', () => {
  it('survive a reopen, and the sweep deletes the rows unused past the retention', async () => {
    const dataDir = fixtures.tempDir();
    const before = createSqliteStores(loadConfig({ DATA_DIR: dataDir }));
    const [ann, bob, cy] = [newUser(), newUser(), newUser()];
    const room = newRoom();
    await before.grants.grant(room, ann, bob, Date.now() - DAY);
    await before.grants.grant(room, ann, cy, Date.now() - GRANT_RETENTION_MS - DAY);
    await before.close();

    // The sweep runs when the stores open, and every minute after.
    const after = await fixtures.open(createSqliteStores(loadConfig({ DATA_DIR: dataDir })));
    expect(await after.grants.has(room, bob, ann, Date.now())).toBe(true);
    const db = openDatabase(dataDir);
    const rows = db.prepare('SELECT user, peer FROM grants ORDER BY user').all();
    db.close();
    expect(rows).toEqual([
      { user: ann, peer: bob },
      { user: bob, peer: ann },
    ]);
  });
});

describe('redis grants', () => {
  it('expire as a key once a user has used none for the retention', async () => {
    const { grants } = await fixtures.open(
      createRedisStores({ ...loadConfig({}), redisUrl: fixtures.redis.url }, Fastify().log),
    );
    const [ann, bob] = [newUser(), newUser()];
    await grants.grant(newRoom(), ann, bob, Date.now());
    for (const user of [ann, bob]) {
      const ttl = Number(await fixtures.redis.command(['PTTL', `samepage:grants:${user}`]));
      expect(ttl).toBeGreaterThan(GRANT_RETENTION_MS - 60_000);
    }
  });
});
