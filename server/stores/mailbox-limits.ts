import { MAILBOX_MAX_PER_RECIPIENT, MAILBOX_MAX_PER_SENDER, MAILBOX_TTL_MS } from '../../protocol/index.ts';
import type { Config } from '../config.ts';
import type { MailboxLimits } from './types.ts';

const bytesOf = (mb: number): number => (mb === 0 ? Infinity : mb * 1_048_576);

/**
 * The contract's bounds, and the relay's own on all mailboxes together (MAILBOX_MAX_MB) and on
 * what one sender has waiting in them (MAILBOX_SENDER_MB).
 */
export const mailboxLimits = ({
  mailboxMaxMb,
  mailboxSenderMb,
}: Pick<Config, 'mailboxMaxMb' | 'mailboxSenderMb'>): MailboxLimits => ({
  perRecipient: MAILBOX_MAX_PER_RECIPIENT,
  perSender: MAILBOX_MAX_PER_SENDER,
  ttlMs: MAILBOX_TTL_MS,
  maxBytes: bytesOf(mailboxMaxMb),
  senderMaxBytes: bytesOf(mailboxSenderMb),
});

/** What one kept envelope counts against MAILBOX_MAX_MB: its bytes as stored. */
export const storedBytes = (json: string): number => Buffer.byteLength(json);

/** Whether a receipt names this DM: its id, in its room, from the sender as the DM named them. */
export const receiptMatches = (
  envelope: { id: string; room: string; from: { id: string } },
  receipt: { id: string; room: string; from: string },
): boolean => envelope.id === receipt.id && envelope.room === receipt.room && envelope.from.id === receipt.from;
