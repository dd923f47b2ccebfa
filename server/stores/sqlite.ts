/**
 * The embedded durable stores: room history and accepted sends in SQLite (WAL) under
 * DATA_DIR, so a restart or a crash loses no acknowledged message and a client's retry after
 * it is still recognised. WAL with `synchronous = NORMAL` survives a killed process; a power
 * cut may lose the last moments. Presence and rate buckets stay in memory: after a restart
 * every client reconnects and joins again anyway.
 *
 * DMs are not stored: a DM's idempotency record keeps its id, time and addressee but not its
 * text, which a retry carries again.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { ChatMessage, RoomKey } from '../../protocol/index.ts';
import type { Config } from '../config.ts';
import { MemoryPresenceStore } from './memory-presence.ts';
import { MemoryRateLimiter } from './memory-rate-limit.ts';
import { SqliteIdentityStore } from './sqlite-identities.ts';
import {
  answerFrom,
  recordOf,
  type Claim,
  type HistoryPage,
  type HistoryQuery,
  type HistoryStore,
  type IdempotencyStore,
  type SentMessage,
  type Stores,
} from './types.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS messages (
    room TEXT NOT NULL,
    id TEXT NOT NULL,
    at INTEGER NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (room, id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS messages_by_time ON messages (at);
  CREATE TABLE IF NOT EXISTS sends (
    key TEXT PRIMARY KEY,
    message TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    lease_until INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS sends_by_expiry ON sends (expires_at);
`;

const SWEEP_MS = 60_000;

export class DataDirError extends Error {
  override name = 'DataDirError';
}

/** Opens (creating if needed) the database in `dataDir`, or says clearly why it cannot. */
export function openDatabase(dataDir: string): Database.Database {
  const dir = resolve(dataDir);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.R_OK | constants.W_OK);
    const db = new Database(join(dir, 'samepage.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
    addLeaseColumn(db);
    return db;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataDirError(`DATA_DIR ${dir} cannot hold the database: ${reason}`);
  }
}

/**
 * Databases written before sends had leases lack the column; their rows were all delivered,
 * and a NULL lease means exactly that.
 */
function addLeaseColumn(db: Database.Database): void {
  const columns = db.pragma('table_info(sends)') as Array<{ name: string }>;
  if (!columns.some((column) => column.name === 'lease_until')) {
    db.exec('ALTER TABLE sends ADD COLUMN lease_until INTEGER');
  }
}

const parse = (row: { message: string }): ChatMessage => JSON.parse(row.message) as ChatMessage;

export class SqliteHistoryStore implements HistoryStore {
  readonly #insert;
  readonly #trim;
  readonly #newest;
  readonly #older;
  readonly #newer;

  constructor(
    db: Database.Database,
    private readonly perRoom: number,
  ) {
    this.#insert = db.prepare('INSERT OR IGNORE INTO messages (room, id, at, message) VALUES (?, ?, ?, ?)');
    this.#trim = db.prepare(
      'DELETE FROM messages WHERE room = @room AND id <= (SELECT id FROM messages WHERE room = @room ORDER BY id DESC LIMIT 1 OFFSET @keep)',
    );
    this.#newest = db.prepare('SELECT message FROM messages WHERE room = ? ORDER BY id DESC LIMIT ?');
    this.#older = db.prepare('SELECT message FROM messages WHERE room = ? AND id < ? ORDER BY id DESC LIMIT ?');
    this.#newer = db.prepare('SELECT message FROM messages WHERE room = ? AND id > ? ORDER BY id ASC LIMIT ?');
  }

  async append(message: ChatMessage): Promise<void> {
    this.#insert.run(message.room, message.id, message.at, JSON.stringify(message));
    this.#trim.run({ room: message.room, keep: this.perRoom });
  }

  async recent(room: RoomKey, limit: number): Promise<ChatMessage[]> {
    if (limit === 0) return [];
    return (this.#newest.all(room, limit) as Array<{ message: string }>).map(parse).reverse();
  }

  async page(room: RoomKey, { before, after, limit }: HistoryQuery): Promise<HistoryPage> {
    // One row more than asked tells whether there is more.
    if (after !== undefined) {
      const rows = (this.#newer.all(room, after, limit + 1) as Array<{ message: string }>).map(parse);
      return { messages: rows.slice(0, limit), hasMore: rows.length > limit };
    }
    const rows = (
      before === undefined ? this.#newest.all(room, limit + 1) : this.#older.all(room, before, limit + 1)
    ) as Array<{ message: string }>;
    return { messages: rows.slice(0, limit).map(parse).reverse(), hasMore: rows.length > limit };
  }
}

interface SendRow {
  message: string;
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
    const read = db.prepare('SELECT message, expires_at, lease_until FROM sends WHERE key = ?');
    const write = db.prepare(
      'INSERT OR REPLACE INTO sends (key, message, expires_at, lease_until) VALUES (@key, @message, @expiresAt, @leaseUntil)',
    );
    const extend = db.prepare('UPDATE sends SET lease_until = ? WHERE key = ?');
    this.#claim = db.transaction((key: string, draft: SentMessage, leaseMs: number): Claim => {
      const now = this.now();
      const row = read.get(key) as SendRow | undefined;
      if (row && row.expires_at > now) {
        const message = answerFrom(JSON.parse(row.message) as SentMessage, draft);
        if (row.lease_until === null) return { status: 'accepted', message };
        if (row.lease_until > now) return { status: 'busy' };
        extend.run(now + leaseMs, key);
        return { status: 'resumed', message };
      }
      const kept = recordOf(draft);
      write.run({ key, message: JSON.stringify(kept), expiresAt: now + this.ttlMs, leaseUntil: now + leaseMs });
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

/** The durable embedded stores, and a sweep that enforces the age limits. */
export function createSqliteStores(config: Config): Stores {
  const db = openDatabase(config.dataDir);
  const expireMessages = db.prepare('DELETE FROM messages WHERE at < ?');
  const expireSends = db.prepare('DELETE FROM sends WHERE expires_at <= ?');
  const identities = new SqliteIdentityStore(db);
  const sweep = (): void => {
    const now = Date.now();
    expireMessages.run(now - config.historyMaxAgeDays * 86_400_000);
    expireSends.run(now);
    identities.sweep(now);
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_MS);
  timer.unref();
  return {
    history: new SqliteHistoryStore(db, config.historyPerRoom),
    presence: new MemoryPresenceStore(),
    idempotency: new SqliteIdempotencyStore(db, config.idempotencyTtlMs),
    identities,
    limiter: (_name, shape) => new MemoryRateLimiter(shape),
    async close() {
      clearInterval(timer);
      db.close();
    },
  };
}
