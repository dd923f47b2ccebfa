/**
 * Room history in SQLite, bounded on disk (issue #11): per room and lane (`HistoryLane`), in
 * the number of rooms and in the bytes of all message records; past either bound the room
 * quiet the longest goes, with all its messages. A small `rooms` table (counts per lane, bytes,
 * last activity) is kept in the same transaction as every insert and delete, so no bound is
 * ever checked by scanning the messages. Freed pages are reused by later inserts, so the file
 * stops growing once the bounds are reached.
 *
 * Appends and updates go through the group commit (sqlite-batch.ts): the messages of one moment
 * are inserted in one transaction, and each room's counts, its trim to the newest of each lane and
 * the bounds are settled once per batch, not once per message. Each append resolves once the
 * transaction holding its message committed.
 */
import type { SqliteDatabase } from './sqlite-driver.ts';
import type { Failure, RoomKey } from '../../protocol/index.ts';
import { readStored, type StoredMessage } from '../chat/stored-message.ts';
import { pageOf, recentOf, newcomerShare } from './history-lanes.ts';
import { GroupCommit } from './sqlite-batch.ts';
import type { Change, HistoryLane, HistoryLimits, HistoryPage, HistoryQuery, HistoryStore } from './types.ts';

/** A record's size as stored: SQLite keeps text as UTF-8. */
const RECORD_BYTES = 'length(CAST(message AS BLOB))';

const ROOMS = `
  CREATE TABLE rooms (
    room TEXT PRIMARY KEY,
    last_at INTEGER NOT NULL,
    trusted INTEGER NOT NULL,
    newcomer INTEGER NOT NULL,
    bytes INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX rooms_by_activity ON rooms (last_at);
  INSERT INTO rooms
    SELECT room, max(at), sum(lane = 'trusted'), sum(lane = 'newcomer'), sum(${RECORD_BYTES})
    FROM messages GROUP BY room;
`;

/**
 * Brings a database written by an earlier version up to date: its messages were all trusted,
 * and its `rooms` table is built from them once.
 */
export function migrateHistory(db: SqliteDatabase): void {
  const columns = db.pragma('table_info(messages)') as Array<{ name: string }>;
  if (!columns.some((column) => column.name === 'lane')) {
    db.exec("ALTER TABLE messages ADD COLUMN lane TEXT NOT NULL DEFAULT 'trusted'");
  }
  db.exec('CREATE INDEX IF NOT EXISTS messages_by_lane ON messages (room, lane, id)');
  const rooms = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rooms'").get();
  if (rooms === undefined) db.transaction(() => db.exec(ROOMS))();
}

interface Totals {
  rooms: number;
  bytes: number;
}

/** What a batch added to a room so far: messages per lane, their bytes, the newest time. */
interface Added {
  at: number;
  trusted: number;
  newcomer: number;
  bytes: number;
}

const parse = (row: { message: string }): StoredMessage => readStored(JSON.parse(row.message));
const messagesOf = (rows: unknown[]): StoredMessage[] => (rows as Array<{ message: string }>).map(parse);

export class SqliteHistoryStore implements HistoryStore {
  readonly #insert;
  readonly #settle;
  readonly #commit: GroupCommit;
  /** The rooms this batch added to, not yet counted, trimmed nor bounded. */
  #added = new Map<RoomKey, Added>();
  /** The totals as the batch under way leaves them, once settled. */
  #settled: Totals | null = null;
  readonly #expire;
  readonly #totals;
  readonly #newestInLane;
  readonly #newest;
  readonly #older;
  readonly #newer;
  readonly #one;
  readonly #update;
  #kept: Totals;

  /**
   * `maxBytes`: the bound on all message records' bytes (Infinity: none). `commit`: the group
   * commit its writes join, shared with the other stores of the same database (one of its own
   * by default).
   */
  constructor(
    db: SqliteDatabase,
    private readonly limits: HistoryLimits & { maxBytes: number },
    commit: GroupCommit = new GroupCommit(db),
  ) {
    this.#commit = commit;
    const insert = db.prepare('INSERT OR IGNORE INTO messages (room, id, at, message, lane) VALUES (?, ?, ?, ?, ?)');
    const count = db.prepare(`
      INSERT INTO rooms (room, last_at, trusted, newcomer, bytes) VALUES (@room, @at, @trusted, @newcomer, @bytes)
      ON CONFLICT (room) DO UPDATE SET
        last_at = max(last_at, excluded.last_at),
        trusted = trusted + excluded.trusted,
        newcomer = newcomer + excluded.newcomer,
        bytes = bytes + excluded.bytes
      RETURNING trusted, newcomer`);
    // The oldest `excess` of a lane are all the ids up to the excess-th: one range delete.
    const trim = db.prepare(`
      DELETE FROM messages WHERE room = @room AND lane = @lane AND id <= (
        SELECT id FROM messages WHERE room = @room AND lane = @lane ORDER BY id LIMIT 1 OFFSET @excess - 1
      ) RETURNING ${RECORD_BYTES} AS bytes`);
    const uncount = db.prepare(`
      UPDATE rooms SET trusted = trusted - @trusted, newcomer = newcomer - @newcomer, bytes = bytes - @bytes
      WHERE room = @room`);
    const dropEmpty = db.prepare('DELETE FROM rooms WHERE room = ? AND trusted + newcomer = 0');
    const quietest = db.prepare('SELECT room, bytes FROM rooms ORDER BY last_at LIMIT 1');
    const forgetMessages = db.prepare('DELETE FROM messages WHERE room = ?');
    const forgetRoom = db.prepare('DELETE FROM rooms WHERE room = ?');
    const expired = db.prepare(`DELETE FROM messages WHERE at < ? RETURNING room, lane, ${RECORD_BYTES} AS bytes`);
    this.#totals = db.prepare('SELECT count(*) AS rooms, coalesce(sum(bytes), 0) AS bytes FROM rooms');

    const lanes = (lane: HistoryLane, n: number) => ({
      trusted: lane === 'trusted' ? n : 0,
      newcomer: lane === 'newcomer' ? n : 0,
    });

    const keepOf = (lane: HistoryLane): number =>
      lane === 'trusted' ? this.limits.perRoom : this.limits.newcomerPerRoom;

    // One message of the batch: inserted now, counted with its room's others at the end.
    this.#insert = (message: StoredMessage, lane: HistoryLane): void => {
      const json = JSON.stringify(message);
      if (insert.run(message.room, message.id, message.at, json, lane).changes === 0) return;
      const added = this.#added.get(message.room) ?? { at: message.at, trusted: 0, newcomer: 0, bytes: 0 };
      added.at = Math.max(added.at, message.at);
      added[lane]++;
      added.bytes += Buffer.byteLength(json);
      this.#added.set(message.room, added);
    };

    // Each room the batch added to: its counts in one statement, each lane trimmed to its newest
    // `keep` in one range delete, then the bounds on rooms and bytes, quietest room first.
    this.#settle = (): void => {
      if (this.#added.size === 0) return;
      const kept = { ...(this.#settled ?? this.#kept) };
      for (const [room, added] of this.#added) {
        const row = count.get({ room, ...added }) as Record<HistoryLane, number>;
        if (row.trusted + row.newcomer === added.trusted + added.newcomer) kept.rooms++;
        kept.bytes += added.bytes;
        for (const lane of ['trusted', 'newcomer'] as const) {
          const excess = added[lane] > 0 ? row[lane] - keepOf(lane) : 0;
          if (excess <= 0) continue;
          const gone = trim.all({ room, lane, excess }) as Array<{ bytes: number }>;
          const freed = gone.reduce((sum, { bytes }) => sum + bytes, 0);
          uncount.run({ room, bytes: freed, ...lanes(lane, gone.length) });
          kept.bytes -= freed;
        }
      }
      this.#added.clear();
      while (kept.rooms > this.limits.maxRooms || kept.bytes > this.limits.maxBytes) {
        const room = quietest.get() as { room: RoomKey; bytes: number } | undefined;
        if (room === undefined) break;
        forgetMessages.run(room.room);
        forgetRoom.run(room.room);
        kept.rooms--;
        kept.bytes -= room.bytes;
      }
      this.#settled = kept;
    };
    commit.hook({
      beforeCommit: () => this.#settle(),
      afterBatch: (committed) => {
        if (committed && this.#settled !== null) this.#kept = this.#settled;
        this.#added.clear();
        this.#settled = null;
      },
    });

    this.#expire = db.transaction((cutoff: number): void => {
      const freed = new Map<RoomKey, { trusted: number; newcomer: number; bytes: number }>();
      for (const { room, lane, bytes } of expired.all(cutoff) as Array<{
        room: RoomKey;
        lane: HistoryLane;
        bytes: number;
      }>) {
        const counts = freed.get(room) ?? { trusted: 0, newcomer: 0, bytes: 0 };
        counts[lane]++;
        counts.bytes += bytes;
        freed.set(room, counts);
      }
      for (const [room, counts] of freed) {
        uncount.run({ room, ...counts });
        dropEmpty.run(room);
      }
    });

    this.#newestInLane = db.prepare(
      'SELECT message FROM messages WHERE room = ? AND lane = ? ORDER BY id DESC LIMIT ?',
    );
    this.#newest = db.prepare('SELECT message FROM messages WHERE room = ? ORDER BY id DESC LIMIT ?');
    this.#older = db.prepare('SELECT message FROM messages WHERE room = ? AND id < ? ORDER BY id DESC LIMIT ?');
    this.#newer = db.prepare('SELECT message FROM messages WHERE room = ? AND id > ? ORDER BY id ASC LIMIT ?');
    this.#one = db.prepare('SELECT message FROM messages WHERE room = ? AND id = ?');
    const rewrite = db.prepare('UPDATE messages SET message = ? WHERE room = ? AND id = ?');
    const resize = db.prepare('UPDATE rooms SET bytes = bytes + ? WHERE room = ?');
    // In the batch's transaction: the SQLite driver is synchronous, so nothing else runs between the
    // read and the write. What the batch added before it is counted first.
    this.#update = (room: RoomKey, id: string, change: Change): StoredMessage | Failure | null => {
      this.#settle();
      const row = this.#one.get(room, id) as { message: string } | undefined;
      if (row === undefined) return null;
      const current = parse(row);
      const next = change(current);
      if (!('id' in next) || next === current) return next;
      const json = JSON.stringify(next);
      rewrite.run(json, room, id);
      resize.run(Buffer.byteLength(json) - Buffer.byteLength(row.message), room);
      return next;
    };
    this.#kept = this.#totals.get() as Totals;
  }

  async find(room: RoomKey, id: string): Promise<StoredMessage | null> {
    const row = this.#one.get(room, id) as { message: string } | undefined;
    return row === undefined ? null : parse(row);
  }

  async update(room: RoomKey, id: string, change: Change): Promise<StoredMessage | Failure | null> {
    const outcome = await this.#commit.add(() => this.#update(room, id, change));
    this.#kept = this.#totals.get() as Totals;
    return outcome;
  }

  /** Resolves once the transaction holding `message` committed. */
  async append(message: StoredMessage, lane: HistoryLane = 'trusted'): Promise<void> {
    const keep = lane === 'trusted' ? this.limits.perRoom : this.limits.newcomerPerRoom;
    if (keep > 0) await this.#commit.add(() => this.#insert(message, lane));
  }

  /** Deletes the messages older than `cutoff` (a time), and rooms left empty. */
  expire(cutoff: number): void {
    this.#expire(cutoff);
    this.#kept = this.#totals.get() as Totals;
  }

  async recent(room: RoomKey, limit: number): Promise<StoredMessage[]> {
    const share = newcomerShare(limit);
    const newcomers = share === 0 ? [] : messagesOf(this.#newestInLane.all(room, 'newcomer', share)).reverse();
    const trusted = messagesOf(this.#newestInLane.all(room, 'trusted', limit - newcomers.length)).reverse();
    return recentOf(trusted, newcomers, limit);
  }

  async page(room: RoomKey, query: HistoryQuery): Promise<HistoryPage> {
    // Both lanes live in one table: a page is one range of (room, id), and one row more than
    // asked tells whether there is more.
    const { before, after, limit } = query;
    if (after !== undefined) return pageOf(messagesOf(this.#newer.all(room, after, limit + 1)), [], query);
    const rows = before === undefined ? this.#newest.all(room, limit + 1) : this.#older.all(room, before, limit + 1);
    return pageOf(messagesOf(rows).reverse(), [], query);
  }
}
