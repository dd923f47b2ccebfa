/**
 * Ids per room in the SQLite database: the relay's id secret in a row of its own, so ids stay
 * the same across restarts, and one row per id handed out with whose it is and when it was
 * last used. Rows unused for ALIAS_RETENTION_MS are deleted by the stores' sweep (`sweep`);
 * a person's rows past ALIASES_PER_PERSON, the ones unused longest, when another is remembered.
 *
 * Every DM looks its addressee's id up, and writing that use there cost each DM a commit of its
 * own. With the stores' group commit, a use is kept in memory (`#used`, bounded) and written
 * with a later batch (`GroupCommit.later`); remembering an id and the sweep write the uses
 * not yet written first, so the ranking and the retention see them. A crash may lose the last
 * moment's uses: an id then expires that much earlier, months from now.
 */
import { randomBytes } from 'node:crypto';
import type { SqliteDatabase } from './sqlite-driver.ts';
import type { GroupCommit } from './sqlite-batch.ts';
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
/** Uses held in memory at most; past it they are written at once. */
const USES_PENDING_MAX = 10_000;

export class SqliteAliasStore implements AliasStore {
  readonly #secret: string;
  readonly #remember;
  readonly #find;
  readonly #expire;
  /** Uses not written yet: when each id was last used. */
  readonly #used = new Map<UserId, number>();
  #usesQueued = false;
  readonly #writeUses: () => void;
  readonly #writeUsesNow: () => void;

  constructor(
    db: SqliteDatabase,
    private readonly perPerson = ALIASES_PER_PERSON,
    private readonly retentionMs = ALIAS_RETENTION_MS,
    private readonly commit?: GroupCommit,
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
    const touch = db.prepare('UPDATE aliases SET used_at = ? WHERE alias = ?');
    this.#writeUses = () => {
      for (const [alias, at] of this.#used) touch.run(at, alias);
      this.#used.clear();
    };
    this.#writeUsesNow = db.transaction(this.#writeUses);
    this.#remember = db.transaction((entry: AliasOwner & { alias: UserId; now: number }) => {
      this.#writeUses();
      upsert.run(entry);
      trim.run({ person: entry.person, alias: entry.alias, keep: this.perPerson - 1 });
    });
    this.#find = db.prepare('SELECT person, room, used_at FROM aliases WHERE alias = ?');
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
      const row = this.#find.get(alias) as (AliasOwner & { used_at: number }) | undefined;
      // A row past its retention that the sweep has not reached yet counts as forgotten.
      if (row === undefined || (this.#used.get(alias) ?? row.used_at) < oldest) continue;
      found.set(alias, { person: row.person, room: row.room });
      this.#use(alias, now);
    }
    return found;
  }

  #use(alias: UserId, now: number): void {
    this.#used.set(alias, now);
    if (this.commit === undefined || this.#used.size >= USES_PENDING_MAX) {
      this.#writeUsesNow();
      return;
    }
    if (this.#usesQueued) return;
    this.#usesQueued = true;
    this.commit
      .later(() => {
        this.#usesQueued = false;
        this.#writeUses();
      })
      // A batch that failed loses those uses, as a crash would.
      .catch(() => {
        this.#usesQueued = false;
      });
  }

  /** Deletes the entries unused for longer than the retention. */
  sweep(now: number): void {
    this.#writeUsesNow();
    this.#expire.run(now - this.retentionMs);
  }
}
