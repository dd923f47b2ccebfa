/**
 * The SQLite driver seam (issue #16, Node 24): the stores, the backup and the attack bench speak
 * to `SqliteDatabase`, and `openSqlite` picks what stands behind it for the running Node.
 *
 * - Node 20 and 22: better-sqlite3 12.
 * - Node 24 and later: Node's own `node:sqlite` (DatabaseSync). better-sqlite3 12 compiled for
 *   Node 24.19 or later aborts the process at random garbage collections (`Assertion failed:
 *   (env) != nullptr` in `Statement::~Statement`, nodejs/node#65446), and better-sqlite3 13,
 *   which does not, crashes on Node 20. So Node 24 must never load better-sqlite3's addon: each
 *   driver is loaded only when a database is opened, and only the one this Node uses.
 *
 * `node:sqlite` is adapted to better-sqlite3's behaviour, which the stores were written for:
 * rows are plain objects with BLOBs as Buffers (not null-prototype objects with Uint8Arrays),
 * named parameters the statement does not use are ignored, errors carry better-sqlite3's
 * `SQLITE_*` code names, connections wait up to 5 s for a lock, transactions nest through
 * savepoints, and closing twice is harmless.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

export type SqliteParameter = null | number | bigint | string | Uint8Array;
/** Positional values, or one object whose keys are the statement's `@name`s. */
export type SqliteParameters<T> = SqliteParameter[] | [T];
/** What may bind to `@name`s: an object (an interface too) of parameter values. */
export type SqliteNamed<T> = { readonly [K in keyof T]: SqliteParameter };

export interface SqliteRunResult {
  changes: number | bigint;
  lastInsertRowid: number | bigint;
}

export interface SqliteStatement {
  run<T extends SqliteNamed<T>>(...params: SqliteParameters<T>): SqliteRunResult;
  /** The first row, or undefined when there is none. */
  get<T extends SqliteNamed<T>>(...params: SqliteParameters<T>): unknown;
  all<T extends SqliteNamed<T>>(...params: SqliteParameters<T>): unknown[];
}

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  /** `PRAGMA <source>`'s rows; with `simple`, the first column of its first row. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  /**
   * `fn` wrapped in a transaction: committed when it returns, rolled back when it throws. Called
   * inside another transaction, it runs in a savepoint of its own instead.
   */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  /** Copies the whole database to `destination` in one step; resolves with its pages. */
  backup(destination: string): Promise<number>;
  close(): void;
}

export interface SqliteOpenOptions {
  /** A read-only connection to a file that must already exist. */
  readonly?: boolean;
}

/** A failure SQLite reported; `code` is its extended result code's name (`SQLITE_CONSTRAINT_UNIQUE`). */
export class SqliteError extends Error {
  override name = 'SqliteError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Which driver `openSqlite` uses on this Node. */
export const SQLITE_DRIVER: 'node:sqlite' | 'better-sqlite3' =
  Number(process.versions.node.split('.')[0]) >= 24 ? 'node:sqlite' : 'better-sqlite3';

/** better-sqlite3's default, which node:sqlite (default 0) does not share. */
const BUSY_TIMEOUT_MS = 5000;

export function openSqlite(path: string, options: SqliteOpenOptions = {}): SqliteDatabase {
  return SQLITE_DRIVER === 'node:sqlite' ? openNodeSqlite(path, options) : openBetterSqlite3(path, options);
}

function openBetterSqlite3(path: string, { readonly = false }: SqliteOpenOptions): SqliteDatabase {
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  const db = new Database(path, { readonly, fileMustExist: readonly, timeout: BUSY_TIMEOUT_MS });
  return {
    prepare: (sql) => db.prepare<unknown[]>(sql),
    exec: (sql) => void db.exec(sql),
    pragma: (source, pragmaOptions) => db.pragma(source, pragmaOptions),
    transaction: (fn) => db.transaction(fn),
    backup: async (destination) => {
      // Returning every page from `progress` makes the next step copy all that remain: a write
      // between two steps would start the copy over, which a busy relay could do forever.
      const { totalPages } = await db.backup(destination, { progress: ({ totalPages: all }) => all });
      return totalPages;
    },
    close: () => void db.close(),
  };
}

/** The part of `node:sqlite` used here; @types/node 20 does not describe it. */
interface NodeSqliteModule {
  DatabaseSync: new (path: string, options: { readOnly: boolean; timeout: number }) => NodeSqliteDatabase;
  backup(source: NodeSqliteDatabase, destination: string, options: { rate: number }): Promise<number>;
}

interface NodeSqliteDatabase {
  readonly isOpen: boolean;
  readonly isTransaction: boolean;
  prepare(sql: string): NodeSqliteStatement;
  exec(sql: string): void;
  close(): void;
}

interface NodeSqliteStatement {
  setAllowUnknownNamedParameters(enabled: boolean): void;
  run(...params: SqliteParameters<object>): SqliteRunResult;
  get(...params: SqliteParameters<object>): Record<string, unknown> | undefined;
  all(...params: SqliteParameters<object>): Array<Record<string, unknown>>;
}

/** sqlite3_backup_step's page count: node:sqlite takes no "all" (-1), so the largest it takes. */
const ALL_PAGES = 2 ** 31 - 1;

let nodeSqlite: NodeSqliteModule | undefined;

/**
 * Loads node:sqlite without the ExperimentalWarning that early Node 24 releases print for it
 * (24.0.0 does, 24.21 no longer): here it is the supported driver, not an experiment the
 * operator chose, and the warning would read as a fault in the relay's log. Only that warning
 * is dropped, and only while the module loads.
 */
function loadNodeSqlite(): NodeSqliteModule {
  const emitWarning = process.emitWarning;
  process.emitWarning = (warning: string | Error, ...rest: unknown[]): void => {
    const sqliteWarning =
      rest[0] === 'ExperimentalWarning' && String(warning).startsWith('SQLite is an experimental feature');
    if (!sqliteWarning) Reflect.apply(emitWarning, process, [warning, ...rest]);
  };
  try {
    return process.getBuiltinModule('node:sqlite') as NodeSqliteModule;
  } finally {
    process.emitWarning = emitWarning;
  }
}

function openNodeSqlite(path: string, { readonly = false }: SqliteOpenOptions): SqliteDatabase {
  const sqlite = (nodeSqlite ??= loadNodeSqlite());
  const db = reported(() => new sqlite.DatabaseSync(path, { readOnly: readonly, timeout: BUSY_TIMEOUT_MS }));
  const exec = (sql: string): void => reported(() => db.exec(sql));
  return {
    prepare: (sql) => {
      const statement = reported(() => db.prepare(sql));
      statement.setAllowUnknownNamedParameters(true);
      return {
        run: (...params) => reported(() => statement.run(...params)),
        get: (...params) => {
          const row = reported(() => statement.get(...params));
          return row === undefined ? undefined : plainRow(row);
        },
        all: (...params) => reported(() => statement.all(...params)).map(plainRow),
      };
    },
    exec,
    pragma: (source, pragmaOptions) => {
      const statement = reported(() => db.prepare(`PRAGMA ${source}`));
      if (pragmaOptions?.simple !== true) return reported(() => statement.all()).map(plainRow);
      const row = reported(() => statement.get());
      return row === undefined ? undefined : Object.values(plainRow(row))[0];
    },
    // better-sqlite3's algorithm, savepoint name included, so both nest and fail alike.
    transaction:
      (fn) =>
      (...args) => {
        const nested = db.isTransaction;
        exec(nested ? 'SAVEPOINT `\t_bs3.`' : 'BEGIN');
        try {
          const result = fn(...args);
          exec(nested ? 'RELEASE `\t_bs3.`' : 'COMMIT');
          return result;
        } catch (error) {
          // SQLite may have rolled back already (a full disk, say); a second rollback would fail.
          if (db.isTransaction) {
            if (nested) {
              exec('ROLLBACK TO `\t_bs3.`');
              exec('RELEASE `\t_bs3.`');
            } else exec('ROLLBACK');
          }
          throw error;
        }
      },
    backup: (destination) => sqlite.backup(db, destination, { rate: ALL_PAGES }).catch(rethrown),
    close: () => {
      if (db.isOpen) db.close();
    },
  };
}

/** A copy with an ordinary prototype, BLOBs as Buffers (sharing their memory). */
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    plain[column] = value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
  }
  return plain;
}

function reported<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    return rethrown(error);
  }
}

/** node:sqlite's errors (`ERR_SQLITE_ERROR`, the number in `errcode`) as better-sqlite3's. */
function rethrown(error: unknown): never {
  const { code, errcode } = (error ?? {}) as { code?: unknown; errcode?: unknown };
  if (code !== 'ERR_SQLITE_ERROR' || typeof errcode !== 'number' || !(error instanceof Error)) throw error;
  throw new SqliteError(error.message, codeName(errcode));
}

/** sqlite3.h's primary result codes, by number. */
const PRIMARY = [
  'OK', 'ERROR', 'INTERNAL', 'PERM', 'ABORT', 'BUSY', 'LOCKED', 'NOMEM', 'READONLY', 'INTERRUPT', 'IOERR',
  'CORRUPT', 'NOTFOUND', 'FULL', 'CANTOPEN', 'PROTOCOL', 'EMPTY', 'SCHEMA', 'TOOBIG', 'CONSTRAINT', 'MISMATCH',
  'MISUSE', 'NOLFS', 'AUTH', 'FORMAT', 'RANGE', 'NOTADB',
]; // prettier-ignore

/** Extended codes: primary code | (n << 8) is the n-th name of its list ('' where none is). */
const EXTENDED: Readonly<Record<number, readonly string[]>> = {
  1: ['MISSING_COLLSEQ', 'RETRY', 'SNAPSHOT', 'RESERVESIZE', 'KEY', 'UNABLE'],
  4: ['', 'ROLLBACK'],
  5: ['RECOVERY', 'SNAPSHOT', 'TIMEOUT'],
  6: ['SHAREDCACHE', 'VTAB'],
  8: ['RECOVERY', 'CANTLOCK', 'ROLLBACK', 'DBMOVED', 'CANTINIT', 'DIRECTORY'],
  10: [
    'READ', 'SHORT_READ', 'WRITE', 'FSYNC', 'DIR_FSYNC', 'TRUNCATE', 'FSTAT', 'UNLOCK', 'RDLOCK', 'DELETE',
    'BLOCKED', 'NOMEM', 'ACCESS', 'CHECKRESERVEDLOCK', 'LOCK', 'CLOSE', 'DIR_CLOSE', 'SHMOPEN', 'SHMSIZE',
    'SHMLOCK', 'SHMMAP', 'SEEK', 'DELETE_NOENT', 'MMAP', 'GETTEMPPATH', 'CONVPATH', 'VNODE', 'AUTH',
    'BEGIN_ATOMIC', 'COMMIT_ATOMIC', 'ROLLBACK_ATOMIC', 'DATA', 'CORRUPTFS', 'IN_PAGE',
  ],
  11: ['VTAB', 'SEQUENCE', 'INDEX'],
  14: ['NOTEMPDIR', 'ISDIR', 'FULLPATH', 'CONVPATH', 'DIRTYWAL', 'SYMLINK'],
  19: [
    'CHECK', 'COMMITHOOK', 'FOREIGNKEY', 'FUNCTION', 'NOTNULL', 'PRIMARYKEY', 'TRIGGER', 'UNIQUE', 'VTAB',
    'ROWID', 'PINNED', 'DATATYPE',
  ],
  23: ['USER'],
}; // prettier-ignore

/** The name better-sqlite3 gives a result code. */
function codeName(errcode: number): string {
  const primary = PRIMARY[errcode & 0xff];
  const n = errcode >> 8;
  const extended = n === 0 ? '' : EXTENDED[errcode & 0xff]?.[n - 1];
  if (primary === undefined || extended === undefined || (n > 0 && extended === '')) {
    return `UNKNOWN_SQLITE_ERROR_${errcode}`;
  }
  return n === 0 ? `SQLITE_${primary}` : `SQLITE_${primary}_${extended}`;
}
