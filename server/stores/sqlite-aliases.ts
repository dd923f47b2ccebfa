/**
 * Ids per room in the SQLite database: the relay's id secret in a row of its own, so ids stay
 * the same across restarts, and one row per id handed out with whose it is and when it was
 * last used. Rows unused for ALIAS_RETENTION_MS are deleted by the stores' sweep (`sweep`);
 * a person's rows past ALIASES_PER_PERSON, the ones unused longest, when another is remembered.
 */
import { randomBytes } from 'node:crypto';
import type { SqliteDatabase } from './sqlite-driver.ts';
import type { UserId } from '../../protocol/index.ts';
import { ALIAS_RETENTION_MS, ALIASES_PER_PERSON, type AliasOwner, type AliasStore } from './types.ts';

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
  CREATE INDEX IF NOT EXISTS aliases_by_person ON aliases (person, used_at);
`;

const ID_KEY = 'id key';

export class SqliteAliasStore implements AliasStore {
  readonly #secret: string;
  readonly #remember;
  readonly #touch;
  readonly #expire;

  constructor(
    db: SqliteDatabase,
    private readonly perPerson = ALIASES_PER_PERSON,
    private readonly retentionMs = ALIAS_RETENTION_MS,
  ) {
    db.exec(SCHEMA);
    db.prepare('INSERT OR IGNORE INTO relay_state (name, value) VALUES (?, ?)').run(
      ID_KEY,
      randomBytes(32).toString('base64url'),
    );
    const row = db.prepare('SELECT value FROM relay_state WHERE name = ?').get(ID_KEY) as { value: string };
    this.#secret = row.value;
    const upsert = db.prepare(
      `INSERT INTO aliases (alias, person, room, used_at) VALUES (@alias, @person, @room, @now)
       ON CONFLICT (alias) DO UPDATE SET used_at = @now`,
    );
    // The id just remembered is kept whatever the clock says: its row is left out of the ranking.
    const trim = db.prepare(
      `DELETE FROM aliases WHERE alias IN (
         SELECT alias FROM aliases WHERE person = @person AND alias != @alias
         ORDER BY used_at DESC LIMIT -1 OFFSET @keep)`,
    );
    this.#remember = db.transaction((entry: AliasOwner & { alias: UserId; now: number }) => {
      upsert.run(entry);
      trim.run({ person: entry.person, alias: entry.alias, keep: this.perPerson - 1 });
    });
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
    this.#remember({ alias, person, room, now });
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
