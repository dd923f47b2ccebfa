/**
 * Moderation in the SQLite database (issue #14), so reports, bans, room modes, the audit log and
 * people's DM settings outlive a restart or a crash of the relay. Each part is a table bounded
 * by MODERATION_LIMITS: reports, the audit log, bans and room modes on every write (they are
 * written rarely: operators, budgeted reports, a room's mode changing); privacy settings and
 * repeated-text counts, written on every connection and every send, by the stores' sweep, which
 * also drops what is past its retention or window. Newest first means: reports by id (the
 * relay's ids sort by time, and paging is by id), everything else by when it was written (rowid).
 *
 * Given the stores' group commit (sqlite-batch.ts), a send's repeated-text count is answered at
 * once and written in the batch under way: the send's own writes join that batch or a later one,
 * so the count of every acknowledged send is kept with it, and it costs no transaction of its own.
 */
import type { SqliteDatabase } from './sqlite-driver.ts';
import { REPEAT_WINDOW_MS, type RoomKey, type UserId } from '../../protocol/index.ts';
import type { GroupCommit } from './sqlite-batch.ts';
import { addressMatcher, banKey, normalizedTarget } from './ban-address.ts';
import { isDefaultMode, mergeMode, trim } from './memory-moderation.ts';
import {
  MODERATION_LIMITS,
  type AuditEntry,
  type Ban,
  type BanTarget,
  type ModerationLimits,
  type ModerationStore,
  type PrivacySettings,
  type RepeatRun,
  type Report,
  type ReportQuery,
  type StoredRoomMode,
} from './types.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY,
    room TEXT NOT NULL,
    reported TEXT NOT NULL,
    report TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS reports_of_reported ON reports (reported, id);
  CREATE INDEX IF NOT EXISTS reports_of_room ON reports (room, id);
  CREATE TABLE IF NOT EXISTS bans (
    key TEXT NOT NULL UNIQUE,
    address INTEGER NOT NULL,
    until INTEGER NOT NULL,
    ban TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS bans_by_kind ON bans (address, until);
  CREATE TABLE IF NOT EXISTS room_modes (
    room TEXT NOT NULL UNIQUE,
    mode TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS audit (
    id TEXT NOT NULL UNIQUE,
    entry TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS privacy (
    user TEXT PRIMARY KEY,
    settings TEXT NOT NULL,
    at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS privacy_by_time ON privacy (at);
  CREATE TABLE IF NOT EXISTS repeats (
    user TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    count INTEGER NOT NULL,
    since INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS repeats_by_time ON repeats (since);
`;

/** Deletes the oldest rows of `table` (by `order`) beyond `@max`. */
const trimSql = (table: string, key: string, order: string): string =>
  `DELETE FROM ${table} WHERE ${key} IN (
     SELECT ${key} FROM ${table} ORDER BY ${order}
     LIMIT max(0, (SELECT count(*) FROM ${table}) - @max)
   )`;

const parsed = <T>(rows: unknown[], column: string): T[] =>
  rows.map((row) => JSON.parse((row as Record<string, string>)[column] ?? 'null') as T);

interface RepeatRow {
  hash: string;
  count: number;
  since: number;
}

/** Room modes, and people's repeat counts, each cached in memory at most. */
const CACHED = 10_000;

export class SqliteModerationStore implements ModerationStore {
  readonly #addReport: (report: Report) => void;
  readonly #reportsBy;
  readonly #ban: (ban: Ban) => boolean;
  readonly #unban;
  readonly #dropEndedBans;
  readonly #bans;
  readonly #banOfKey;
  readonly #addressBans;
  readonly #roomMode;
  /**
   * Room modes as kept (null: none), read on every post: this store is the only writer of its
   * table, so they are cached until it changes one (or the sweep ends some); bounded, the first
   * cached going first.
   */
  readonly #modes = new Map<RoomKey, StoredRoomMode | null>();
  readonly #setRoomMode: (room: RoomKey, change: Partial<StoredRoomMode>) => StoredRoomMode;
  readonly #audit: (entry: AuditEntry) => void;
  readonly #auditLog;
  readonly #setPrivacy;
  readonly #privacyOf;
  readonly #countRepeat;
  readonly #readRepeat;
  readonly #writeRepeat;
  /** Repeat counts the batch under way has not committed yet, by user. */
  readonly #unwrittenRepeats = new Map<UserId, RepeatRow>();
  /**
   * Repeat counts as committed, read on every text post: cached as this store writes them
   * until the sweep changes the table; bounded, the first cached going first.
   */
  readonly #committedRepeats = new Map<UserId, RepeatRow | null>();
  readonly #sweep: (now: number) => void;
  /** The longest repeat window asked about, which the sweep keeps counts for. */
  #repeatWindowMs = REPEAT_WINDOW_MS;

  constructor(
    db: SqliteDatabase,
    private readonly limits: ModerationLimits = MODERATION_LIMITS,
    private readonly clock: () => number = Date.now,
    private readonly commit?: GroupCommit,
  ) {
    db.exec(SCHEMA);

    const insertReport = db.prepare(
      'INSERT OR REPLACE INTO reports (id, room, reported, report) VALUES (@id, @room, @reported, @report)',
    );
    const trimReports = db.prepare(trimSql('reports', 'id', 'id'));
    this.#addReport = db.transaction((report: Report) => {
      insertReport.run({ id: report.id, room: report.room, reported: report.reported, report: JSON.stringify(report) });
      trimReports.run({ max: this.limits.reports });
    });
    const page = 'AND (@before IS NULL OR id < @before) ORDER BY id DESC LIMIT @limit';
    this.#reportsBy = {
      reported: db.prepare(
        `SELECT report FROM reports WHERE reported = @reported AND (@room IS NULL OR room = @room) ${page}`,
      ),
      room: db.prepare(`SELECT report FROM reports WHERE room = @room ${page}`),
      all: db.prepare(`SELECT report FROM reports WHERE 1 ${page}`),
    };

    this.#dropEndedBans = db.prepare('DELETE FROM bans WHERE until <= ?');
    const banExists = db.prepare('SELECT 1 FROM bans WHERE key = ?');
    const banCount = db.prepare('SELECT count(*) AS n FROM bans');
    // REPLACE deletes the old row and inserts a new one, so a renewed ban is the newest.
    const insertBan = db.prepare(
      'INSERT OR REPLACE INTO bans (key, address, until, ban) VALUES (@key, @address, @until, @ban)',
    );
    this.#ban = db.transaction((ban: Ban): boolean => {
      const key = banKey(ban);
      this.#dropEndedBans.run(ban.at);
      const known = banExists.get(key) !== undefined;
      if (!known && (banCount.get() as { n: number }).n >= this.limits.bans) return false;
      const kept = normalizedTarget(ban);
      insertBan.run({ key, address: kept.address === undefined ? 0 : 1, until: kept.until, ban: JSON.stringify(kept) });
      return true;
    });
    this.#unban = db.prepare('DELETE FROM bans WHERE key = ?');
    this.#bans = db.prepare('SELECT ban FROM bans WHERE until > ? ORDER BY rowid DESC');
    this.#banOfKey = db.prepare('SELECT ban FROM bans WHERE key = ? AND until > ?');
    this.#addressBans = db.prepare('SELECT ban FROM bans WHERE address = 1 AND until > ?');

    this.#roomMode = db.prepare('SELECT mode FROM room_modes WHERE room = ?');
    const dropMode = db.prepare('DELETE FROM room_modes WHERE room = ?');
    const insertMode = db.prepare('INSERT INTO room_modes (room, mode) VALUES (?, ?)');
    const trimModes = db.prepare(trimSql('room_modes', 'rowid', 'rowid'));
    this.#setRoomMode = db.transaction((room: RoomKey, change: Partial<StoredRoomMode>): StoredRoomMode => {
      const kept = this.#roomMode.get(room) as { mode: string } | undefined;
      const next = mergeMode(kept === undefined ? undefined : (JSON.parse(kept.mode) as StoredRoomMode), change);
      dropMode.run(room);
      if (!isDefaultMode(next, this.clock())) insertMode.run(room, JSON.stringify(next));
      trimModes.run({ max: this.limits.roomModes });
      return next;
    });

    const insertAudit = db.prepare('INSERT OR REPLACE INTO audit (id, entry) VALUES (?, ?)');
    const trimAudit = db.prepare(trimSql('audit', 'rowid', 'rowid'));
    this.#audit = db.transaction((entry: AuditEntry) => {
      insertAudit.run(entry.id, JSON.stringify(entry));
      trimAudit.run({ max: this.limits.audit });
    });
    this.#auditLog = db.prepare('SELECT entry FROM audit ORDER BY rowid DESC LIMIT ?');

    this.#setPrivacy = db.prepare(
      `INSERT INTO privacy (user, settings, at) VALUES (@user, @settings, @at)
       ON CONFLICT (user) DO UPDATE SET settings = @settings, at = @at`,
    );
    this.#privacyOf = db.prepare('SELECT settings FROM privacy WHERE user = ? AND at > ?');

    // Every expression of the update reads the row as it was: a run goes on while the text is
    // the same and the window since its first send is open, else a new run starts.
    this.#countRepeat = db.prepare(
      `INSERT INTO repeats (user, hash, count, since) VALUES (@user, @hash, 1, @now)
       ON CONFLICT (user) DO UPDATE SET
         count = CASE WHEN hash = @hash AND @now - since < @window THEN count + 1 ELSE 1 END,
         since = CASE WHEN hash = @hash AND @now - since < @window THEN since ELSE @now END,
         hash = @hash
       RETURNING count, since`,
    );
    this.#readRepeat = db.prepare('SELECT hash, count, since FROM repeats WHERE user = ?');
    this.#writeRepeat = db.prepare(
      `INSERT INTO repeats (user, hash, count, since) VALUES (@user, @hash, @count, @since)
       ON CONFLICT (user) DO UPDATE SET hash = @hash, count = @count, since = @since`,
    );

    const expirePrivacy = db.prepare('DELETE FROM privacy WHERE at <= ?');
    const trimPrivacy = db.prepare(trimSql('privacy', 'user', 'at'));
    const expireRepeats = db.prepare('DELETE FROM repeats WHERE since <= ?');
    const trimRepeats = db.prepare(trimSql('repeats', 'user', 'since'));
    const dropEndedAutoModes = db.prepare(
      `DELETE FROM room_modes WHERE mode ->> '$.slowModeSeconds' = 0 AND NOT mode ->> '$.readOnly'
         AND coalesce(mode ->> '$.autoUntil', 0) <= ?`,
    );
    this.#sweep = db.transaction((now: number) => {
      this.#dropEndedBans.run(now);
      dropEndedAutoModes.run(now);
      expirePrivacy.run(now - this.limits.privacyRetentionMs);
      trimPrivacy.run({ max: this.limits.privacyUsers });
      expireRepeats.run(now - this.#repeatWindowMs);
      trimRepeats.run({ max: this.limits.privacyUsers });
    });
  }

  async addReport(report: Report): Promise<void> {
    this.#addReport(report);
  }

  async reports({ reported, room, before, limit }: ReportQuery): Promise<Report[]> {
    const which = reported !== undefined ? 'reported' : room !== undefined ? 'room' : 'all';
    const rows = this.#reportsBy[which].all({
      reported: reported ?? null,
      room: room ?? null,
      before: before ?? null,
      limit,
    });
    return parsed<Report>(rows, 'report');
  }

  async ban(ban: Ban): Promise<boolean> {
    return this.#ban(ban);
  }

  async unban(target: BanTarget): Promise<boolean> {
    return this.#unban.run(banKey(target)).changes > 0;
  }

  async bans(now: number): Promise<Ban[]> {
    this.#dropEndedBans.run(now);
    return parsed<Ban>(this.#bans.all(now), 'ban');
  }

  async banOf(user: UserId, address: string, now: number): Promise<Ban | null> {
    const found = parsed<Ban>(this.#banOfKey.all(banKey({ user }), now), 'ban');
    const matches = addressMatcher(address);
    for (const ban of parsed<Ban>(this.#addressBans.all(now), 'ban')) {
      if (ban.address !== undefined && matches(ban.address)) found.push(ban);
    }
    return found.reduce<Ban | null>(
      (longest, ban) => (longest === null || ban.until > longest.until ? ban : longest),
      null,
    );
  }

  async roomMode(room: RoomKey): Promise<StoredRoomMode> {
    let kept = this.#modes.get(room);
    if (kept === undefined) {
      const row = this.#roomMode.get(room) as { mode: string } | undefined;
      kept = row === undefined ? null : (JSON.parse(row.mode) as StoredRoomMode);
      this.#modes.set(room, kept);
      trim(this.#modes, CACHED);
    }
    return mergeMode(kept ?? undefined, {});
  }

  async setRoomMode(room: RoomKey, change: Partial<StoredRoomMode>): Promise<StoredRoomMode> {
    // Its bound may have dropped another room's mode too.
    this.#modes.clear();
    return this.#setRoomMode(room, change);
  }

  async audit(entry: AuditEntry): Promise<void> {
    this.#audit(entry);
  }

  async auditLog(limit: number): Promise<AuditEntry[]> {
    return parsed<AuditEntry>(this.#auditLog.all(limit), 'entry');
  }

  async setPrivacy(user: UserId, settings: PrivacySettings, now: number): Promise<void> {
    this.#setPrivacy.run({ user, settings: JSON.stringify(settings), at: now });
  }

  async privacyOf(user: UserId): Promise<PrivacySettings | null> {
    const row = this.#privacyOf.get(user, this.clock() - this.limits.privacyRetentionMs) as
      { settings: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.settings) as PrivacySettings);
  }

  async countRepeat(user: UserId, textHash: string, now: number, windowMs: number): Promise<RepeatRun> {
    this.#repeatWindowMs = Math.max(this.#repeatWindowMs, windowMs);
    if (this.commit === undefined) {
      const row = this.#countRepeat.get({ user, hash: textHash, now, window: windowMs }) as RepeatRun;
      return { count: row.count, since: row.since };
    }
    // The same run as the statement above computes, from the row as the batch under way leaves it.
    const row = this.#unwrittenRepeats.get(user) ?? this.#committedRepeat(user);
    const goesOn = row !== null && row.hash === textHash && now - row.since < windowMs;
    const next: RepeatRow = { hash: textHash, count: goesOn ? row.count + 1 : 1, since: goesOn ? row.since : now };
    this.#unwrittenRepeats.set(user, next);
    const settled = (committed: boolean) => (): void => {
      if (this.#unwrittenRepeats.get(user) !== next) return;
      this.#unwrittenRepeats.delete(user);
      if (committed) this.#cacheRepeat(user, next);
      else this.#committedRepeats.delete(user);
    };
    // A failed batch fails the send's own writes, which its attempt hears of.
    this.commit.add(() => this.#writeRepeat.run({ user, ...next })).then(settled(true), settled(false));
    return { count: next.count, since: next.since };
  }

  #committedRepeat(user: UserId): RepeatRow | null {
    const cached = this.#committedRepeats.get(user);
    if (cached !== undefined) return cached;
    const row = (this.#readRepeat.get(user) as RepeatRow | undefined) ?? null;
    this.#cacheRepeat(user, row);
    return row;
  }

  #cacheRepeat(user: UserId, row: RepeatRow | null): void {
    this.#committedRepeats.delete(user);
    this.#committedRepeats.set(user, row);
    trim(this.#committedRepeats, CACHED);
  }

  /** Drops ended bans and automatic slow modes, privacy settings past the retention and repeat counts past their window, and keeps the last two to their bound. */
  sweep(now: number): void {
    this.#modes.clear();
    this.#committedRepeats.clear();
    this.#sweep(now);
  }
}
