/**
 * The history and idempotency stores' and the token buckets' contract, run against every implementation: in memory,
 * SQLite (on a temporary data directory) and Redis (a real redis-server started for this file).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it, onTestFinished } from 'vitest';
import { failure, type ChangeEnvelope, type Envelope } from '../../protocol/index.ts';
import { applyToStored, type StoredMessage } from '../chat/stored-message.ts';
import { loadConfig } from '../config.ts';
import { createMemoryStores } from '../stores/memory.ts';
import { createRedisStores } from '../stores/redis.ts';
import { createSqliteStores, openDatabase } from '../stores/sqlite.ts';
import { openSqlite } from '../stores/sqlite-driver.ts';
import type { Stores } from '../stores/types.ts';
import { newRoom, sleep } from './harness.ts';
import { storeFixtures } from './store-fixtures.ts';

const fixtures = storeFixtures('samepage-store-');

const kinds = {
  memory: (perRoom: number) => createMemoryStores({ ...loadConfig({ STORAGE: 'memory' }), historyPerRoom: perRoom }),
  sqlite: (perRoom: number, dataDir = fixtures.tempDir()) =>
    createSqliteStores({ ...loadConfig({ DATA_DIR: dataDir }), historyPerRoom: perRoom }),
  redis: (perRoom: number) =>
    createRedisStores({ ...loadConfig({}), redisUrl: fixtures.redis.url, historyPerRoom: perRoom }, Fastify().log),
};

const NOW = Date.now();
const from = { id: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'Ann' };
type Text = Envelope<'text'>;
const message = (room: string, n: number, text = `text ${n}`): Text => ({
  id: `m${String(n).padStart(4, '0')}`,
  clientId: `client${String(n).padStart(4, '0')}`,
  room,
  from,
  at: NOW - 10_000 + n,
  kind: 'text',
  body: { text },
});
/** A DM's draft: a text envelope with an addressee. */
const dmOf = (sent: Text, text = sent.body.text, to = 'BBBBBBBBBBBBBBBBBBBBBB'): Text => ({
  ...sent,
  to,
  body: { text },
});
const textOf = (stored: StoredMessage): string | null => (stored.kind === 'text' ? (stored.body?.text ?? null) : null);
const ids = (list: ReadonlyArray<{ id: string }>) => list.map((m) => m.id);
const LEASE_MS = 60_000;
let keys = 0;
const newKey = (): string => `user:key${++keys}`;

describe.each(Object.entries(kinds))('%s stores', (kind, make) => {
  const stores = (perRoom = 1000): Promise<Stores> => fixtures.open(make(perRoom));

  it('answers the newest messages oldest first and pages both ways', async () => {
    const { history } = await stores();
    const room = newRoom();
    for (let n = 1; n <= 10; n++) await history.append(message(room, n));
    await history.append(message(newRoom(), 99));
    expect(ids(await history.recent(room, 3))).toEqual(['m0008', 'm0009', 'm0010']);
    expect(await history.page(room, { limit: 4 })).toEqual({
      messages: [7, 8, 9, 10].map((n) => message(room, n)),
      hasMore: true,
    });
    const back = await history.page(room, { before: 'm0007', limit: 4 });
    expect([ids(back.messages), back.hasMore]).toEqual([['m0003', 'm0004', 'm0005', 'm0006'], true]);
    const start = await history.page(room, { before: 'm0003', limit: 4 });
    expect([ids(start.messages), start.hasMore]).toEqual([['m0001', 'm0002'], false]);
    const forward = await history.page(room, { after: 'm0005', limit: 3 });
    expect([ids(forward.messages), forward.hasMore]).toEqual([['m0006', 'm0007', 'm0008'], true]);
    const end = await history.page(room, { after: 'm0008', limit: 3 });
    expect([ids(end.messages), end.hasMore]).toEqual([['m0009', 'm0010'], false]);
    expect(await history.page(newRoom(), { limit: 5 })).toEqual({ messages: [], hasMore: false });
  });

  it('keeps at most the configured number of messages per room', async () => {
    const { history } = await stores(5);
    const room = newRoom();
    for (let n = 1; n <= 12; n++) await history.append(message(room, n));
    expect(ids((await history.page(room, { limit: 100 })).messages)).toEqual([
      'm0008',
      'm0009',
      'm0010',
      'm0011',
      'm0012',
    ]);
  });

  it('keeps messages in id order whatever order they arrive in, and each id once', async () => {
    const { history } = await stores();
    const room = newRoom();
    for (const n of [2, 4, 1, 3, 4, 1]) await history.append(message(room, n));
    expect(await history.recent(room, 10)).toEqual([1, 2, 3, 4].map((n) => message(room, n)));
  });

  it('answers a claimed key busy while its lease runs, accepted once confirmed, and free once released', async () => {
    const { idempotency } = await stores();
    const first = message(newRoom(), 1);
    const key = newKey();
    expect(await idempotency.claim(key, first, LEASE_MS)).toEqual({ status: 'claimed' });
    expect(await idempotency.claim(key, { ...first, id: 'other' }, LEASE_MS)).toEqual({ status: 'busy' });
    await idempotency.confirm(key);
    expect(await idempotency.claim(key, { ...first, id: 'other' }, LEASE_MS)).toEqual({
      status: 'accepted',
      message: first,
    });
    await idempotency.release(key);
    expect(await idempotency.claim(key, { ...first, id: 'again' }, LEASE_MS)).toEqual({ status: 'claimed' });
  });

  it('lets a retry resume, with the same message, a claim whose lease ran out unconfirmed', async () => {
    const { idempotency } = await stores();
    const first = message(newRoom(), 1);
    const key = newKey();
    expect(await idempotency.claim(key, first, 100)).toEqual({ status: 'claimed' });
    await sleep(150);
    expect(await idempotency.claim(key, { ...first, id: 'retry' }, LEASE_MS)).toEqual({
      status: 'resumed',
      message: first,
    });
    expect(await idempotency.claim(key, { ...first, id: 'second retry' }, LEASE_MS)).toEqual({ status: 'busy' });
    await idempotency.confirm(key);
    expect(await idempotency.claim(key, first, LEASE_MS)).toMatchObject({ status: 'accepted' });
  });

  it('lets a retry resume at once a claim its attempt abandoned, and not a delivered one', async () => {
    const { idempotency } = await stores();
    const first = message(newRoom(), 1);
    const [cut, done] = [newKey(), newKey()];
    await idempotency.claim(cut, first, LEASE_MS);
    await idempotency.abandon(cut);
    expect(await idempotency.claim(cut, { ...first, id: 'retry' }, LEASE_MS)).toEqual({
      status: 'resumed',
      message: first,
    });
    await idempotency.claim(done, first, LEASE_MS);
    await idempotency.confirm(done);
    await idempotency.abandon(done);
    expect(await idempotency.claim(done, first, LEASE_MS)).toMatchObject({ status: 'accepted' });
  });

  it(`keeps no DM text${kind === 'memory' ? '' : ' in its storage'}, and answers a DM retry with the text delivered`, async () => {
    const { idempotency } = await stores();
    const dm = dmOf(message(newRoom(), 1), 'a private secret');
    const key = newKey();
    await idempotency.claim(key, dm, LEASE_MS);
    await idempotency.confirm(key);
    expect(await idempotency.claim(key, { ...dm, id: 'retry' }, LEASE_MS)).toEqual({
      status: 'accepted',
      message: dm,
    });
  });

  it('refuses a claim whose draft differs from the send under its key, and leaves the send as it was', async () => {
    const { idempotency } = await stores();
    const sent = message(newRoom(), 1);
    const dm = dmOf(message(newRoom(), 2));
    const [roomKey, dmKey] = [newKey(), newKey()];
    await idempotency.claim(roomKey, sent, LEASE_MS);
    await idempotency.claim(dmKey, dm, 100);
    await idempotency.confirm(roomKey);
    await sleep(150); // the DM's lease ran out: a mismatched claim must not take it over
    const others: Array<[string, Envelope]> = [
      [roomKey, { ...sent, id: 'retry', body: { text: 'other text' } }],
      [roomKey, { ...sent, id: 'retry', room: newRoom() }],
      [roomKey, { ...sent, id: 'retry', to: 'BBBBBBBBBBBBBBBBBBBBBB' }],
      [roomKey, { ...sent, id: 'retry', body: { text: sent.body.text, mentions: [from.id] } }],
      [roomKey, { ...sent, id: 'retry', kind: 'delete', body: { target: 'm0001' } }],
      [dmKey, { ...dm, id: 'retry', body: { text: 'other text' } }],
      [dmKey, { ...dm, id: 'retry', to: 'CCCCCCCCCCCCCCCCCCCCCC' }],
      [dmKey, { ...message(dm.room, 2), id: 'retry' }],
    ];
    for (const [key, draft] of others)
      expect(await idempotency.claim(key, draft, LEASE_MS)).toEqual({ status: 'conflict' });
    expect(await idempotency.claim(roomKey, sent, LEASE_MS)).toEqual({ status: 'accepted', message: sent });
    expect(await idempotency.claim(dmKey, { ...dm, id: 'retry' }, LEASE_MS)).toEqual({
      status: 'resumed',
      message: dm,
    });
  });

  it('keeps newcomers apart: a flood of new identities pushes out neither the history nor its view', async () => {
    const { history } = await stores(40);
    const room = newRoom();
    const real = Array.from({ length: 30 }, (_, n) => message(room, n + 1));
    for (const sent of real) await history.append(sent);
    const flood: Text[] = [];
    for (let identity = 0; identity < 51; identity++) {
      const sender = { id: `newcomer${String(identity).padStart(14, '0')}`, name: 'Spam' };
      for (let n = 0; n < 10; n++) flood.push({ ...message(room, 100 + identity * 10 + n, 'spam'), from: sender });
    }
    for (const spam of flood) await history.append(spam, 'newcomer');

    const view = await history.recent(room, 50);
    expect(view.filter((m) => textOf(m) !== 'spam')).toEqual(real);
    expect(ids(view.filter((m) => textOf(m) === 'spam'))).toEqual(ids(flood.slice(-10)));
    expect(ids(view)).toEqual([...ids(view)].sort());
    expect(ids(await history.recent(room, 4))).toEqual(['m0027', 'm0028', 'm0029', 'm0030']);

    // Kept: every trusted message and the newest NEWCOMER_HISTORY_PER_ROOM (20) of the flood, in id order.
    const kept = [...real, ...flood.slice(-20)];
    const backwards: StoredMessage[] = [];
    for (let before: string | undefined, more = true; more;) {
      const page = await history.page(room, { ...(before === undefined ? {} : { before }), limit: 7 });
      backwards.unshift(...page.messages);
      [before, more] = [page.messages[0]?.id, page.hasMore];
    }
    expect(backwards).toEqual(kept);
    const forwards: StoredMessage[] = [];
    for (let after = 'm0000', more = true; more;) {
      const page = await history.page(room, { after, limit: 9 });
      forwards.push(...page.messages);
      [after, more] = [page.messages.at(-1)?.id ?? after, page.hasMore];
    }
    expect(forwards).toEqual(kept);

    // The trusted lane still holds its own HISTORY_PER_ROOM (40) and gives newcomers a fifth of a view.
    for (let n = 31; n <= 45; n++) await history.append(message(room, n));
    const later = await history.recent(room, 50);
    expect(ids(later.filter((m) => textOf(m) !== 'spam'))).toEqual(
      ids(Array.from({ length: 40 }, (_, n) => message(room, n + 6))),
    );
    expect(later.filter((m) => textOf(m) === 'spam')).toHaveLength(10);
  });

  it('keeps a message once when it is appended again in the other lane', async () => {
    const { history } = await stores();
    const room = newRoom();
    await history.append(message(room, 1), 'newcomer');
    await history.append(message(room, 1));
    await history.append(message(room, 2));
    await history.append(message(room, 2), 'newcomer');
    expect(ids((await history.page(room, { limit: 10 })).messages)).toEqual(['m0001', 'm0002']);
  });

  it('finds a message by id in its room only, in either lane', async () => {
    const { history } = await stores();
    const room = newRoom();
    await history.append(message(room, 1));
    await history.append(message(room, 2), 'newcomer');
    expect(await history.find(room, 'm0001')).toEqual(message(room, 1));
    expect(await history.find(room, 'm0002')).toEqual(message(room, 2));
    expect(await history.find(room, 'm0003')).toBeNull();
    expect(await history.find(newRoom(), 'm0001')).toBeNull();
  });

  it('updates a message in place: the change is kept, a refusal or a change to nothing writes nothing', async () => {
    const { history } = await stores();
    const room = newRoom();
    for (let n = 1; n <= 3; n++) await history.append(message(room, n));
    const edited = { ...message(room, 2, 'edited'), editedAt: NOW };
    expect(await history.update(room, 'm0002', () => edited)).toEqual(edited);
    expect(await history.find(room, 'm0002')).toEqual(edited);
    const refused = failure('bad_request', 'no');
    expect(await history.update(room, 'm0001', () => refused)).toEqual(refused);
    expect(await history.update(room, 'm0001', (current) => current)).toEqual(message(room, 1));
    expect(await history.update(room, 'm0009', () => edited)).toBeNull();
    expect(await history.update(newRoom(), 'm0002', () => edited)).toBeNull();
    expect(await history.recent(room, 10)).toEqual([message(room, 1), edited, message(room, 3)]);
    const page = await history.page(room, { after: 'm0001', limit: 10 });
    expect(page.messages).toEqual([edited, message(room, 3)]);
  });

  it('applies changes to one message one at a time: concurrent reactions all count', async () => {
    const { history } = await stores();
    const room = newRoom();
    await history.append(message(room, 1));
    const reaction = (n: number): ChangeEnvelope => ({
      ...message(room, 100 + n),
      from: { id: `reactor${String(n).padStart(15, '0')}`, name: 'R' },
      kind: 'reaction',
      body: { target: 'm0001', emoji: '👍', on: true },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        history.update(room, 'm0001', (current) => applyToStored(current, reaction(n))),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === null || !('id' in outcome))).toEqual([]);
    const kept = await history.find(room, 'm0001');
    expect(kept?.reactions?.[0]?.users).toHaveLength(20);
    const deleted = await history.update(room, 'm0001', (current) =>
      applyToStored(current, { ...message(room, 200), kind: 'delete', body: { target: 'm0001' } }),
    );
    expect(deleted).toMatchObject({ id: 'm0001', body: null, deletedAt: NOW - 10_000 + 200 });
    expect(await history.find(room, 'm0001')).toEqual(deleted);
  });

  it('keeps the key a member published with presence: kept by a join without one, renamed by another', async () => {
    const presence = (await stores()).presence;
    const room = newRoom();
    const [k1, k2] = ['1'.repeat(43), '2'.repeat(43)];
    const ann = { id: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'Ann' };
    const bob = { id: 'BBBBBBBBBBBBBBBBBBBBBB', name: 'Bob' };
    expect(await presence.join(room, { ...ann, key: k1 }, 'c1', 10)).toMatchObject({ first: true, renamed: false });
    expect(await presence.join(room, ann, 'c2', 10)).toMatchObject({ first: false, renamed: false });
    expect(await presence.join(room, bob, 'c3', 10)).toMatchObject({ first: true });
    expect((await presence.members(room, 10)).members).toEqual([{ ...ann, key: k1 }, bob]);
    expect(await presence.join(room, { ...ann, key: k1 }, 'c4', 10)).toMatchObject({ renamed: false });
    expect(await presence.join(room, { ...ann, key: k2 }, 'c5', 10)).toMatchObject({ renamed: true });
    expect((await presence.members(room, 10)).members).toEqual([{ ...ann, key: k2 }, bob]);
    for (const connection of ['c1', 'c2', 'c4', 'c5']) await presence.leave(room, ann.id, connection);
    await presence.join(room, ann, 'c6', 10);
    expect((await presence.members(room, 10)).members).toEqual([bob, ann]);
  });

  it('takes several tokens at once from a bucket, and nothing when it refuses', async () => {
    const bucket = (await stores()).limiter(`cost-${kind}`, { burst: 10, refillMs: 60_000 });
    const key = newKey();
    expect(await bucket.take(key, 4)).toBe(0);
    expect(await bucket.take(key, 4)).toBe(0);
    // Two tokens left (and a sliver refilled meanwhile): four more are about two minutes away.
    const wait = await bucket.take(key, 4);
    expect(wait).toBeGreaterThan(110_000);
    expect(wait).toBeLessThanOrEqual(120_000);
    expect(await bucket.take(key, 2)).toBe(0);
    expect(await bucket.take(key)).toBeGreaterThan(0);
  });
});

describe('sqlite stores', () => {
  it('keep history and accepted sends across a reopen of the same data directory', async () => {
    const dataDir = fixtures.tempDir();
    const room = newRoom();
    const before = kinds.sqlite(1000, dataDir);
    for (let n = 1; n <= 3; n++) await before.history.append(message(room, n));
    await before.idempotency.claim('user:abc12345', message(room, 3), LEASE_MS);
    await before.idempotency.confirm('user:abc12345');
    await before.close();

    const after = kinds.sqlite(1000, dataDir);
    await fixtures.open(after);
    expect((await after.history.recent(room, 50)).map(textOf)).toEqual(['text 1', 'text 2', 'text 3']);
    expect(await after.idempotency.claim('user:abc12345', { ...message(room, 3), id: 'retry' }, LEASE_MS)).toEqual({
      status: 'accepted',
      message: message(room, 3),
    });
  });

  it('never writes a DM text to disk', async () => {
    const dataDir = fixtures.tempDir();
    const stores = kinds.sqlite(1000, dataDir);
    await fixtures.open(stores);
    const dm = dmOf(message(newRoom(), 1), 'a private secret');
    await stores.idempotency.claim('user:dm000001', dm, LEASE_MS);
    const db = openDatabase(dataDir);
    const rows = db.prepare('SELECT message FROM sends').all() as Array<{ message: string }>;
    db.close();
    expect(rows.map((row) => row.message).join('')).not.toContain('secret');
  });

  it('opens a database written before sends had leases, and answers its sends as delivered', async () => {
    const dataDir = fixtures.tempDir();
    const old = openSqlite(join(dataDir, 'samepage.db'));
    old.exec(
      'CREATE TABLE sends (key TEXT PRIMARY KEY, message TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID',
    );
    const sent = message(newRoom(), 1);
    old.prepare('INSERT INTO sends VALUES (?, ?, ?)').run('user:old00001', JSON.stringify(sent), Date.now() + 60_000);
    old.close();
    const stores = kinds.sqlite(1000, dataDir);
    await fixtures.open(stores);
    expect(await stores.idempotency.claim('user:old00001', { ...sent, id: 'retry' }, LEASE_MS)).toEqual({
      status: 'accepted',
      message: sent,
    });
  });

  it('deletes messages older than the age limit', async () => {
    const dataDir = fixtures.tempDir();
    const room = newRoom();
    const writer = kinds.sqlite(1000, dataDir);
    const now = Date.now();
    await writer.history.append({ ...message(room, 1), at: now - 40 * 86_400_000 });
    await writer.history.append({ ...message(room, 2), at: now - 1000 });
    await writer.close();
    const reader = createSqliteStores({ ...loadConfig({ DATA_DIR: dataDir }), historyMaxAgeDays: 30 });
    await fixtures.open(reader);
    expect((await reader.history.recent(room, 50)).map((m) => m.id)).toEqual(['m0002']);
  });

  it('says clearly when the data directory cannot be used', () => {
    const file = join(fixtures.tempDir(), 'a-file');
    writeFileSync(file, 'not a directory');
    expect(() => openDatabase(join(file, 'data'))).toThrow(
      /^DATA_DIR .*a-file\/data cannot hold the database: ENOTDIR/,
    );
  });
});

describe('redis stores', () => {
  it('keep no DM text in Redis', async () => {
    const stores = await fixtures.open(kinds.redis(1000));
    const dm = dmOf(message(newRoom(), 1), 'a private secret');
    await stores.idempotency.claim('user:dm000002', dm, LEASE_MS);
    const dump = await fixtures.redis.command(['HGETALL', 'samepage:claim:user:dm000002']);
    expect(dump).toContain(dm.id);
    expect(dump).not.toContain('secret');
  });

  it('never send a DM text to Redis, not even as a script argument (which its slow log would keep)', async () => {
    const stores = await fixtures.open(kinds.redis(1000));
    await fixtures.redis.command(['CONFIG', 'SET', 'slowlog-log-slower-than', '0']);
    onTestFinished(async () => {
      await fixtures.redis.command(['CONFIG', 'SET', 'slowlog-log-slower-than', '10000']);
    });
    await fixtures.redis.command(['SLOWLOG', 'RESET']);
    const room = newRoom();
    await stores.idempotency.claim(newKey(), dmOf(message(room, 3), 'a private secret'), LEASE_MS);
    await stores.idempotency.claim(newKey(), message(room, 4, 'a public remark'), LEASE_MS);
    const logged = await fixtures.redis.command(['SLOWLOG', 'GET', '1000']);
    expect(logged).toContain('a public remark');
    expect(logged).not.toContain('secret');
  });
});
