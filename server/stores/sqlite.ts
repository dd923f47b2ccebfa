/**
 * The embedded durable stores: room history and accepted sends in SQLite (WAL) under
 * DATA_DIR, so a restart or a crash loses no acknowledged message and a client's retry after
 * it is still recognised. WAL with `synchronous = NORMAL` survives a killed process; a power
 * cut may lose the last moments. Presence and rate buckets stay in memory: after a restart
 * every client reconnects and joins again anyway.
 *
 * History (sqlite-history.ts) is bounded per room, in rooms and in bytes; accepted sends
 * (sqlite-idempotency.ts) keep no text, only a hash of it; conversation grants (sqlite-grants.ts)
 * only who may DM whom in which room's name; ids per room (sqlite-aliases.ts) the relay's id secret
 * and whose each id handed out is; moderation (sqlite-moderation.ts) reports, bans,
 * room modes, the operators' audit log and people's DM settings. Of DMs, only sealed ones
 * (protocol v3: ciphertext) are kept, in their addressee's mailbox (sqlite-mailbox.ts) until
 * their browser has them; a v1 or v2 DM is never stored.
 *
 * A post's writes (its claim, its message, its confirmation) join one group commit
 * (sqlite-batch.ts): the posts of one moment are kept in one transaction, and each is
 * acknowledged only once it committed.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { MemoryPresenceStore } from './memory-presence.ts';
import { MemoryRateLimiter } from './memory-rate-limit.ts';
import { SqliteAliasStore } from './sqlite-aliases.ts';
import { SqliteGrantStore } from './sqlite-grants.ts';
import { SqliteIdentityStore } from './sqlite-identities.ts';
import { mailboxLimits } from './mailbox-limits.ts';
import { SqliteMailboxStore } from './sqlite-mailbox.ts';
import { GroupCommit } from './sqlite-batch.ts';
import { SqliteHistoryStore } from './sqlite-history.ts';
import { SqliteIdempotencyStore } from './sqlite-idempotency.ts';
import { migrate } from './sqlite-migrations.ts';
import { SqliteModerationStore } from './sqlite-moderation.ts';
import { openSqlite, type SqliteDatabase } from './sqlite-driver.ts';
import { startCheckpointer } from './sqlite-checkpointer.ts';
import type { FastifyBaseLogger } from 'fastify';
import type { Stores } from './types.ts';

const SWEEP_MS = 60_000;

export class DataDirError extends Error {
  override name = 'DataDirError';
}

export const databaseFile = (dataDir: string): string => join(resolve(dataDir), 'samepage.db');

/** Opens (creating if needed) the database in `dataDir`, or says clearly why it cannot. */
export function openDatabase(dataDir: string): SqliteDatabase {
  const dir = resolve(dataDir);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.R_OK | constants.W_OK);
    const db = openSqlite(databaseFile(dir));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
    return db;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataDirError(`DATA_DIR ${dir} cannot hold the database: ${reason}`);
  }
}

/**
 * The durable embedded stores, a sweep that enforces the age limits, and WAL checkpoints on a
 * thread of their own (sqlite-checkpointer.ts); `log` hears if that thread fails.
 */
export function createSqliteStores(config: Config, log?: Pick<FastifyBaseLogger, 'error'>): Stores {
  const db = openDatabase(config.dataDir);
  const checkpointer = startCheckpointer(db, databaseFile(config.dataDir), {
    onFailure: (error) => log?.error({ err: error }, 'WAL checkpoints are back on the relay thread'),
  });
  const commit = new GroupCommit(db, undefined, undefined, config.commitWindowMs);
  const history = new SqliteHistoryStore(
    db,
    {
      perRoom: config.historyPerRoom,
      newcomerPerRoom: config.newcomerHistoryPerRoom,
      maxRooms: config.historyMaxRooms,
      maxBytes: config.historyMaxMb === 0 ? Infinity : config.historyMaxMb * 1_048_576,
    },
    commit,
  );
  const expireSends = db.prepare('DELETE FROM sends WHERE expires_at <= ?');
  const identities = new SqliteIdentityStore(db);
  const grants = new SqliteGrantStore(db, undefined, commit);
  const moderation = new SqliteModerationStore(db, undefined, Date.now, commit);
  const aliases = new SqliteAliasStore(db, undefined, undefined, commit);
  const mailbox = new SqliteMailboxStore(db, mailboxLimits(config));
  const sweep = (): void => {
    const now = Date.now();
    history.expire(now - config.historyMaxAgeDays * 86_400_000);
    expireSends.run(now);
    identities.sweep(now);
    grants.sweep(now);
    moderation.sweep(now);
    aliases.sweep(now);
    mailbox.sweep(now);
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_MS);
  timer.unref();
  return {
    history,
    presence: new MemoryPresenceStore(),
    idempotency: new SqliteIdempotencyStore(db, config.idempotencyTtlMs, Date.now, commit),
    identities,
    grants,
    moderation,
    aliases,
    mailbox,
    limiter: (_name, shape) => new MemoryRateLimiter(shape),
    async close() {
      clearInterval(timer);
      commit.close();
      await checkpointer.stop();
      db.close();
    },
  };
}
