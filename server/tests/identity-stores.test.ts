/**
 * The identity store's contract (when this relay first saw each user id), run against every
 * implementation: in memory, SQLite (on a temporary data directory) and Redis (a real
 * redis-server started for this file); then what each does to stay bounded.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { MemoryIdentityStore } from '../stores/memory-identities.ts';
import { createRedisStores } from '../stores/redis.ts';
import { createSqliteStores, openDatabase } from '../stores/sqlite.ts';
import { IDENTITY_RETENTION_MS, type IdentityStore } from '../stores/types.ts';
import { storeFixtures } from './store-fixtures.ts';

const fixtures = storeFixtures('samepage-identities-');

const kinds = {
  memory: async (): Promise<IdentityStore> => new MemoryIdentityStore(),
  sqlite: async () =>
    (await fixtures.open(createSqliteStores(loadConfig({ DATA_DIR: fixtures.tempDir() })))).identities,
  redis: async () =>
    (await fixtures.open(createRedisStores({ ...loadConfig({}), redisUrl: fixtures.redis.url }, Fastify().log)))
      .identities,
};

let users = 0;
const newUser = (): string => `user${String(++users).padStart(18, '0')}`;
const DAY = 86_400_000;
const NOW = Date.now();

describe.each(Object.entries(kinds))('%s identities', (_kind, make) => {
  it('knows no identity it has not recorded', async () => {
    const identities = await make();
    expect(await identities.firstSeen(newUser(), NOW)).toBeNull();
  });

  it('answers when an identity was first seen, and keeps that time when it is recorded again', async () => {
    const identities = await make();
    const user = newUser();
    expect(await identities.record(user, NOW)).toBe(NOW);
    expect(await identities.firstSeen(user, NOW + 1000)).toBe(NOW);
    expect(await identities.record(user, NOW + 2000)).toBe(NOW);
    expect(await identities.firstSeen(user, NOW + 3000)).toBe(NOW);
    expect(await identities.firstSeen(newUser(), NOW + 3000)).toBeNull();
  });
});

describe.each([
  ['memory', kinds.memory],
  ['sqlite', kinds.sqlite],
])('%s identities, by their own clock', (_kind, make) => {
  it('forget an identity unused for longer than the retention, and keep one in use', async () => {
    const identities = await make();
    const [idle, used] = [newUser(), newUser()];
    await identities.record(idle, NOW);
    await identities.record(used, NOW);
    expect(await identities.firstSeen(used, NOW + IDENTITY_RETENTION_MS - DAY)).toBe(NOW);
    expect(await identities.firstSeen(idle, NOW + IDENTITY_RETENTION_MS + DAY)).toBeNull();
    expect(await identities.firstSeen(used, NOW + IDENTITY_RETENTION_MS + DAY)).toBe(NOW);
    // Forgotten means new again: recorded afresh.
    expect(await identities.record(idle, NOW + IDENTITY_RETENTION_MS + DAY)).toBe(NOW + IDENTITY_RETENTION_MS + DAY);
  });
});

describe('memory identities', () => {
  it('hold at most their bound, forgetting the one unused longest', async () => {
    const identities = new MemoryIdentityStore(3);
    const [a, b, c, d] = [newUser(), newUser(), newUser(), newUser()];
    for (const user of [a, b, c]) await identities.record(user, NOW);
    await identities.firstSeen(a, NOW + 1);
    await identities.record(d, NOW + 2);
    expect(identities.size).toBe(3);
    expect(await identities.firstSeen(b, NOW + 3)).toBeNull();
    for (const user of [a, c, d]) expect(await identities.firstSeen(user, NOW + 3)).not.toBeNull();
  });
});

describe('sqlite identities', () => {
  it('survive a reopen, and the sweep deletes the rows unused past the retention', async () => {
    const dataDir = fixtures.tempDir();
    const before = createSqliteStores(loadConfig({ DATA_DIR: dataDir }));
    const [kept, stale] = [newUser(), newUser()];
    await before.identities.record(kept, Date.now() - DAY);
    await before.identities.record(stale, Date.now() - IDENTITY_RETENTION_MS - DAY);
    await before.close();

    // The sweep runs when the stores open, and every minute after.
    const after = await fixtures.open(createSqliteStores(loadConfig({ DATA_DIR: dataDir })));
    expect(await after.identities.firstSeen(kept, Date.now())).not.toBeNull();
    const db = openDatabase(dataDir);
    const rows = db.prepare('SELECT user_id FROM identities').all() as Array<{ user_id: string }>;
    db.close();
    expect(rows.map((row) => row.user_id)).toEqual([kept]);
  });
});

describe('redis identities', () => {
  it('expire after the retention, renewed by every use', async () => {
    const { identities } = await fixtures.open(
      createRedisStores({ ...loadConfig({}), redisUrl: fixtures.redis.url }, Fastify().log),
    );
    const user = newUser();
    await identities.record(user, NOW);
    const key = `samepage:identity:${user}`;
    expect(Number(await fixtures.redis.command(['PTTL', key]))).toBeGreaterThan(IDENTITY_RETENTION_MS - 60_000);
    await fixtures.redis.command(['PEXPIRE', key, '5000']);
    expect(await identities.firstSeen(user, NOW)).toBe(NOW);
    expect(Number(await fixtures.redis.command(['PTTL', key]))).toBeGreaterThan(IDENTITY_RETENTION_MS - 60_000);
  });
});
