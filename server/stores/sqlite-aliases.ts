/**
 * Ids per room in the SQLite database: the relay's id secret in a row of its own, so ids stay
 * the same across restarts, and one row per id handed out with whose it is and when it was
 * last used. Rows unused for ALIAS_RETENTION_MS are deleted by the stores' sweep (`sweep`).
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { UserId } from '../../protocol/index.ts';
import { ALIAS_RETENTION_MS, type AliasOwner, type AliasStore } from './types.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS relay_state (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS aliases (
    alias TEXT PRIMARY KEY,
    person TEXT NOT NULL,
    room TEXT NOT NULL,
    used_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS aliases_by_use ON aliases (used_at);
`;

const ID_KEY = 'id key';

export class SqliteAliasStore implements AliasStore {
  readonly #secret: string;
  readonly #remember;
  readonly #touch;
  readonly #expire;

  constructor(
    db: Database.Database,
    private readonly retentionMs = ALIAS_RETENTION_MS,
  ) {
    db.exec(SCHEMA);
    db.prepare('INSERT OR IGNORE INTO relay_state (name, value) VALUES (?, ?)').run(
      ID_KEY,
      randomBytes(32).toString('base64url'),
    );
    const row = db.prepare('SELECT value FROM relay_state WHERE name = ?').get(ID_KEY) as { value: string };
    this.#secret = row.value;
    this.#remember = db.prepare(
      `INSERT INTO aliases (alias, person, room, used_at) VALUES (@alias, @person, @room, @now)
       ON CONFLICT (alias) DO UPDATE SET used_at = @now`,
    );
    // A row past its retention that the sweep has not reached yet counts as forgotten.
    this.#touch = db.prepare(
      'UPDATE aliases SET used_at = @now WHERE alias = @alias AND used_at >= @oldest RETURNING person, room',
    );
    this.#expire = db.prepare('DELETE FROM aliases WHERE used_at < ?');
  }

  async idSecret(): Promise<string> {
    return this.#secret;
  }

  async remember(alias: UserId, { person, room }: AliasOwner, now: number): Promise<void> {
    this.#remember.run({ alias, person, room, now });
  }

  async owners(aliases: readonly UserId[], now: number): Promise<Map<UserId, AliasOwner>> {
    const found = new Map<UserId, AliasOwner>();
    const oldest = now - this.retentionMs;
    for (const alias of new Set(aliases)) {
      const row = this.#touch.get({ alias, now, oldest }) as AliasOwner | undefined;
      if (row !== undefined) found.set(alias, { person: row.person, room: row.room });
    }
    return found;
  }

  /** Deletes the entries unused for longer than the retention. */
  sweep(now: number): void {
    this.#expire.run(now - this.retentionMs);
  }
}
