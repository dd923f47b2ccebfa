import type { DmReceipt, Envelope, UserId } from '../../protocol/index.ts';
import { MAILBOX_LIMITS, receiptMatches } from './mailbox-limits.ts';
import type { MailboxLimits, MailboxStore, MailedDm } from './types.ts';

interface Kept extends MailedDm {
  keptAt: number;
}

/**
 * Mailboxes in this process: lost with it, as memory storage is. Besides each mailbox's bounds,
 * at most `maxRecipients` people have one at once, so that no number of addressees grows the
 * process without bound; past it a DM to someone new waits for a mailbox to empty.
 */
export class MemoryMailboxStore implements MailboxStore {
  readonly #boxes = new Map<UserId, Kept[]>();

  constructor(
    private readonly maxRecipients = 100_000,
    private readonly limits: MailboxLimits = MAILBOX_LIMITS,
  ) {}

  async put(recipient: UserId, sender: UserId, envelope: Envelope<'sealed'>, now: number): Promise<'kept' | 'full'> {
    const box = this.#trimmed(recipient, now);
    if (box.some((kept) => kept.envelope.id === envelope.id)) return 'kept';
    if (box.length === 0 && this.#boxes.size >= this.maxRecipients) return 'full';
    if (box.length >= this.limits.perRecipient) return 'full';
    if (box.filter((kept) => kept.sender === sender).length >= this.limits.perSender) return 'full';
    box.push({ sender, envelope, keptAt: now });
    this.#boxes.set(recipient, box);
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

  #store(recipient: UserId, box: Kept[]): void {
    if (box.length === 0) this.#boxes.delete(recipient);
    else this.#boxes.set(recipient, box);
  }
}
