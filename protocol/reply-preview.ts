/**
 * What a reply shows of its original: who wrote it and how it starts. One rule for the relay,
 * which fills a room reply from what the room keeps, and for the panel, which fills a DM reply
 * (the relay keeps no DM) from the conversation it shows, so both read the same.
 */
import { REPLY_SNIPPET_CHARS } from './limits.ts';
import type { ImageBody, MessageKind, ReplyRef, TextBody } from './messages.ts';
import type { Member } from './schemas.ts';
import { charCount } from './text.ts';

/** A message as far as its preview goes: the relay's stored record and the panel's folded one. */
export type Previewed = { id: string; from: Member } & (
  { kind: 'text'; body: TextBody } | { kind: 'image'; body: ImageBody } | { kind: MessageKind; body: null }
);

/** The start of a text, in whole code points. */
export function snippetOf(text: string): string {
  return charCount(text) <= REPLY_SNIPPET_CHARS ? text : `${[...text].slice(0, REPLY_SNIPPET_CHARS).join('')}…`;
}

/** A deleted original shows nothing of itself; an image, its alt text. */
export function replyPreviewOf(original: Previewed): ReplyRef {
  if (original.body === null) return { id: original.id, from: original.from, snippet: '' };
  const snippet = original.kind === 'text' ? snippetOf(original.body.text) : (original.body.alt ?? '');
  return { id: original.id, from: original.from, snippet };
}
