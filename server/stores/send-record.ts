/**
 * What an idempotency store keeps of a send, and how a claim's draft is checked against it.
 * A record never holds a body (no copy of a room message's text, and DMs are never stored at
 * all): it keeps the envelope without its body and a hash of what identifies the send's
 * content, so a retry with the same clientId but other content is refused rather than
 * answered with a body that was never delivered (issue #11, "DM retry").
 */
import { createHash } from 'node:crypto';
import type { SentMessage } from './types.ts';

/** The envelope as accepted, without its body. */
export type RecordedSend = Omit<SentMessage, 'body'> & { body: null };

export interface SendRecord {
  message: RecordedSend;
  /** `sendHash` of the accepted send. */
  hash: string;
}

/**
 * SHA-256 (base64url) of what a retry must repeat: kind, room, addressee and body as the
 * client sent it. A plain text keeps the form hashes had before protocol v2, so a retry
 * across an upgrade still matches its record.
 */
export function sendHash(send: SentMessage): string {
  const plainText = send.kind === 'text' && Object.keys(send.body).length === 1;
  const content = plainText
    ? [send.to === undefined ? 'room' : 'dm', send.room, send.to ?? '', send.body.text]
    : [send.kind, send.room, send.to ?? '', send.body];
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url');
}

export function recordOf(draft: SentMessage): SendRecord {
  return { message: { ...draft, body: null } as RecordedSend, hash: sendHash(draft) };
}

/** Records written before protocol v2 hold a v1 message (a `text`, no `kind`). */
function sentOf(recorded: unknown): SentMessage {
  const message = recorded as SentMessage | (Omit<SentMessage, 'kind' | 'body'> & { text: string });
  if ('kind' in message) return message;
  const { text, ...head } = message;
  return { ...head, kind: 'text', body: { text } };
}

/**
 * Whether `draft` repeats the send recorded. Records written before hashes were kept (an older
 * SQLite database or Redis) hold the full v1 message instead, a DM's with an empty text: the
 * hash of what they hold stands in, so a room message's retry still matches and a DM's never does.
 */
export function sameSend(record: { message: unknown; hash?: string | null }, draft: SentMessage): boolean {
  return (record.hash ?? sendHash(sentOf(record.message))) === sendHash(draft);
}

/** The envelope a matching claim answers: the body is the draft's, equal to the one delivered. */
export function answerFrom(record: { message: unknown }, draft: SentMessage): SentMessage {
  const { body: _none, ...head } = sentOf(record.message);
  return { ...head, kind: draft.kind, body: draft.body } as SentMessage;
}
