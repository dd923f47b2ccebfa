/**
 * What an idempotency store keeps of a send, and how a claim's draft is checked against it.
 * A record never holds a text (no copy of a room message, and DMs are never stored at all):
 * it keeps the message with an empty text and a hash of what identifies the send's content,
 * so a retry with the same clientId but other content is refused rather than answered with
 * a text that was never delivered (issue #11, "DM retry").
 */
import { createHash } from 'node:crypto';
import type { SentMessage } from './types.ts';

export interface SendRecord {
  /** The message as accepted, its text emptied. */
  message: SentMessage;
  /** `sendHash` of the accepted message. */
  hash: string;
}

/** SHA-256 (base64url) of the kind, room, addressee and text: what a retry must repeat. */
export function sendHash(send: SentMessage): string {
  const content = 'to' in send ? ['dm', send.room, send.to, send.text] : ['room', send.room, '', send.text];
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url');
}

export function recordOf(draft: SentMessage): SendRecord {
  return { message: { ...draft, text: '' }, hash: sendHash(draft) };
}

/**
 * Whether `draft` repeats the send recorded. Records written before hashes were kept (an older
 * SQLite database or Redis) hold the full message instead, a DM's with an empty text: the hash
 * of what they hold stands in, so a room message's retry still matches and a DM's never does.
 */
export function sameSend(record: { message: SentMessage; hash?: string | null }, draft: SentMessage): boolean {
  return (record.hash ?? sendHash(record.message)) === sendHash(draft);
}

/** The message a matching claim answers: the text is the draft's, equal to the one delivered. */
export function answerFrom(record: { message: SentMessage }, draft: SentMessage): SentMessage {
  return { ...record.message, text: draft.text };
}
