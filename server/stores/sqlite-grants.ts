/**
 * Conversation grants in the SQLite database, so a conversation outlives a restart of the relay.
 * Each grant is two rows, one per side (`user`, `peer`), so that a user's grants are one index
 * range: its bound is kept on every write, and the stores' sweep deletes rows unused for longer
 * than the retention. A grant joins the group commit (sqlite-batch.ts): the DMs of one moment
 * renew their grants in one transaction, and each resolves once it committed.
 */
import type { SqliteDatabase } from './sqlite-driver.ts';
import type { RoomKey, UserId } from '../../protocol/index.ts';
import { GroupCommit } from './sqlite-batch.ts';
import { GRANT_RETENTION_MS, GRANTS_PER_USER, type GrantLimits, type GrantStore } from './types.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS grants (
    user TEXT NOT NULL,
    peer TEXT NOT NULL,
    room TEXT NOT NULL,
    used_at INTEGER NOT NULL,
    PRIMARY KEY (user, peer, room)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS grants_of_user ON grants (user, used_at);
  CREATE INDEX IF NOT EXISTS grants_by_use ON grants (used_at);
`;

const DEFAULTS: GrantLimits = { perUser: GRANTS_PER_USER, retentionMs: GRANT_RETENTION_MS };

export class SqliteGrantStore implements GrantStore {
  readonly #grant: (room: RoomKey, a: UserId, b: UserId, now: number) => void;
  readonly #has;
  readonly #expire;
  readonly #commit: GroupCommit;

  constructor(
    db: SqliteDatabase,
    private readonly limits: GrantLimits = DEFAULTS,
    commit: GroupCommit = new GroupCommit(db),
  ) {
    this.#commit = commit;
    db.exec(SCHEMA);
    const upsert = db.prepare(
      `INSERT INTO grants (user, peer, room, used_at) VALUES (@user, @peer, @room, @now)
       ON CONFLICT (user, peer, room) DO UPDATE SET used_at = @now`,
    );
    const beyond = db.prepare(
      'SELECT peer, room FROM grants WHERE user = @user ORDER BY used_at DESC LIMIT -1 OFFSET @keep',
    );
    const remove = db.prepare('DELETE FROM grants WHERE user = @user AND peer = @peer AND room = @room');
    // In the batch's transaction.
    this.#grant = (room: RoomKey, a: UserId, b: UserId, now: number): void => {
      upsert.run({ user: a, peer: b, room, now });
      upsert.run({ user: b, peer: a, room, now });
      for (const user of [a, b]) {
        const over = beyond.all({ user, keep: this.limits.perUser }) as Array<{ peer: UserId; room: RoomKey }>;
        for (const { peer, room: where } of over) {
          remove.run({ user, peer, room: where });
          remove.run({ user: peer, peer: user, room: where });
        }
      }
    };
    this.#has = db.prepare(
      'SELECT 1 FROM grants WHERE user = @a AND peer = @b AND room = @room AND used_at >= @oldest',
    );
    this.#expire = db.prepare('DELETE FROM grants WHERE used_at < ?');
  }

  /** Resolves once the transaction holding the grant committed. */
  async grant(room: RoomKey, a: UserId, b: UserId, now: number): Promise<void> {
    await this.#commit.add(() => this.#grant(room, a, b, now));
  }

  async has(room: RoomKey, a: UserId, b: UserId, now: number): Promise<boolean> {
    return this.#has.get({ a, b, room, oldest: now - this.limits.retentionMs }) !== undefined;
  }

  /** Deletes the grants unused for longer than the retention. */
  sweep(now: number): void {
    this.#expire.run(now - this.limits.retentionMs);
  }
}
