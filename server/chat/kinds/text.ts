import { charCount, REPLY_SNIPPET_CHARS, type Envelope, type ReplyRef } from '../../../protocol/index.ts';
import { TextBody } from '../../../protocol/messages.ts';
import { storedOf, type StoredMessage } from '../stored-message.ts';
import { compile } from '../validate.ts';
import type { KindPolicy, PolicyDeps } from './policy.ts';

/** The start of a text, in whole code points. */
export function snippetOf(text: string): string {
  return charCount(text) <= REPLY_SNIPPET_CHARS ? text : `${[...text].slice(0, REPLY_SNIPPET_CHARS).join('')}…`;
}

/** What a reply shows of its original: who wrote it and how it starts (an image says so). */
function replyPreview(original: StoredMessage): ReplyRef {
  if (original.body === null) return { id: original.id, from: original.from, snippet: '' };
  const snippet = original.kind === 'text' ? snippetOf(original.body.text) : (original.body.alt ?? '');
  return { id: original.id, from: original.from, snippet };
}

export const textPolicy: KindPolicy<'text'> = {
  body: compile(TextBody),
  inDms: true,
  budget: 'send',
  newcomerText: (body) => body.text,
  async prepare(envelope: Envelope<'text'>, { stores }: PolicyDeps) {
    const { reply } = envelope.body;
    if (reply === undefined) return envelope;
    // A reply to a message the room no longer keeps still goes, with only its id.
    const original = await stores.history.find(envelope.room, reply.id);
    const ref: ReplyRef = original === null ? { id: reply.id } : replyPreview(original);
    return { ...envelope, body: { ...envelope.body, reply: ref } };
  },
  async keep(envelope, lane, { stores }) {
    await stores.history.append(storedOf(envelope), lane);
    return envelope;
  },
};
