/**
 * The alias store's contract (the relay's id secret, and whose each id per room is), run against
 * every implementation: in memory, SQLite (on a temporary data directory) and Redis (a real
 * redis-server started for this file); then how each keeps its secret and stays bounded.
 */
import Fastify from 'fastify';
import { createClient } from 'redis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { aliasOf } from '../chat/aliases.ts';
import { loadConfig } from '../config.ts';
import { MemoryAliasStore } from '../stores/memory-aliases.ts';
import { RedisAliasStore } from '../stores/redis-aliases.ts';
import { StoreRedis } from '../stores/redis-client.ts';
import { createRedisStores } from '../stores/redis.ts';
import { GroupCommit } from '../stores/sqlite-batch.ts';
import { SqliteAliasStore } from '../stores/sqlite-aliases.ts';
import { createSqliteStores, openDatabase } from '../stores/sqlite.ts';
import { ALIAS_RETENTION_MS, type AliasStore } from '../stores/types.ts';
import { storeFixtures } from './store-fixtures.ts';

const fixtures = storeFixtures('samepage-aliases-');

const redisStores = () => createRedisStores({ ...loadConfig({}), redisUrl: fixtures.redis.url }, Fastify().log);

const kinds = {
  memory: async (): Promise<AliasStore> => new MemoryAliasStore(),
  sqlite: async () => (await fixtures.open(createSqliteStores(loadConfig({ DATA_DIR: fixtures.tempDir() })))).aliases,
  redis: async () => (await fixtures.open(redisStores())).aliases,
};

/** A store of each kind holding at most `perPerson` ids per person, on fresh storage. */
const bounded: Record<string, (perPerson: number) => Promise<AliasStore>> = {
  memory: async (perPerson) => new MemoryAliasStore(undefined, perPerson),
  sqlite: async (perPerson) => {
    const db = openDatabase(fixtures.tempDir());
    onTestFinished(() => void db.close());
    // With a group commit, as the relay runs it: uses wait for a later batch.
    return new SqliteAliasStore(db, perPerson, undefined, new GroupCommit(db));
  },
  redis: async (perPerson) => {
    const client = createClient({ url: fixtures.redis.url });
    await client.connect();
    onTestFinished(() => client.destroy());
    return new RedisAliasStore(new StoreRedis(client, 2000), perPerson);
  },
};

let counter = 0;
const newId = (): string => `id${String(++counter).padStart(20, '0')}`;
const ROOM_A = 'a'.repeat(64);
const ROOM_B = 'b'.repeat(64);
const DAY = 86_400_000;
const NOW = Date.now();

describe('aliasOf', () => {
  it('is 22 base64url characters, the same for the same inputs, different for another room, person or secret', () => {
    const secret = Buffer.alloc(32, 7);
    const id = aliasOf(secret, 'person1', ROOM_A);
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(aliasOf(secret, 'person1', ROOM_A)).toBe(id);
    expect(aliasOf(secret, 'person1', ROOM_B)).not.toBe(id);
    expect(aliasOf(secret, 'person2', ROOM_A)).not.toBe(id);
    expect(aliasOf(Buffer.alloc(32, 8), 'person1', ROOM_A)).not.toBe(id);
  });
});

describe.each(Object.entries(kinds))('%s aliases', (_kind, make) => {
  it('has a secret of 32 random bytes that stays the same', async () => {
    const aliases = await make();
    const secret = await aliases.idSecret();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(await aliases.idSecret()).toBe(secret);
  });

  it('answers whose the ids it was told are, and nothing for the others', async () => {
    const aliases = await make();
    const [a, b, unknown] = [newId(), newId(), newId()];
    await aliases.remember(a, { person: 'ann', room: ROOM_A }, NOW);
    await aliases.remember(b, { person: 'ann', room: ROOM_B }, NOW);
    const found = await aliases.owners([a, unknown, b, a], NOW + 1000);
    expect(Object.fromEntries(found)).toEqual({
      [a]: { person: 'ann', room: ROOM_A },
      [b]: { person: 'ann', room: ROOM_B },
    });
    expect((await aliases.owners([], NOW)).size).toBe(0);
  });
});

describe.each(Object.entries(bounded))('%s aliases, bounded per person', (_kind, make) => {
  it('keep the ids each person used last, forgetting the one unused longest', async () => {
    const aliases = await make(3);
    // People of their own: the Redis of this file is shared by its tests.
    const [ann, bob] = [newId(), newId()];
    const [a, b, c, d, bobs] = [newId(), newId(), newId(), newId(), newId()];
    await aliases.remember(bobs, { person: bob, room: ROOM_A }, NOW);
    for (const [i, id] of [a, b, c].entries()) await aliases.remember(id, { person: ann, room: ROOM_A }, NOW + i);
    await aliases.owners([a], NOW + 10);
    await aliases.remember(d, { person: ann, room: ROOM_B }, NOW + 11);
    const found = await aliases.owners([a, b, c, d, bobs], NOW + 12);
    expect([...found.keys()].sort()).toEqual([a, c, d, bobs].sort());
  });

  it('keep the id just remembered even when the others were used later by another clock', async () => {
    const aliases = await make(2);
    const [ann, a, b, c] = [newId(), newId(), newId(), newId()];
    for (const id of [a, b]) await aliases.remember(id, { person: ann, room: ROOM_A }, NOW + 1000);
    await aliases.remember(c, { person: ann, room: ROOM_B }, NOW);
    const found = await aliases.owners([a, b, c], NOW + 2000);
    expect(found.size).toBe(2);
    expect(found.get(c)).toEqual({ person: ann, room: ROOM_B });
  });
});

describe.each([
  ['memory', kinds.memory],
  ['sqlite', kinds.sqlite],
])('%s aliases, by their own clock', (_kind, make) => {
  it('forget an id unused for longer than the retention, and keep one in use', async () => {
    const aliases = await make();
    const [idle, used] = [newId(), newId()];
    await aliases.remember(idle, { person: 'ann', room: ROOM_A }, NOW);
    await aliases.remember(used, { person: 'bob', room: ROOM_A }, NOW);
    expect((await aliases.owners([used], NOW + ALIAS_RETENTION_MS - DAY)).has(used)).toBe(true);
    const later = await aliases.owners([idle, used], NOW + ALIAS_RETENTION_MS + DAY);
    expect([...later.keys()]).toEqual([used]);
  });
});

describe('memory aliases', () => {
  it('hold at most their bound, forgetting the one unused longest', async () => {
    const aliases = new MemoryAliasStore(3);
    const [a, b, c, d] = [newId(), newId(), newId(), newId()];
    for (const id of [a, b, c]) await aliases.remember(id, { person: id, room: ROOM_A }, NOW);
    await aliases.owners([a], NOW + 1);
    await aliases.remember(d, { person: d, room: ROOM_A }, NOW + 2);
    expect(aliases.size).toBe(3);
    expect([...(await aliases.owners([a, b, c, d], NOW + 3)).keys()]).toEqual([a, c, d]);
  });

  it('each have a secret of their own: one process is one relay', async () => {
    expect(await new MemoryAliasStore().idSecret()).not.toBe(await new MemoryAliasStore().idSecret());
  });
});

describe('sqlite aliases', () => {
  it('write a use with a later batch rather than a commit of its own, and before a sweep', async () => {
    const db = openDatabase(fixtures.tempDir());
    onTestFinished(() => void db.close());
    const commit = new GroupCommit(db);
    const aliases = new SqliteAliasStore(db, undefined, undefined, commit);
    const id = newId();
    await aliases.remember(id, { person: 'ann', room: ROOM_A }, NOW);
    const usedAt = () =>
      (db.prepare('SELECT used_at FROM aliases WHERE alias = ?').get(id) as { used_at: number }).used_at;
    expect((await aliases.owners([id], NOW + DAY)).has(id)).toBe(true);
    expect([usedAt(), commit.stats.batches]).toEqual([NOW, 0]);
    commit.flush();
    expect([usedAt(), commit.stats.batches]).toEqual([NOW + DAY, 1]);
    await aliases.owners([id], NOW + 2 * DAY);
    aliases.sweep(NOW + 2 * DAY + ALIAS_RETENTION_MS - 1);
    expect(usedAt()).toBe(NOW + 2 * DAY);
  });

  it('keep the secret and the ids across a reopen; the sweep deletes the rows unused past the retention', async () => {
    const dataDir = fixtures.tempDir();
    const before = createSqliteStores(loadConfig({ DATA_DIR: dataDir }));
    const secret = await before.aliases.idSecret();
    const [kept, stale] = [newId(), newId()];
    await before.aliases.remember(kept, { person: 'ann', room: ROOM_A }, Date.now() - DAY);
    await before.aliases.remember(stale, { person: 'bob', room: ROOM_A }, Date.now() - ALIAS_RETENTION_MS - DAY);
    await before.close();

    const after = await fixtures.open(createSqliteStores(loadConfig({ DATA_DIR: dataDir })));
    expect(await after.aliases.idSecret()).toBe(secret);
    expect(Object.fromEntries(await after.aliases.owners([kept], Date.now()))).toEqual({
      [kept]: { person: 'ann', room: ROOM_A },
    });
    const db = openDatabase(dataDir);
    const rows = db.prepare('SELECT alias FROM aliases').all() as Array<{ alias: string }>;
    db.close();
    expect(rows.map((row) => row.alias)).toEqual([kept]);
  });
});

describe('redis aliases', () => {
  it('share one secret between nodes, set by the first to ask', async () => {
    await fixtures.redis.command(['DEL', 'samepage:id-secret']);
    const [one, two] = [await fixtures.open(redisStores()), await fixtures.open(redisStores())];
    const [first, second] = await Promise.all([one.aliases.idSecret(), two.aliases.idSecret()]);
    expect(first).toBe(second);
    expect((await fixtures.redis.command(['GET', 'samepage:id-secret'])).trim()).toBe(first);
    expect(Number(await fixtures.redis.command(['PTTL', 'samepage:id-secret']))).toBe(-1);
  });

  it('expire an id after the retention, renewed by every use', async () => {
    const { aliases } = await fixtures.open(redisStores());
    const id = newId();
    await aliases.remember(id, { person: 'ann', room: ROOM_A }, NOW);
    const key = `samepage:alias:${id}`;
    expect(Number(await fixtures.redis.command(['PTTL', key]))).toBeGreaterThan(ALIAS_RETENTION_MS - 60_000);
    await fixtures.redis.command(['PEXPIRE', key, '5000']);
    expect((await aliases.owners([id], NOW)).get(id)).toEqual({ person: 'ann', room: ROOM_A });
    expect(Number(await fixtures.redis.command(['PTTL', key]))).toBeGreaterThan(ALIAS_RETENTION_MS - 60_000);
  });

  it('delete the key of an id dropped past the bound, and expire the set of a person unseen for the retention', async () => {
    const client = createClient({ url: fixtures.redis.url });
    await client.connect();
    onTestFinished(() => client.destroy());
    const aliases = new RedisAliasStore(new StoreRedis(client, 2000), 1);
    const person = newId();
    const [old, kept] = [newId(), newId()];
    await aliases.remember(old, { person, room: ROOM_A }, NOW);
    await aliases.remember(kept, { person, room: ROOM_B }, NOW + 1);
    expect(Number(await fixtures.redis.command(['EXISTS', `samepage:alias:${old}`]))).toBe(0);
    expect(Number(await fixtures.redis.command(['EXISTS', `samepage:alias:${kept}`]))).toBe(1);
    const set = `samepage:aliases-of:${person}`;
    expect(Number(await fixtures.redis.command(['ZCARD', set]))).toBe(1);
    expect(Number(await fixtures.redis.command(['PTTL', set]))).toBeGreaterThan(ALIAS_RETENTION_MS - 60_000);
  });
});
