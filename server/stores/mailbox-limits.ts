import { MAILBOX_MAX_PER_RECIPIENT, MAILBOX_MAX_PER_SENDER, MAILBOX_TTL_MS } from '../../protocol/index.ts';
import type { MailboxLimits } from './types.ts';

/** The contract's bounds, which every mailbox store keeps unless a test gives its own. */
export const MAILBOX_LIMITS: MailboxLimits = {
  perRecipient: MAILBOX_MAX_PER_RECIPIENT,
  perSender: MAILBOX_MAX_PER_SENDER,
  ttlMs: MAILBOX_TTL_MS,
};

/** Whether a receipt names this DM: its id, in its room, from the sender as the DM named them. */
export const receiptMatches = (
  envelope: { id: string; room: string; from: { id: string } },
  receipt: { id: string; room: string; from: string },
): boolean => envelope.id === receipt.id && envelope.room === receipt.room && envelope.from.id === receipt.from;
