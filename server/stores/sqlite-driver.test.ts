/**
 * The SQLite driver seam's contract (issue #16, Node 24), run against whichever driver this Node
 * picks: better-sqlite3 on Node 20 and 22, node:sqlite on 24 (`scripts/test-on-node.sh 24`).
 * The stores rely on each of these behaving as better-sqlite3 does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, SQLITE_DRIVER, type SqliteDatabase } from './sqlite-driver.ts';

const dirs: string[] = [];
const open: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-driver-'));
  dirs.push(dir);
  return join(dir, 'test.db');
}

function database(path = ':memory:'): SqliteDatabase {
  const db = openSqlite(path);
  open.push(db);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, data BLOB)');
  return db;
}

const names = (db: SqliteDatabase): string[] =>
  (db.prepare('SELECT name FROM t ORDER BY id').all() as Array<{ name: string }>).map((row) => row.name);

describe(`the SQLite driver on Node ${process.versions.node} (${SQLITE_DRIVER})`, () => {
  it('is node:sqlite from Node 24 on, better-sqlite3 before, and only the chosen one is loaded', () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(SQLITE_DRIVER).toBe(major >= 24 ? 'node:sqlite' : 'better-sqlite3');
    database().prepare('SELECT 1').get();
    const loaded = Object.keys(createRequire(import.meta.url).cache).some((path) =>
      path.includes('/node_modules/better-sqlite3/'),
    );
    expect(loaded).toBe(SQLITE_DRIVER === 'better-sqlite3');
  });

  it('prints nothing when it loads: no ExperimentalWarning for node:sqlite in the relay’s log', () => {
    const driver = new URL('sqlite-driver.ts', import.meta.url).href;
    const script = `const { openSqlite } = await import(${JSON.stringify(driver)}); openSqlite(':memory:').close();`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect({ status: child.status, stderr: child.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('answers run() with the rows changed and the last rowid', () => {
    const db = database();
    const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
    expect(insert.run('a')).toEqual({ changes: 1, lastInsertRowid: 1 });
    expect(insert.run('b')).toEqual({ changes: 1, lastInsertRowid: 2 });
    expect(db.prepare('UPDATE t SET data = NULL').run()).toMatchObject({ changes: 2 });
    expect(db.prepare('DELETE FROM t WHERE name = ?').run('none')).toMatchObject({ changes: 0 });
  });

  it('returns plain objects, undefined for no row, and binds @names, ignoring keys not in the statement', () => {
    const db = database();
    db.prepare('INSERT INTO t (id, name) VALUES (@id, @name)').run({ id: 7, name: 'seven', unused: 'x' });
    const row = db.prepare('SELECT id, name, data FROM t WHERE id = ?').get(7);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(row).toStrictEqual({ id: 7, name: 'seven', data: null });
    expect(db.prepare('SELECT * FROM t WHERE id = ?').get(8)).toBeUndefined();
    expect(
      db
        .prepare('SELECT * FROM t')
        .all()
        .map((one) => Object.getPrototypeOf(one)),
    ).toEqual([Object.prototype]);
  });

  it('gives BLOBs back as Buffers, from a Buffer or any Uint8Array', () => {
    const db = database();
    const bytes = Buffer.from([0, 1, 2, 254, 255]);
    db.prepare('INSERT INTO t (name, data) VALUES (?, ?)').run('buffer', bytes);
    db.prepare('INSERT INTO t (name, data) VALUES (?, ?)').run('array', new Uint8Array([9, 8, 7]));
    const rows = db.prepare('SELECT data FROM t ORDER BY id').all() as Array<{ data: Buffer }>;
    expect(rows.map((row) => Buffer.isBuffer(row.data))).toEqual([true, true]);
    expect(rows[0]?.data.equals(bytes)).toBe(true);
    expect(rows[1]?.data.toString('hex')).toBe('090807');
  });

  it('reads pragmas as rows, or with `simple` as the first value', () => {
    const db = database();
    db.pragma('user_version = 3');
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(db.pragma('user_version')).toEqual([{ user_version: 3 }]);
    expect((db.pragma('table_info(t)') as Array<{ name: string }>).map((column) => column.name)).toEqual([
      'id',
      'name',
      'data',
    ]);
  });

  describe('transactions', () => {
    it('commit what the function did and return what it returned', () => {
      const db = database();
      const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
      const both = db.transaction((first: string, second: string) => {
        insert.run(first);
        insert.run(second);
        return 'done';
      });
      expect(both('a', 'b')).toBe('done');
      expect(names(db)).toEqual(['a', 'b']);
    });

    it('roll back everything when the function throws, and rethrow its very error', () => {
      const db = database();
      const failure = new Error('disk full');
      const failing = db.transaction(() => {
        db.prepare('INSERT INTO t (name) VALUES (?)').run('lost');
        throw failure;
      });
      expect(failing).toThrow(failure);
      expect(names(db)).toEqual([]);
      // Not left open: a later transaction starts and commits.
      db.transaction(() => db.prepare('INSERT INTO t (name) VALUES (?)').run('kept'))();
      expect(names(db)).toEqual(['kept']);
    });

    it('nest: a failed inner one undoes only its own writes, a failed outer one undoes all', () => {
      const db = database();
      const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
      const inner = db.transaction((name: string, fail: boolean) => {
        insert.run(name);
        if (fail) throw new Error('inner');
      });
      db.transaction(() => {
        insert.run('outer');
        inner('inner kept', false);
        expect(() => inner('inner undone', true)).toThrow('inner');
        inner('after', false);
      })();
      expect(names(db)).toEqual(['outer', 'inner kept', 'after']);

      expect(
        db.transaction(() => {
          inner('undone with the outer', false);
          throw new Error('outer');
        }),
      ).toThrow('outer');
      expect(names(db)).toEqual(['outer', 'inner kept', 'after']);
    });

    it('roll back when a statement in them fails, with SQLite’s error', () => {
      const db = database();
      const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
      insert.run('taken');
      expect(
        db.transaction(() => {
          insert.run('new');
          insert.run('taken');
        }),
      ).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }) as Error);
      expect(names(db)).toEqual(['taken']);
    });
  });

  it('names SQLite’s errors as better-sqlite3 does', () => {
    const db = database();
    db.prepare('INSERT INTO t (id, name) VALUES (1, ?)').run('a');
    const failure = (run: () => unknown): unknown => {
      try {
        run();
      } catch (error) {
        return error;
      }
      throw new Error('it did not fail');
    };
    const unique = failure(() => db.prepare('INSERT INTO t (name) VALUES (?)').run('a'));
    expect(unique).toBeInstanceOf(Error);
    expect(unique).toMatchObject({
      name: 'SqliteError',
      code: 'SQLITE_CONSTRAINT_UNIQUE',
      message: 'UNIQUE constraint failed: t.name',
    });
    expect(failure(() => db.prepare('INSERT INTO t (id, name) VALUES (1, ?)').run('b'))).toMatchObject({
      code: 'SQLITE_CONSTRAINT_PRIMARYKEY',
    });
    expect(failure(() => db.prepare('INSERT INTO t (name) VALUES (NULL)').run())).toMatchObject({
      code: 'SQLITE_CONSTRAINT_NOTNULL',
    });
    expect(failure(() => db.exec('SELECT * FROM nowhere'))).toMatchObject({
      code: 'SQLITE_ERROR',
      message: 'no such table: nowhere',
    });
  });

  it('opens read-only only a file that exists, and refuses writes through it', () => {
    const path = tempFile();
    database(path).prepare('INSERT INTO t (name) VALUES (?)').run('a');
    const reader = openSqlite(path, { readonly: true });
    open.push(reader);
    expect(reader.prepare('SELECT name FROM t').all()).toEqual([{ name: 'a' }]);
    expect(() => reader.prepare('INSERT INTO t (name) VALUES (?)').run('b')).toThrow(
      expect.objectContaining({ code: 'SQLITE_READONLY' }) as Error,
    );
    expect(() => openSqlite(`${path}-absent`, { readonly: true })).toThrow(
      expect.objectContaining({ code: 'SQLITE_CANTOPEN' }) as Error,
    );
  });

  it('backs up the whole database to a file and says how many pages it copied', async () => {
    const path = tempFile();
    const db = database(path);
    db.pragma('journal_mode = WAL');
    const insert = db.prepare('INSERT INTO t (name, data) VALUES (?, ?)');
    for (let n = 0; n < 50; n++) insert.run(`row ${n}`, Buffer.alloc(1000, n));
    const source = openSqlite(path, { readonly: true });
    open.push(source);
    const copy = `${path}-copy`;
    const pages = await source.backup(copy);
    expect(pages).toBe(db.pragma('page_count', { simple: true }));
    const restored = openSqlite(copy, { readonly: true });
    open.push(restored);
    expect(restored.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 50 });
  });

  it('may be closed twice', () => {
    const db = openSqlite(':memory:');
    db.close();
    expect(() => db.close()).not.toThrow();
  });
});
