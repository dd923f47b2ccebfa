/**
 * The panel's reducer (issue #12): how each kind of envelope changes what a conversation
 * shows. One case per kind, in a table the compiler checks, so a kind added to the protocol
 * and forgotten here does not compile. Messages come in as envelopes (live) or already folded
 * (a page of room history); changes fold into their target under the same rules the relay
 * enforces (protocol/fold.ts).
 */
import {
  foldChange,
  replyPreviewOf,
  type ChangeEnvelope,
  type Envelope,
  type Kind,
  type Message,
  type MessageKind,
  type UserId,
} from '../../../protocol/index.ts';

/** A conversation's messages by id, changed in place by the reducer. */
export type MessagesById = Map<string, Message>;

type Reducer<K extends Kind> = (messages: MessagesById, envelope: Envelope<K>, viewer: UserId) => void;

/**
 * A reply as the relay filled it in, or, where it could not (a DM is not kept, so it relays
 * only the original's id), from the original this conversation shows.
 */
function withReplyPreview(messages: MessagesById, envelope: Envelope<MessageKind>): Envelope<MessageKind> {
  if (envelope.kind !== 'text' || !envelope.body.reply || envelope.body.reply.from) return envelope;
  const original = messages.get(envelope.body.reply.id);
  if (!original) return envelope;
  return { ...envelope, body: { ...envelope.body, reply: replyPreviewOf(original) } };
}

/** A new message: kept as it is if already there (a page of history may have folded it since). */
const addMessage: Reducer<MessageKind> = (messages, envelope) => {
  if (messages.has(envelope.id)) return;
  messages.set(envelope.id, { ...withReplyPreview(messages, envelope), reactions: [] } as Message);
};

/**
 * A change to a message not shown (older than what was loaded) is dropped: the room's history
 * has it folded in whenever that message is loaded.
 */
const change: Reducer<ChangeEnvelope['kind']> = (messages, envelope, viewer) => {
  const target = messages.get(envelope.body.target);
  if (target) messages.set(target.id, foldChange(target, envelope, viewer));
};

export const REDUCERS: { [K in Kind]: Reducer<K> } = {
  text: addMessage,
  image: addMessage,
  reaction: change,
  edit: change,
  delete: change,
  // The hub opens sealed DMs (hub/sealing) before any panel sees them; one it could not open stays out.
  sealed: () => undefined,
};

/** Folds `envelopes`, in order, into `messages`. */
export function foldEnvelopes(messages: MessagesById, envelopes: readonly Envelope[], viewer: UserId): void {
  for (const envelope of envelopes) (REDUCERS[envelope.kind] as Reducer<Kind>)(messages, envelope, viewer);
}
