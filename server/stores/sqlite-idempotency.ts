/**
 * Accepted sends in SQLite, so that a retry after a restart is still recognised. A row keeps
 * the message without its text and a hash of the send's content (send-record.ts); rows written
 * before hashes were kept hold the full message (a DM's with an empty text) and no hash.
 */
import type Database from 'better-sqlite3';
import { answerFrom, recordOf, sameSend } from './send-record.ts';
import type { Claim, IdempotencyStore, SentMessage } from './types.ts';

/**
 * Adds the columns that earlier versions lacked. Their rows were all delivered, which a NULL
 * lease means; a NULL hash means the row holds the full message.
 */
export function migrateSends(db: Database.Database): void {
  const columns = db.pragma('table_info(sends)') as Array<{ name: string }>;
  if (!columns.some((column) => column.name === 'lease_until')) {
    db.exec('ALTER TABLE sends ADD COLUMN lease_until INTEGER');
  }
  if (!columns.some((column) => column.name === 'hash')) db.exec('ALTER TABLE sends ADD COLUMN hash TEXT');
}

interface SendRow {
  message: string;
  hash: string | null;
  expires_at: number;
  /** Null once the send was confirmed delivered. */
  lease_until: number | null;
}

export class SqliteIdempotencyStore implements IdempotencyStore {
  readonly #claim;
  readonly #confirm;
  readonly #release;
  readonly #abandon;

  constructor(
    db: Database.Database,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    const read = db.prepare('SELECT message, hash, expires_at, lease_until FROM sends WHERE key = ?');
    const write = db.prepare(
      'INSERT OR REPLACE INTO sends (key, message, hash, expires_at, lease_until) VALUES (@key, @message, @hash, @expiresAt, @leaseUntil)',
    );
    const extend = db.prepare('UPDATE sends SET lease_until = ? WHERE key = ?');
    this.#claim = db.transaction((key: string, draft: SentMessage, leaseMs: number): Claim => {
      const now = this.now();
      const row = read.get(key) as SendRow | undefined;
      if (row && row.expires_at > now) {
        const record = { message: JSON.parse(row.message) as unknown, hash: row.hash };
        if (!sameSend(record, draft)) return { status: 'conflict' };
        const message = answerFrom(record, draft);
        if (row.lease_until === null) return { status: 'accepted', message };
        if (row.lease_until > now) return { status: 'busy' };
        extend.run(now + leaseMs, key);
        return { status: 'resumed', message };
      }
      const { message, hash } = recordOf(draft);
      const expiresAt = now + this.ttlMs;
      write.run({ key, message: JSON.stringify(message), hash, expiresAt, leaseUntil: now + leaseMs });
      return { status: 'claimed' };
    });
    this.#confirm = db.prepare('UPDATE sends SET lease_until = NULL WHERE key = ?');
    this.#release = db.prepare('DELETE FROM sends WHERE key = ?');
    this.#abandon = db.prepare('UPDATE sends SET lease_until = 0 WHERE key = ? AND lease_until IS NOT NULL');
  }

  async claim(key: string, draft: SentMessage, leaseMs: number): Promise<Claim> {
    return this.#claim(key, draft, leaseMs);
  }

  async confirm(key: string): Promise<void> {
    this.#confirm.run(key);
  }

  async release(key: string): Promise<void> {
    this.#release.run(key);
  }

  async abandon(key: string): Promise<void> {
    this.#abandon.run(key);
  }
}
