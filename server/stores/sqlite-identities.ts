/**
 * Identities in the SQLite database, so that a restart does not make every returning user new
 * again: one row per identity with when it was first and last seen. Rows unused for
 * IDENTITY_RETENTION_MS are deleted by the stores' sweep (`sweep`).
 */
import type { SqliteDatabase } from './sqlite-driver.ts';
import { IDENTITY_RETENTION_MS, type IdentityStore } from './types.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS identities (
    user_id TEXT PRIMARY KEY,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS identities_by_use ON identities (last_seen);
`;

export class SqliteIdentityStore implements IdentityStore {
  readonly #touch;
  readonly #record;
  readonly #expire;

  constructor(db: SqliteDatabase) {
    db.exec(SCHEMA);
    // A row past its retention that the sweep has not reached yet counts as forgotten.
    this.#touch = db.prepare(
      'UPDATE identities SET last_seen = @now WHERE user_id = @userId AND last_seen >= @oldest RETURNING first_seen',
    );
    this.#record = db.prepare(
      `INSERT INTO identities (user_id, first_seen, last_seen) VALUES (@userId, @now, @now)
       ON CONFLICT (user_id) DO UPDATE SET last_seen = @now,
         first_seen = CASE WHEN last_seen < @oldest THEN @now ELSE first_seen END
       RETURNING first_seen`,
    );
    this.#expire = db.prepare('DELETE FROM identities WHERE last_seen < ?');
  }

  async firstSeen(userId: string, now: number): Promise<number | null> {
    const row = this.#touch.get({ userId, now, oldest: now - IDENTITY_RETENTION_MS }) as
      { first_seen: number } | undefined;
    return row?.first_seen ?? null;
  }

  async record(userId: string, now: number): Promise<number> {
    const row = this.#record.get({ userId, now, oldest: now - IDENTITY_RETENTION_MS }) as { first_seen: number };
    return row.first_seen;
  }

  /** Deletes the identities unused for longer than the retention. */
  sweep(now: number): void {
    this.#expire.run(now - IDENTITY_RETENTION_MS);
  }
}
