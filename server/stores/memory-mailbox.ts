import type { DmReceipt, Envelope, UserId } from '../../protocol/index.ts';
import { receiptMatches, storedBytes } from './mailbox-limits.ts';
import type { MailboxLimits, MailboxStore, MailedDm, MailOutcome } from './types.ts';

interface Kept extends MailedDm {
  keptAt: number;
  bytes: number;
}

/**
 * Mailboxes in this process: lost with it, as memory storage is; all of them within `maxBytes`,
 * each sender's DMs in all of them within `senderMaxBytes`.
 */
export class MemoryMailboxStore implements MailboxStore {
  readonly #boxes = new Map<UserId, Kept[]>();
  #bytes = 0;
  /** The bytes each sender has waiting, in every mailbox (a sender with none has no entry). */
  readonly #senderBytes = new Map<UserId, number>();

  constructor(private readonly limits: MailboxLimits) {}

  async put(recipient: UserId, sender: UserId, envelope: Envelope<'sealed'>, now: number): Promise<MailOutcome> {
    const box = this.#trimmed(recipient, now);
    if (box.some((kept) => kept.envelope.id === envelope.id)) return 'kept';
    if (box.length >= this.limits.perRecipient) return 'full';
    if (box.filter((kept) => kept.sender === sender).length >= this.limits.perSender) return 'full';
    const bytes = storedBytes(JSON.stringify(envelope));
    if ((this.#senderBytes.get(sender) ?? 0) + bytes > this.limits.senderMaxBytes) return 'sender_full';
    if (this.#bytes + bytes > this.limits.maxBytes) return 'no_room';
    this.#store(recipient, [...box, { sender, envelope, keptAt: now, bytes }]);
    return 'kept';
  }

  async waiting(recipient: UserId, limit: number, now: number): Promise<Envelope<'sealed'>[]> {
    return this.#trimmed(recipient, now)
      .slice(0, limit)
      .map((kept) => kept.envelope);
  }

  async take(recipient: UserId, receipts: readonly DmReceipt[], now: number): Promise<MailedDm[]> {
    const box = this.#trimmed(recipient, now);
    const taken: MailedDm[] = [];
    const left = box.filter(({ sender, envelope }) => {
      if (!receipts.some((receipt) => receiptMatches(envelope, receipt))) return true;
      taken.push({ sender, envelope });
      return false;
    });
    this.#store(recipient, left);
    return taken;
  }

  /** Drops every DM past its age, in every mailbox. */
  sweep(now: number): void {
    for (const recipient of [...this.#boxes.keys()]) this.#trimmed(recipient, now);
  }

  /** `recipient`'s mailbox without what is past its age (kept in insertion order, so oldest first). */
  #trimmed(recipient: UserId, now: number): Kept[] {
    const box = this.#boxes.get(recipient) ?? [];
    const fresh = box.filter((kept) => kept.keptAt > now - this.limits.ttlMs);
    if (fresh.length !== box.length) this.#store(recipient, fresh);
    return fresh;
  }

  /** Replaces `recipient`'s mailbox, keeping the counts of bytes of all of them and per sender. */
  #store(recipient: UserId, box: Kept[]): void {
    const count = (kept: readonly Kept[], sign: 1 | -1) => {
      for (const { sender, bytes } of kept) {
        this.#bytes += sign * bytes;
        const left = (this.#senderBytes.get(sender) ?? 0) + sign * bytes;
        if (left > 0) this.#senderBytes.set(sender, left);
        else this.#senderBytes.delete(sender);
      }
    };
    count(this.#boxes.get(recipient) ?? [], -1);
    count(box, 1);
    if (box.length === 0) this.#boxes.delete(recipient);
    else this.#boxes.set(recipient, box);
  }
}
