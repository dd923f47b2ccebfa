/**
 * SQLite's disk bounds (issue #11, "Disk"): one writer spreading messages over many rooms
 * leaves at most HISTORY_MAX_ROOMS rooms and HISTORY_MAX_MB of message records, the quietest
 * rooms go first, and the file stops growing; sends keep no text; older databases migrate.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage, DirectMessage, Envelope } from '../../protocol/index.ts';
import { loadConfig } from '../config.ts';
import { openDatabase, createSqliteStores } from '../stores/sqlite.ts';
import { openSqlite, type SqliteDatabase } from '../stores/sqlite-driver.ts';
import { SqliteHistoryStore } from '../stores/sqlite-history.ts';
import type { HistoryLimits } from '../stores/types.ts';

const dirs: string[] = [];
const toClose: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const open of toClose.splice(0)) await open.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-bounds-'));
  dirs.push(dir);
  return dir;
}

const NOW = Date.now();
const from = { id: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'Flooder' };
/** Room `r`'s `n`-th message, sent at NOW + r (so a higher room number is a more recent room). */
const message = (r: number, n = 0, text = 'x'.repeat(200)): Envelope<'text'> => ({
  id: `${String(r).padStart(6, '0')}${String(n).padStart(3, '0')}`,
  clientId: `c${r}n${n}xxxxx`,
  room: String(r).padStart(64, '0'),
  from,
  at: NOW + r,
  kind: 'text',
  body: { text },
});
/** The same message as versions before protocol v2 recorded it. */
const v1Record = (r: number, n = 0, text = 'x'.repeat(200)): ChatMessage => {
  const { kind: _kind, body: _body, ...head } = message(r, n, text);
  return { ...head, text };
};

const LIMITS: HistoryLimits = { perRoom: 500, newcomerPerRoom: 20, maxRooms: 1_000_000 };

function history(limits: Partial<HistoryLimits & { maxBytes: number }>) {
  const dir = tempDir();
  const db = openDatabase(dir);
  toClose.push(db);
  const store = new SqliteHistoryStore(db, { ...LIMITS, maxBytes: Infinity, ...limits });
  /** The main file's size once the WAL is folded into it. */
  const fileSize = (): number => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    return statSync(join(dir, 'samepage.db')).size;
  };
  return { db, store, fileSize };
}

const roomsHeld = (db: SqliteDatabase): number[] =>
  (db.prepare('SELECT DISTINCT room FROM messages ORDER BY room').all() as Array<{ room: string }>).map((row) =>
    Number(row.room),
  );
const recordBytes = (db: SqliteDatabase): number =>
  (db.prepare('SELECT total(length(CAST(message AS BLOB))) AS bytes FROM messages').get() as { bytes: number }).bytes;
const range = (first: number, last: number): number[] => Array.from({ length: last - first + 1 }, (_, n) => first + n);

describe('sqlite history on disk', () => {
  it(
    'keeps at most HISTORY_MAX_ROOMS rooms, forgets the quietest first, and stops growing',
    { timeout: 60_000 },
    async () => {
      const { db, store, fileSize } = history({ maxRooms: 1000 });
      for (let r = 1; r <= 3000; r++) for (let n = 0; n < 2; n++) await store.append(message(r, n));
      expect(roomsHeld(db)).toEqual(range(2001, 3000));
      const bounded = fileSize();
      for (let r = 3001; r <= 6000; r++) for (let n = 0; n < 2; n++) await store.append(message(r, n));
      expect(roomsHeld(db)).toEqual(range(5001, 6000));
      const later = fileSize();
      console.info(`1000 rooms kept of 3000: ${bounded} bytes on disk; of 6000: ${later} bytes`);
      expect(later).toBeLessThanOrEqual(bounded * 1.05);
      const rooms = db.prepare('SELECT count(*) AS n, total(trusted) AS messages FROM rooms').get();
      expect(rooms).toEqual({ n: 1000, messages: 2000 });
    },
  );

  it("counts a room's last message, not its first, as its activity", async () => {
    const { db, store } = history({ maxRooms: 3 });
    for (const r of [1, 2, 3]) await store.append(message(r));
    await store.append({ ...message(1, 1), at: NOW + 10 });
    await store.append(message(4));
    expect(roomsHeld(db)).toEqual([1, 3, 4]);
  });

  it(
    'keeps the message records within HISTORY_MAX_MB, forgetting the quietest rooms first',
    { timeout: 60_000 },
    async () => {
      const maxBytes = 100_000;
      const { db, store, fileSize } = history({ maxBytes });
      for (let r = 1; r <= 1500; r++) await store.append(message(r));
      const bounded = fileSize();
      for (let r = 1501; r <= 3000; r++) await store.append(message(r));
      const held = roomsHeld(db);
      expect(recordBytes(db)).toBeLessThanOrEqual(maxBytes);
      expect(recordBytes(db)).toBeGreaterThan(maxBytes - 400);
      expect(held).toEqual(range(3001 - held.length, 3000));
      console.info(
        `${held.length} rooms within ${maxBytes} bytes of records: ${bounded} → ${fileSize()} bytes on disk`,
      );
      expect(fileSize()).toBeLessThanOrEqual(bounded * 1.05);
    },
  );

  it('trims a room to its limit by the oldest ids, per lane', async () => {
    const { db, store } = history({ perRoom: 5, newcomerPerRoom: 2 });
    for (let n = 0; n < 12; n++) await store.append(message(1, n), n % 2 === 0 ? 'trusted' : 'newcomer');
    const ids = (await store.page(message(1).room, { limit: 100 })).messages.map((m) => m.id.slice(-2));
    expect(ids).toEqual(['02', '04', '06', '08', '09', '10', '11'].map((n) => n.padStart(2, '0')));
    expect(db.prepare('SELECT trusted, newcomer, bytes FROM rooms').get()).toEqual({
      trusted: 5,
      newcomer: 2,
      bytes: recordBytes(db),
    });
  });

  it('forgets expired messages from the rooms table too', async () => {
    const dir = tempDir();
    const writer = createSqliteStores({ ...loadConfig({ DATA_DIR: dir }), historyMaxRooms: 2 });
    await writer.history.append({ ...message(1), at: NOW - 40 * 86_400_000 });
    await writer.history.append({ ...message(2), at: NOW - 1000 });
    await writer.close();
    const reader = createSqliteStores({ ...loadConfig({ DATA_DIR: dir }), historyMaxRooms: 2 });
    toClose.push(reader);
    // Room 1 expired: room 3 is the second room, and room 2 is kept.
    await reader.history.append(message(3));
    expect(await reader.history.recent(message(2).room, 10)).toEqual([{ ...message(2), at: NOW - 1000 }]);
    const db = openDatabase(dir);
    toClose.push(db);
    expect(db.prepare('SELECT room FROM rooms ORDER BY room').all()).toEqual([
      { room: message(2).room },
      { room: message(3).room },
    ]);
  });
});

describe('sqlite sends', () => {
  it('write no text to disk, of a DM or a room message', async () => {
    const dir = tempDir();
    const stores = createSqliteStores(loadConfig({ DATA_DIR: dir }));
    toClose.push(stores);
    const dm = { ...message(1, 0, 'a private secret'), to: 'BBBBBBBBBBBBBBBBBBBBBB' };
    await stores.idempotency.claim('user:dm000001', dm, 60_000);
    await stores.idempotency.claim('user:room0001', message(2, 0, 'a public remark'), 60_000);
    await stores.idempotency.confirm('user:room0001');
    // The room post's claim commits at the end of this turn (its confirmation rides a later batch).
    await new Promise((resolve) => setImmediate(resolve));
    const files = ['samepage.db', 'samepage.db-wal'].map((file) => readFileSync(join(dir, file)).toString('latin1'));
    expect(files.join('')).toContain('user:room0001');
    expect(files.join('')).not.toMatch(/secret|remark/);
  });

  it('answer a send recorded by an earlier version: a room message matches its text, a DM never', async () => {
    const dir = tempDir();
    const old = openSqlite(join(dir, 'samepage.db'));
    old.exec(`
      CREATE TABLE messages (room TEXT NOT NULL, id TEXT NOT NULL, at INTEGER NOT NULL, message TEXT NOT NULL,
        PRIMARY KEY (room, id)) WITHOUT ROWID;
      CREATE TABLE sends (key TEXT PRIMARY KEY, message TEXT NOT NULL, expires_at INTEGER NOT NULL,
        lease_until INTEGER) WITHOUT ROWID;
    `);
    const sent = v1Record(1, 0, 'hello');
    const dm: DirectMessage = { ...v1Record(1, 1), to: 'BBBBBBBBBBBBBBBBBBBBBB', text: '' };
    const addSend = old.prepare('INSERT INTO sends VALUES (?, ?, ?, NULL)');
    addSend.run('user:room0001', JSON.stringify(sent), NOW + 60_000);
    addSend.run('user:dm000001', JSON.stringify(dm), NOW + 60_000);
    const addMessage = old.prepare('INSERT INTO messages VALUES (?, ?, ?, ?)');
    for (let n = 0; n < 3; n++) addMessage.run(message(1).room, message(1, n).id, NOW, JSON.stringify(v1Record(1, n)));
    old.close();

    const stores = createSqliteStores({ ...loadConfig({ DATA_DIR: dir }), historyPerRoom: 2 });
    toClose.push(stores);
    const retry = { ...message(1, 0, 'hello'), id: 'retry' };
    expect(await stores.idempotency.claim('user:room0001', retry, 60_000)).toEqual({
      status: 'accepted',
      message: message(1, 0, 'hello'),
    });
    const other = { ...retry, body: { text: 'other' } };
    expect(await stores.idempotency.claim('user:room0001', other, 60_000)).toEqual({ status: 'conflict' });
    const dmRetry = { ...message(1, 1, 'whatever was typed'), id: 'retry', to: dm.to };
    expect(await stores.idempotency.claim('user:dm000001', dmRetry, 60_000)).toEqual({ status: 'conflict' });

    // The old room's rows became trusted and counted; the next append trims it to HISTORY_PER_ROOM.
    await stores.history.append(message(1, 3));
    const kept = await stores.history.recent(message(1).room, 10);
    expect(kept.map((m) => m.id)).toEqual([message(1, 2).id, message(1, 3).id]);
    // The old record reads as a text message.
    expect(kept[0]).toEqual(message(1, 2));
  });
});
