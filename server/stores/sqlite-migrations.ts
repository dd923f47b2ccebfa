/**
 * The database's schema version (`PRAGMA user_version`: the number of migrations applied) and
 * the migrations that bring a database written by an earlier version up to this one, run at
 * each open in order, each in its own transaction with the version it reaches, so a crash
 * midway leaves the database at the last version that completed.
 *
 * Databases written before versions were kept read 0, whatever their tables: the first
 * migrations therefore check what is there before changing it (as they did when they ran at
 * every start) and are safe on any of those. Later ones may rely on the version alone.
 *
 * The tables of the other stores (identities, grants, moderation, aliases, mailbox) are created
 * by their stores when the relay starts, after the migrations: a migration that changes one of
 * them must allow for a database that does not have it yet.
 */
import type { SqliteDatabase } from './sqlite-driver.ts';
import { migrateHistory } from './sqlite-history.ts';
import { migrateSends } from './sqlite-idempotency.ts';

const BASE = `
  CREATE TABLE IF NOT EXISTS messages (
    room TEXT NOT NULL,
    id TEXT NOT NULL,
    at INTEGER NOT NULL,
    message TEXT NOT NULL,
    lane TEXT NOT NULL DEFAULT 'trusted',
    PRIMARY KEY (room, id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS messages_by_time ON messages (at);
  CREATE TABLE IF NOT EXISTS sends (
    key TEXT PRIMARY KEY,
    message TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    lease_until INTEGER,
    hash TEXT
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS sends_by_expiry ON sends (expires_at);
`;

export type Migration = (db: SqliteDatabase) => void;

/** In order: append only, never edit or remove one that has shipped. */
const MIGRATIONS: readonly Migration[] = [(db) => db.exec(BASE), migrateHistory, migrateSends];

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
}

export function schemaVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies the migrations `db` lacks (`migrations`: this code's, unless a test brings its own).
 * A database of a newer version is refused rather than opened: this code would misread what it
 * does not know, and an older relay must not write rows a newer one would then misread.
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = MIGRATIONS): void {
  const found = schemaVersion(db);
  if (found > migrations.length) {
    throw new SchemaTooNewError(
      `its schema version is ${found}, newer than this relay's ${migrations.length}: ` +
        'run the release that wrote it (or a later one), or restore a backup made by this release',
    );
  }
  for (const [index, step] of migrations.entries()) {
    if (index < found) continue;
    db.transaction(() => {
      step(db);
      db.pragma(`user_version = ${index + 1}`);
    })();
  }
}
