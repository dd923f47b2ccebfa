/**
 * Mailboxes in the SQLite database (the default storage), so a DM waiting for someone survives a
 * restart of the relay. A row is one sealed envelope (ciphertext) for one recipient; its bounds
 * are checked in the transaction that adds it, and the stores' sweep deletes rows past their age.
 * This process is the database's only writer, so it keeps the bytes of all rows as a running
 * total, counted once when it opens. What one sender has waiting in all mailboxes is summed from
 * an index on the sender, leaving out what is past its age but not yet swept.
 */
import type { SqliteDatabase } from './sqlite-driver.ts';
import type { DmReceipt, Envelope, UserId } from '../../protocol/index.ts';
import { storedBytes } from './mailbox-limits.ts';
import type { MailboxLimits, MailboxStore, MailedDm, MailOutcome } from './types.ts';

type Freed = Array<{ bytes: number }>;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS mailbox (
    recipient TEXT NOT NULL,
    id TEXT NOT NULL,
    sender TEXT NOT NULL,
    room TEXT NOT NULL,
    from_id TEXT NOT NULL,
    kept_at INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    envelope TEXT NOT NULL,
    PRIMARY KEY (recipient, id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS mailbox_in_order ON mailbox (recipient, kept_at, id);
  CREATE INDEX IF NOT EXISTS mailbox_by_sender ON mailbox (recipient, sender);
  CREATE INDEX IF NOT EXISTS mailbox_by_age ON mailbox (kept_at);
  CREATE INDEX IF NOT EXISTS mailbox_of_sender ON mailbox (sender, kept_at, bytes);
`;

export class SqliteMailboxStore implements MailboxStore {
  readonly #put: (recipient: UserId, sender: UserId, envelope: Envelope<'sealed'>, now: number) => MailOutcome;
  readonly #take: (recipient: UserId, receipts: readonly DmReceipt[], now: number) => MailedDm[];
  readonly #waiting;
  readonly #trim;
  readonly #expire;
  /** The bytes of every envelope kept. */
  #bytes: number;

  constructor(
    db: SqliteDatabase,
    private readonly limits: MailboxLimits,
  ) {
    db.exec(SCHEMA);
    this.#bytes = (db.prepare('SELECT coalesce(sum(bytes), 0) AS n FROM mailbox').get() as { n: number }).n;
    const trim = db.prepare('DELETE FROM mailbox WHERE recipient = @recipient AND kept_at <= @oldest RETURNING bytes');
    const has = db.prepare('SELECT 1 FROM mailbox WHERE recipient = @recipient AND id = @id');
    const count = db.prepare('SELECT COUNT(*) AS n FROM mailbox WHERE recipient = @recipient');
    const fromSender = db.prepare(
      'SELECT COUNT(*) AS n FROM mailbox WHERE recipient = @recipient AND sender = @sender',
    );
    const senderBytes = db.prepare(
      'SELECT coalesce(sum(bytes), 0) AS n FROM mailbox WHERE sender = @sender AND kept_at > @oldest',
    );
    const insert = db.prepare(
      `INSERT INTO mailbox (recipient, id, sender, room, from_id, kept_at, bytes, envelope)
       VALUES (@recipient, @id, @sender, @room, @fromId, @now, @bytes, @envelope)`,
    );
    const find = db.prepare(
      'SELECT sender, envelope FROM mailbox WHERE recipient = @recipient AND id = @id AND room = @room AND from_id = @from',
    );
    const remove = db.prepare('DELETE FROM mailbox WHERE recipient = @recipient AND id = @id RETURNING bytes');
    this.#trim = (recipient: UserId, now: number) =>
      this.#freed(trim.all({ recipient, oldest: now - this.limits.ttlMs }) as Freed);
    this.#put = db.transaction((recipient: UserId, sender: UserId, envelope: Envelope<'sealed'>, now: number) => {
      this.#trim(recipient, now);
      if (has.get({ recipient, id: envelope.id })) return 'kept';
      if ((count.get({ recipient }) as { n: number }).n >= this.limits.perRecipient) return 'full';
      if ((fromSender.get({ recipient, sender }) as { n: number }).n >= this.limits.perSender) return 'full';
      const json = JSON.stringify(envelope);
      const bytes = storedBytes(json);
      const oldest = now - this.limits.ttlMs;
      const waiting = (senderBytes.get({ sender, oldest }) as { n: number }).n;
      if (waiting + bytes > this.limits.senderMaxBytes) return 'sender_full';
      if (this.#bytes + bytes > this.limits.maxBytes) return 'no_room';
      insert.run({
        recipient,
        id: envelope.id,
        sender,
        room: envelope.room,
        fromId: envelope.from.id,
        now,
        bytes,
        envelope: json,
      });
      this.#bytes += bytes;
      return 'kept';
    });
    this.#take = db.transaction((recipient: UserId, receipts: readonly DmReceipt[], now: number) => {
      this.#trim(recipient, now);
      const taken: MailedDm[] = [];
      for (const { id, room, from } of receipts) {
        const row = find.get({ recipient, id, room, from }) as { sender: UserId; envelope: string } | undefined;
        if (!row) continue;
        this.#freed(remove.all({ recipient, id }) as Freed);
        taken.push({ sender: row.sender, envelope: JSON.parse(row.envelope) as Envelope<'sealed'> });
      }
      return taken;
    });
    this.#waiting = db.prepare(
      `SELECT envelope FROM mailbox WHERE recipient = @recipient AND kept_at > @oldest
       ORDER BY kept_at, id LIMIT @limit`,
    );
    this.#expire = db.prepare('DELETE FROM mailbox WHERE kept_at <= ? RETURNING bytes');
  }

  #freed(rows: Freed): void {
    for (const { bytes } of rows) this.#bytes -= bytes;
  }

  async put(recipient: UserId, sender: UserId, envelope: Envelope<'sealed'>, now: number): Promise<MailOutcome> {
    return this.#put(recipient, sender, envelope, now);
  }

  async waiting(recipient: UserId, limit: number, now: number): Promise<Envelope<'sealed'>[]> {
    this.#trim(recipient, now);
    const rows = this.#waiting.all({ recipient, oldest: now - this.limits.ttlMs, limit }) as Array<{
      envelope: string;
    }>;
    return rows.map((row) => JSON.parse(row.envelope) as Envelope<'sealed'>);
  }

  async take(recipient: UserId, receipts: readonly DmReceipt[], now: number): Promise<MailedDm[]> {
    return this.#take(recipient, receipts, now);
  }

  /** Deletes every DM past its age. */
  sweep(now: number): void {
    this.#freed(this.#expire.all(now - this.limits.ttlMs) as Freed);
  }
}
