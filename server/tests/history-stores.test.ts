/**
 * The history and idempotency stores' contract, run against both implementations: the
 * in-memory one and the durable SQLite one (on a temporary data directory).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage, DirectMessage } from '../../protocol/index.ts';
import { loadConfig } from '../config.ts';
import { createMemoryStores } from '../stores/memory.ts';
import { createSqliteStores, openDatabase } from '../stores/sqlite.ts';
import type { Stores } from '../stores/types.ts';
import { newRoom } from './harness.ts';

const dirs: string[] = [];
const opened: Stores[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-store-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const stores of opened.splice(0)) await stores.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const kinds = {
  memory: (perRoom: number) => createMemoryStores({ ...loadConfig({ STORAGE: 'memory' }), historyPerRoom: perRoom }),
  sqlite: (perRoom: number, dataDir = tempDir()) =>
    createSqliteStores({ ...loadConfig({ DATA_DIR: dataDir }), historyPerRoom: perRoom }),
};

const NOW = Date.now();
const from = { id: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'Ann' };
const message = (room: string, n: number): ChatMessage => ({
  id: `m${String(n).padStart(4, '0')}`,
  clientId: `client${String(n).padStart(4, '0')}`,
  room,
  from,
  text: `text ${n}`,
  at: NOW - 10_000 + n,
});

describe.each(Object.entries(kinds))('%s history store', (_, make) => {
  function stores(perRoom = 1000): Stores {
    const created = make(perRoom);
    opened.push(created);
    return created;
  }

  it('answers the newest messages oldest first and pages both ways', async () => {
    const { history } = stores();
    const room = newRoom();
    for (let n = 1; n <= 10; n++) await history.append(message(room, n));
    await history.append(message(newRoom(), 99));
    const ids = (list: ChatMessage[]) => list.map((m) => m.id);
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
    const { history } = stores(5);
    const room = newRoom();
    for (let n = 1; n <= 12; n++) await history.append(message(room, n));
    expect((await history.page(room, { limit: 100 })).messages.map((m) => m.id)).toEqual([
      'm0008',
      'm0009',
      'm0010',
      'm0011',
      'm0012',
    ]);
  });

  it('answers a repeated key with the first message, and frees a released key', async () => {
    const { idempotency } = stores();
    const first = message(newRoom(), 1);
    expect(await idempotency.claim('user:key1', first)).toBeNull();
    expect(await idempotency.claim('user:key1', { ...first, id: 'other' })).toEqual(first);
    await idempotency.release('user:key1');
    expect(await idempotency.claim('user:key1', { ...first, id: 'again' })).toBeNull();
  });
});

describe('sqlite stores', () => {
  it('keep history and accepted sends across a reopen of the same data directory', async () => {
    const dataDir = tempDir();
    const room = newRoom();
    const before = kinds.sqlite(1000, dataDir);
    for (let n = 1; n <= 3; n++) await before.history.append(message(room, n));
    await before.idempotency.claim('user:abc12345', message(room, 3));
    await before.close();

    const after = kinds.sqlite(1000, dataDir);
    opened.push(after);
    expect((await after.history.recent(room, 50)).map((m) => m.text)).toEqual(['text 1', 'text 2', 'text 3']);
    expect(await after.idempotency.claim('user:abc12345', message(room, 4))).toEqual(message(room, 3));
  });

  it('never writes a DM text to disk, and answers a DM retry with the retry text', async () => {
    const dataDir = tempDir();
    const stores = kinds.sqlite(1000, dataDir);
    opened.push(stores);
    const dm: DirectMessage = { ...message(newRoom(), 1), to: 'BBBBBBBBBBBBBBBBBBBBBB', text: 'a private secret' };
    await stores.idempotency.claim('user:dm000001', dm);
    const db = openDatabase(dataDir);
    const rows = db.prepare('SELECT message FROM sends').all() as Array<{ message: string }>;
    db.close();
    expect(rows.map((row) => row.message).join('')).not.toContain('secret');
    expect(await stores.idempotency.claim('user:dm000001', { ...dm, id: 'retry' })).toEqual(dm);
  });

  it('deletes messages older than the age limit', async () => {
    const dataDir = tempDir();
    const room = newRoom();
    const writer = kinds.sqlite(1000, dataDir);
    const now = Date.now();
    await writer.history.append({ ...message(room, 1), at: now - 40 * 86_400_000 });
    await writer.history.append({ ...message(room, 2), at: now - 1000 });
    await writer.close();
    const reader = createSqliteStores({ ...loadConfig({ DATA_DIR: dataDir }), historyMaxAgeDays: 30 });
    opened.push(reader);
    expect((await reader.history.recent(room, 50)).map((m) => m.id)).toEqual(['m0002']);
  });

  it('says clearly when the data directory cannot be used', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'not a directory');
    expect(() => openDatabase(join(file, 'data'))).toThrow(
      /^DATA_DIR .*a-file\/data cannot hold the database: ENOTDIR/,
    );
  });
});
