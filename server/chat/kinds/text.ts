import { replyPreviewOf, type Envelope, type ReplyRef } from '../../../protocol/index.ts';
import { TextBody } from '../../../protocol/messages.ts';
import { storedOf } from '../stored-message.ts';
import { compile } from '../validate.ts';
import type { KindPolicy, PolicyDeps } from './policy.ts';

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
    const ref: ReplyRef = original === null ? { id: reply.id } : replyPreviewOf(original);
    return { ...envelope, body: { ...envelope.body, reply: ref } };
  },
  async keep(envelope, lane, { stores }) {
    await stores.history.append(storedOf(envelope), lane);
    return envelope;
  },
};
