/**
 * Group commit in the SQLite stores (issue #16, sqlite-batch.ts): the posts of one moment are
 * kept in one transaction, each acknowledged only once it committed; a failed batch fails all
 * its posts and loses nothing acknowledged; trims keep exactly the newest of each room; a retry
 * in the same moment is answered with the first send.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ClientEvent, REPEAT_WINDOW_MS, ServerEvent, type RoomKey, type UserId } from '../../protocol/index.ts';
import type { StoredMessage } from '../chat/stored-message.ts';
import { openDatabase } from '../stores/sqlite.ts';
import { openSqlite, type SqliteDatabase } from '../stores/sqlite-driver.ts';
import { BatchError, GroupCommit } from '../stores/sqlite-batch.ts';
import { SqliteHistoryStore } from '../stores/sqlite-history.ts';
import { SqliteIdempotencyStore } from '../stores/sqlite-idempotency.ts';
import { SqliteModerationStore } from '../stores/sqlite-moderation.ts';
import type { SentMessage } from '../stores/types.ts';
import { connectV2, newClientId, newRoom, record, serversPerTest, sleep } from './harness.ts';

const dirs: string[] = [];
const open: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-group-commit-'));
  dirs.push(dir);
  return dir;
}

/** The database as another process finds it. */
function reopened(dir: string) {
  const db = openDatabase(dir);
  open.push(db);
  return db;
}

function stores(perRoom = 500, laterMs?: number) {
  const dir = tempDir();
  const db = openDatabase(dir);
  open.push(db);
  const commit = new GroupCommit(db, undefined, laterMs);
  const history = new SqliteHistoryStore(
    db,
    { perRoom, newcomerPerRoom: 2, maxRooms: 1000, maxBytes: Infinity },
    commit,
  );
  const idempotency = new SqliteIdempotencyStore(db, 60_000, Date.now, commit);
  /** Another connection to the same file: it sees only what was committed. */
  const reader = openSqlite(join(dir, 'samepage.db'), { readonly: true });
  open.push(reader);
  const committed = (room: string): string[] =>
    (reader.prepare('SELECT id FROM messages WHERE room = ? ORDER BY id').all(room) as Array<{ id: string }>).map(
      (row) => row.id,
    );
  /** The sends whose committed record is still pending (not confirmed). */
  const pending = (): string[] =>
    (
      reader.prepare('SELECT key FROM sends WHERE lease_until IS NOT NULL ORDER BY key').all() as Array<{ key: string }>
    ).map((row) => row.key);
  return { dir, db, commit, history, idempotency, committed, pending };
}

const ROOM = 'a'.repeat(64) as RoomKey;
const message = (n: number, room: RoomKey = ROOM): StoredMessage =>
  ({
    id: `m${String(n).padStart(4, '0')}`,
    clientId: `c${n}`,
    room,
    from: { id: 'someone', name: 'Someone' },
    at: 1_800_000_000_000 + n,
    kind: 'text',
    body: { text: `message ${n}` },
    reactions: [],
  }) as unknown as StoredMessage;
const sent = (n: number): SentMessage => message(n) as unknown as SentMessage;

describe('group commit', () => {
  it('commits the posts of one turn in one transaction, and acknowledges each only after it', async () => {
    const { commit, history, idempotency, committed, pending } = stores();
    const acknowledged: string[][] = [];
    const posts = [1, 2, 3, 4, 5].map(async (n) => {
      expect(await idempotency.claim(`u:c${n}`, sent(n), 10_000)).toEqual({ status: 'claimed' });
      await history.append(message(n));
      // What the acknowledgement waits for is on disk, for any other reader.
      acknowledged.push(committed(ROOM));
      await idempotency.confirm(`u:c${n}`);
    });
    expect(commit.stats.batches).toBe(0);
    await Promise.all(posts);
    const all = [1, 2, 3, 4, 5].map((n) => message(n).id);
    expect(acknowledged).toEqual([all, all, all, all, all]);
    // The claims and messages in one transaction; the confirmations wait for the next one.
    expect(commit.stats).toEqual({ batches: 1, writes: 10 });
    for (const n of [1, 2, 3, 4, 5]) {
      expect(await idempotency.claim(`u:c${n}`, sent(n), 10_000)).toMatchObject({ status: 'accepted' });
    }
    expect(pending()).toEqual(['u:c1', 'u:c2', 'u:c3', 'u:c4', 'u:c5']);
    // The next post's transaction carries them: one commit for it, none of their own.
    expect(await idempotency.claim('u:c6', sent(6), 10_000)).toEqual({ status: 'claimed' });
    await history.append(message(6));
    expect(commit.stats).toEqual({ batches: 2, writes: 17 });
    expect(pending()).toEqual(['u:c6']);
  });

  it('commits a confirmation on its own once no other write came for a while', async () => {
    const { db, history, idempotency, pending } = stores(500, 20);
    expect(await idempotency.claim('u:c1', sent(1), 10_000)).toEqual({ status: 'claimed' });
    await history.append(message(1));
    await idempotency.confirm('u:c1');
    expect(pending()).toEqual(['u:c1']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pending()).toEqual([]);
    expect(db.prepare('SELECT lease_until FROM sends').all()).toEqual([{ lease_until: null }]);
  });

  it('answers as accepted a send whose message was kept when the process died, before its confirmation was', async () => {
    const { dir, history, idempotency } = stores();
    expect(await idempotency.claim('u:c1', sent(1), 1)).toEqual({ status: 'claimed' });
    await history.append(message(1));
    await idempotency.confirm('u:c1');
    // Killed now: what another process opens is what was committed, the record still pending.
    const after = new SqliteIdempotencyStore(reopened(dir), 60_000, () => Date.now() + 10);
    expect(await after.claim('u:c1', sent(1), 10_000)).toEqual({ status: 'accepted', message: sent(1) });
  });

  it('resumes a pending send whose message was not kept, or whose attempt abandoned it', async () => {
    const { dir, history, idempotency } = stores();
    expect(await idempotency.claim('u:c1', sent(1), 1)).toEqual({ status: 'claimed' });
    expect(await idempotency.claim('u:c2', sent(2), 1)).toEqual({ status: 'claimed' });
    await history.append(message(2));
    await idempotency.abandon('u:c2');
    const after = new SqliteIdempotencyStore(reopened(dir), 60_000, () => Date.now() + 10);
    expect(await after.claim('u:c1', sent(1), 10_000)).toEqual({ status: 'resumed', message: sent(1) });
    expect(await after.claim('u:c2', sent(2), 10_000)).toEqual({ status: 'resumed', message: sent(2) });
  });

  it('with a commit window, gathers the writes of several turns into one commit', async () => {
    const dir = tempDir();
    const db = reopened(dir);
    const commit = new GroupCommit(db, undefined, undefined, 40);
    const history = new SqliteHistoryStore(
      db,
      { perRoom: 500, newcomerPerRoom: 2, maxRooms: 1000, maxBytes: Infinity },
      commit,
    );
    const first = history.append(message(1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(commit.stats.batches).toBe(0);
    await Promise.all([first, history.append(message(2))]);
    expect(commit.stats).toEqual({ batches: 1, writes: 2 });
  });

  it('fails every post of a batch that did not commit, with a clear error, and loses nothing acknowledged', async () => {
    const { db, history, committed } = stores();
    await history.append(message(1));
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON messages WHEN NEW.id = 'm0003'
      BEGIN SELECT RAISE(ABORT, 'the disk is full'); END`);
    const batch = await Promise.allSettled([2, 3, 4].map((n) => history.append(message(n))));
    for (const outcome of batch) {
      expect(outcome.status).toBe('rejected');
      const reason = (outcome as PromiseRejectedResult).reason as Error;
      expect(reason).toBeInstanceOf(BatchError);
      expect(reason.message).toMatch(/did not keep a batch of 3 writes, none of which was kept: the disk is full/);
    }
    expect(committed(ROOM)).toEqual([message(1).id]);
    expect(db.prepare('SELECT trusted, newcomer FROM rooms').all()).toEqual([{ trusted: 1, newcomer: 0 }]);
    db.exec('DROP TRIGGER refuse');
    await history.append(message(5));
    expect(committed(ROOM)).toEqual([message(1).id, message(5).id]);
    expect(db.prepare('SELECT trusted, newcomer FROM rooms').all()).toEqual([{ trusted: 2, newcomer: 0 }]);
  });

  it('trims each room to exactly its newest messages per lane, once per batch', async () => {
    const { db, history, committed } = stores(5);
    const other = 'b'.repeat(64) as RoomKey;
    await Promise.all([
      ...Array.from({ length: 12 }, (_, n) => history.append(message(n))),
      ...Array.from({ length: 3 }, (_, n) => history.append(message(100 + n, other))),
      ...Array.from({ length: 4 }, (_, n) => history.append(message(200 + n), 'newcomer')),
    ]);
    const ids = (ns: number[]): string[] => ns.map((n) => message(n).id);
    expect(committed(ROOM)).toEqual(ids([7, 8, 9, 10, 11, 202, 203]));
    expect(committed(other)).toEqual(ids([100, 101, 102]));
    // A later batch trims again, to the same count.
    await Promise.all([12, 13].map((n) => history.append(message(n))));
    expect(committed(ROOM)).toEqual(ids([9, 10, 11, 12, 13, 202, 203]));
    const bytes = (room: string): number =>
      (
        db.prepare('SELECT total(length(CAST(message AS BLOB))) AS bytes FROM messages WHERE room = ?').get(room) as {
          bytes: number;
        }
      ).bytes;
    expect(db.prepare('SELECT trusted, newcomer, bytes FROM rooms WHERE room = ?').get(ROOM)).toEqual({
      trusted: 5,
      newcomer: 2,
      bytes: bytes(ROOM),
    });
    expect(db.prepare('SELECT trusted, newcomer, bytes FROM rooms WHERE room = ?').get(other)).toEqual({
      trusted: 3,
      newcomer: 0,
      bytes: bytes(other),
    });
  });

  it('sees a claim its batch has not committed yet', async () => {
    const { idempotency } = stores();
    expect(await idempotency.claim('u:c1', sent(1), 10_000)).toEqual({ status: 'claimed' });
    expect(await idempotency.claim('u:c1', { ...sent(1), id: 'other' }, 10_000)).toEqual({ status: 'busy' });
    await idempotency.confirm('u:c1');
    expect(await idempotency.claim('u:c1', { ...sent(1), id: 'other' }, 10_000)).toMatchObject({
      status: 'accepted',
      message: { id: message(1).id },
    });
  });
});

describe('repeated text counted in the batch', () => {
  it('counts as the statement does, seeing what the batch has not committed, and keeps it', async () => {
    const { db, commit } = stores();
    const store = new SqliteModerationStore(db, undefined, Date.now, commit);
    const [ann, bea] = ['ann' as UserId, 'bea' as UserId];
    const NOW = 1_800_000_000_000;
    const window = REPEAT_WINDOW_MS;
    // All in one turn: none committed before the last.
    const counts = await Promise.all([
      store.countRepeat(ann, 'h1', NOW, window),
      store.countRepeat(ann, 'h1', NOW + 1000, window),
      store.countRepeat(bea, 'h1', NOW + 2000, window),
      store.countRepeat(ann, 'h1', NOW + window - 1, window),
      store.countRepeat(ann, 'h1', NOW + window, window),
      store.countRepeat(ann, 'h1', NOW + window + 1, window),
      store.countRepeat(ann, 'h2', NOW + window + 2, window),
    ]);
    expect(counts).toEqual([
      { count: 1, since: NOW },
      { count: 2, since: NOW },
      { count: 1, since: NOW + 2000 },
      { count: 3, since: NOW },
      { count: 1, since: NOW + window },
      { count: 2, since: NOW + window },
      { count: 1, since: NOW + window + 2 },
    ]);
    commit.flush();
    expect(db.prepare('SELECT user, hash, count, since FROM repeats ORDER BY user').all()).toEqual([
      { user: ann, hash: 'h2', count: 1, since: NOW + window + 2 },
      { user: bea, hash: 'h1', count: 1, since: NOW + 2000 },
    ]);
    expect(await store.countRepeat(bea, 'h1', NOW + 3000, window)).toEqual({ count: 2, since: NOW + 2000 });
  });
});

describe('a retry in the same moment (sqlite storage)', () => {
  const start = serversPerTest();

  it('is answered with the first send, which is delivered and kept once', async () => {
    const server = await start({ storage: 'sqlite', dataDir: tempDir() });
    const room = newRoom();
    const [alice, bob] = (await Promise.all([connectV2(server.url), connectV2(server.url)])).map(
      ({ socket }) => socket,
    );
    if (alice === undefined || bob === undefined) throw new Error('not connected');
    await Promise.all([alice, bob].map((socket) => socket.emitWithAck(ClientEvent.RoomJoin, { room })));
    const atBob = record(bob, ServerEvent.MessagePosted);
    const post = { room, clientId: newClientId(), kind: 'text', body: { text: 'once' } } as const;
    const others = [1, 2, 3].map((n) => ({ ...post, clientId: newClientId(), body: { text: `other ${n}` } }));
    // Emitted together: they reach the relay in the same moment.
    const answers = await Promise.all(
      [post, ...others, post, post].map((request) => alice.emitWithAck(ClientEvent.MessagePost, request)),
    );
    for (const answer of answers) expect(answer.ok).toBe(true);
    const ids = answers.map((answer) => (answer.ok ? answer.message.id : ''));
    expect(ids[4]).toBe(ids[0]);
    expect(ids[5]).toBe(ids[0]);
    expect(new Set(ids).size).toBe(4);
    await sleep(100);
    expect(atBob.map((posted) => posted.body)).toEqual([
      { text: 'once' },
      { text: 'other 1' },
      { text: 'other 2' },
      { text: 'other 3' },
    ]);
    const history = await bob.emitWithAck(ClientEvent.RoomHistory, { room });
    expect(history).toMatchObject({ ok: true });
    if (history.ok) expect(history.messages.map((kept) => kept.id)).toEqual(ids.slice(0, 4));
  });
});
