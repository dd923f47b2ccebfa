/**
 * Accepted sends in SQLite, so that a retry after a restart is still recognised. A row keeps
 * the message without its text and a hash of the send's content (send-record.ts); rows written
 * before hashes were kept hold the full message (a DM's with an empty text) and no hash.
 *
 * Its writes join the group commit (sqlite-batch.ts): a room post's claim is written in the same
 * transaction as its message, or an earlier one (batches commit in order), so nothing of a post is
 * ever kept without its claim. What a claim wrote and the batch has not committed yet is kept
 * here meanwhile (`#unwritten`), so a claim sees it. Confirming, releasing and abandoning resolve
 * once committed, so a send is acknowledged only once its record says it was delivered.
 *
 * But for a room post that is a message of its own (text, image), whose message row is its
 * delivery's record: its confirmation resolves at once and rides with a later batch
 * (`GroupCommit.later`), and a pending record whose message the room keeps counts as confirmed,
 * unless an attempt abandoned it (a lease of 0). Should the process die after the message was
 * kept and before the confirmation was, a retry is answered as accepted, as it was before: the
 * live members, reconnecting, catch up on the history. So such a post costs one commit, not two.
 */
import type { SqliteDatabase } from './sqlite-driver.ts';
import { GroupCommit } from './sqlite-batch.ts';
import { answerFrom, recordOf, sameSend } from './send-record.ts';
import type { Claim, IdempotencyStore, SentMessage } from './types.ts';

/**
 * Adds the columns that earlier versions lacked. Their rows were all delivered, which a NULL
 * lease means; a NULL hash means the row holds the full message.
 */
export function migrateSends(db: SqliteDatabase): void {
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
  readonly #read;
  readonly #write;
  readonly #extend;
  readonly #confirm;
  readonly #release;
  readonly #abandon;
  readonly #commit: GroupCommit;
  /** Rows as the batch under way leaves them (null: deleted), until it commits. */
  readonly #unwritten = new Map<string, SendRow | null>();
  /**
   * The row each attempt under way claimed, until it confirms, releases or abandons; `written`
   * once its batch committed. Until then they write it whole, so a send is recorded even if the
   * batch of its claim failed and a later one kept its message.
   */
  readonly #underWay = new Map<string, { row: SendRow; written: boolean; keptAsMessage: boolean }>();
  readonly #messageKept;

  constructor(
    db: SqliteDatabase,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    commit: GroupCommit = new GroupCommit(db),
  ) {
    this.#commit = commit;
    this.#read = db.prepare('SELECT message, hash, expires_at, lease_until FROM sends WHERE key = ?');
    this.#write = db.prepare(
      'INSERT OR REPLACE INTO sends (key, message, hash, expires_at, lease_until) VALUES (@key, @message, @hash, @expiresAt, @leaseUntil)',
    );
    this.#extend = db.prepare('UPDATE sends SET lease_until = ? WHERE key = ?');
    this.#confirm = db.prepare('UPDATE sends SET lease_until = NULL WHERE key = ?');
    this.#release = db.prepare('DELETE FROM sends WHERE key = ?');
    this.#abandon = db.prepare('UPDATE sends SET lease_until = 0 WHERE key = ? AND lease_until IS NOT NULL');
    this.#messageKept = db.prepare('SELECT 1 AS kept FROM messages WHERE room = ? AND id = ?');
  }

  #row(key: string): SendRow | undefined {
    const unwritten = this.#unwritten.get(key);
    if (unwritten !== undefined) return unwritten ?? undefined;
    return this.#read.get(key) as SendRow | undefined;
  }

  /**
   * Queues `write` with the row it leaves (`undefined`: unchanged, as far as a claim can tell),
   * for the next batch or, `later`, one that may come later.
   */
  #queue(key: string, row: SendRow | null | undefined, write: () => unknown, later = false): Promise<void> {
    if (row !== undefined) this.#unwritten.set(key, row);
    const done = later ? this.#commit.later(write) : this.#commit.add(write);
    const forget = (): void => {
      if (row !== undefined && this.#unwritten.get(key) === row) this.#unwritten.delete(key);
    };
    return done.then(forget, (error: unknown) => {
      forget();
      throw error;
    });
  }

  /**
   * Answers at once from what is kept and queues what it writes. A room post's effects (its
   * message, or its change to one) join the same batch or a later one, so they never commit
   * before the claim. A DM's (a grant, a mailbox, the relay) do not go through the batch, so its
   * claim waits for its commit.
   */
  async claim(key: string, draft: SentMessage, leaseMs: number): Promise<Claim> {
    const now = this.now();
    const row = this.#row(key);
    let written: Promise<void>;
    let claim: Claim;
    if (row && row.expires_at > now) {
      const record = { message: JSON.parse(row.message) as unknown, hash: row.hash };
      if (!sameSend(record, draft)) return { status: 'conflict' };
      const message = answerFrom(record, draft);
      if (row.lease_until === null) return { status: 'accepted', message };
      if (
        row.lease_until !== 0 &&
        keptAsMessage(message) &&
        this.#messageKept.get(message.room, message.id) !== undefined
      ) {
        return { status: 'accepted', message };
      }
      if (row.lease_until > now) return { status: 'busy' };
      const leaseUntil = now + leaseMs;
      const resumed = { ...row, lease_until: leaseUntil };
      written = this.#claimed(key, resumed, keptAsMessage(draft), () => this.#extend.run(leaseUntil, key));
      claim = { status: 'resumed', message };
    } else {
      const { message, hash } = recordOf(draft);
      const fresh: SendRow = {
        message: JSON.stringify(message),
        hash,
        expires_at: now + this.ttlMs,
        lease_until: now + leaseMs,
      };
      written = this.#claimed(key, fresh, keptAsMessage(draft), () => this.#put(key, fresh));
      claim = { status: 'claimed' };
    }
    if (draft.to !== undefined) await written;
    // A failed batch fails the post's own writes, which its attempt hears of.
    else written.catch(() => undefined);
    return claim;
  }

  #claimed(key: string, row: SendRow, keptAsMessage: boolean, write: () => unknown): Promise<void> {
    const underWay = { row, written: false, keptAsMessage };
    this.#underWay.set(key, underWay);
    return this.#queue(key, row, write).then(() => {
      underWay.written = true;
    });
  }

  /**
   * Writes what `change` makes of the claimed row: whole unless its claim is known written. A
   * confirmation (`confirming`) of a send kept as a message rides a later batch, unawaited.
   */
  #settle(key: string, change: Partial<SendRow>, update: () => unknown, confirming = false): Promise<void> {
    const claimed = this.#underWay.get(key);
    this.#underWay.delete(key);
    if (claimed === undefined) return this.#queue(key, undefined, update);
    const row = { ...claimed.row, ...change };
    // A claim not known written has no record for a kept message to stand beside yet.
    if (!claimed.written) return this.#queue(key, row, () => this.#put(key, row));
    if (!confirming || !claimed.keptAsMessage) return this.#queue(key, row, update);
    // Should its batch fail, the record stays pending, as a crash would leave it.
    this.#queue(key, row, update, true).catch(() => undefined);
    return Promise.resolve();
  }

  #put(key: string, row: SendRow): void {
    const { message, hash, expires_at: expiresAt, lease_until: leaseUntil } = row;
    this.#write.run({ key, message, hash, expiresAt, leaseUntil });
  }

  async confirm(key: string): Promise<void> {
    await this.#settle(key, { lease_until: null }, () => this.#confirm.run(key), true);
  }

  async release(key: string): Promise<void> {
    this.#underWay.delete(key);
    await this.#queue(key, null, () => this.#release.run(key));
  }

  async abandon(key: string): Promise<void> {
    await this.#settle(key, { lease_until: 0 }, () => this.#abandon.run(key));
  }
}

/** A room post that is a message of its own (a `MessageKind`): the room's history keeps it under its id. */
const keptAsMessage = (send: SentMessage): boolean =>
  send.to === undefined && (send.kind === 'text' || send.kind === 'image');
