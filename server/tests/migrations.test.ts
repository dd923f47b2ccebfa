/**
 * The database's schema version and migrations (issue #17): a database written by an earlier
 * release (fixtures/schema-e992417.sql, the first with SQLite) opens with its data intact and
 * at the current version; a database newer than the code is refused, by the relay too.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../stores/sqlite.ts';
import { openSqlite, type SqliteDatabase } from '../stores/sqlite-driver.ts';
import { SqliteHistoryStore } from '../stores/sqlite-history.ts';
import { migrate, SCHEMA_VERSION, schemaVersion } from '../stores/sqlite-migrations.ts';
import { spawnServer } from './process.ts';

const FIXTURE = readFileSync(new URL('fixtures/schema-e992417.sql', import.meta.url), 'utf8');
const ROOM = '5f0c3a1e9b7d4c2a8e6f1b3d5c7a9e0f2b4d6c8a0e1f3b5d7c9a2e4f6b8d0c1a';

const dirs: string[] = [];
const toClose: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of toClose.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A data directory holding a database made by `setup`, written the way an older relay would. */
function dataDirWith(setup: (db: SqliteDatabase) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-migrations-'));
  dirs.push(dir);
  const db = openSqlite(join(dir, 'samepage.db'));
  setup(db);
  db.close();
  return dir;
}

function opened(dir: string): SqliteDatabase {
  const db = openDatabase(dir);
  toClose.push(db);
  return db;
}

describe('a database written by release e992417', () => {
  it('opens at the current schema version with its history and sends intact', async () => {
    const db = opened(dataDirWith((old) => old.exec(FIXTURE)));
    expect(SCHEMA_VERSION).toBeGreaterThan(0);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);

    const history = new SqliteHistoryStore(db, { perRoom: 500, newcomerPerRoom: 20, maxRooms: 10, maxBytes: Infinity });
    const kept = await history.recent(ROOM, 10);
    expect(kept.map((message) => [message.from.name, message.kind, message.body])).toEqual([
      ['Alice', 'text', { text: 'Hello, anyone reading this page?' }],
      ['Bob', 'text', { text: "Yes! It's a good article." }],
      ['Alice', 'text', { text: 'The part about WAL is new to me.' }],
    ]);
    expect(kept[2]).toMatchObject({ id: '0mwm0q4sg0000k3x9', clientId: 'c2Kq7pZt2w', room: ROOM, at: 1795000120000 });
    // The later migrations' tables and columns, filled from the old rows.
    expect(db.prepare('SELECT room, trusted, newcomer FROM rooms').all()).toEqual([
      { room: ROOM, trusted: 3, newcomer: 0 },
    ]);
    expect(db.prepare('SELECT key, expires_at, lease_until, hash FROM sends').all()).toEqual([
      { key: 'Qm9iIHRoZSBidWlsZGVyIQ:c2Kq7pZt2w', expires_at: 1795086520000, lease_until: null, hash: null },
    ]);
  });

  it('is left as it is when opened again', () => {
    const dir = dataDirWith((old) => old.exec(FIXTURE));
    openDatabase(dir).close();
    const db = opened(dir);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 3 });
  });
});

describe('the schema version', () => {
  it('of a new database is the current one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'samepage-migrations-'));
    dirs.push(dir);
    expect(schemaVersion(opened(dir))).toBe(SCHEMA_VERSION);
  });

  it('refuses a database newer than the code and creates nothing in it', () => {
    const dir = dataDirWith((newer) => newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`));
    expect(() => openDatabase(dir)).toThrow(
      `its schema version is ${SCHEMA_VERSION + 1}, newer than this relay's ${SCHEMA_VERSION}`,
    );
    const db = openSqlite(join(dir, 'samepage.db'), { readonly: true });
    toClose.push(db);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([]);
  });

  it('stays at the last migration that completed when one fails', () => {
    const db = openSqlite(':memory:');
    toClose.push(db);
    const migrations = [
      (db: SqliteDatabase) => db.exec('CREATE TABLE first (a)'),
      (db: SqliteDatabase) => {
        db.exec('CREATE TABLE second (b)');
        throw new Error('disk full');
      },
    ];
    expect(() => migrate(db, migrations)).toThrow('disk full');
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'first' }]);
  });

  it(
    'stops the relay from starting on a newer database, saying why',
    { timeout: 30_000 },
    async ({ onTestFinished }) => {
      const dir = dataDirWith((newer) => newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`));
      const relay = await spawnServer({ STORAGE: 'sqlite', DATA_DIR: dir }, onTestFinished);
      expect(await relay.exited).toEqual({ code: 1, signal: null });
      expect(relay.stderr()).toContain(`its schema version is ${SCHEMA_VERSION + 1}, newer than this relay's`);
    },
  );
});
