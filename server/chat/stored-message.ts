/**
 * A room message as the history keeps it: the envelope the relay accepted, with the changes
 * made to it since folded in (protocol/fold.ts has the rules), and each reaction with who
 * gave it, so a repeated reaction counts once and each viewer can be told which are theirs.
 * Records written before protocol v2 (a `text` and no `kind`) read as text messages.
 */
import {
  changeProblem,
  failure,
  foldChange,
  REACTION_EMOJI_MAX,
  REACTIONS_PER_MESSAGE_MAX,
  type ChatMessage,
  type ChangeEnvelope,
  type Envelope,
  type Failure,
  type Message,
  type MessageKind,
  type UserId,
} from '../../protocol/index.ts';

export interface StoredReaction {
  emoji: string;
  users: UserId[];
}

/** Omit over each member of a union, keeping it discriminated. */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type StoredMessage = OmitEach<Message, 'reactions'> & { reactions?: StoredReaction[] };

/** A freshly accepted message as the history first keeps it. */
export function storedOf(envelope: Envelope<MessageKind>): StoredMessage {
  return { ...envelope };
}

/** Reads a record of either form: a v1 record becomes a text message. */
export function readStored(raw: unknown): StoredMessage {
  const record = raw as StoredMessage | ChatMessage;
  if ('kind' in record) return record;
  const { text, ...head } = record;
  return { ...head, kind: 'text', body: { text } };
}

const reactionsFor = (stored: StoredMessage, viewer: UserId | null) =>
  (stored.reactions ?? []).map(({ emoji, users }) => ({
    emoji,
    count: users.length,
    mine: viewer !== null && users.includes(viewer),
  }));

/** The message as `viewer` sees it (null: nobody's own reactions are marked). */
export function viewOf(stored: StoredMessage, viewer: UserId | null): Message {
  const { reactions: _kept, ...message } = stored;
  return { ...message, reactions: reactionsFor(stored, viewer) } as Message;
}

/** What a v1 client sees of it: text messages only, in their current text; nothing for the rest. */
export function v1Of(stored: StoredMessage): ChatMessage | null {
  if (stored.kind !== 'text' || stored.body === null) return null;
  const { id, clientId, room, from, at } = stored;
  return { id, clientId, room, from, at, text: stored.body.text };
}

function react(stored: StoredMessage, change: ChangeEnvelope & { kind: 'reaction' }): StoredMessage | Failure {
  const { emoji, on } = change.body;
  const reactions = stored.reactions ?? [];
  const current = reactions.find((reaction) => reaction.emoji === emoji);
  const has = current?.users.includes(change.from.id) ?? false;
  if (has === on) return stored;
  if (on) {
    if (!current && reactions.length >= REACTION_EMOJI_MAX)
      return failure('bad_request', `a message holds at most ${REACTION_EMOJI_MAX} different emoji`);
    if (reactions.reduce((sum, { users }) => sum + users.length, 0) >= REACTIONS_PER_MESSAGE_MAX)
      return failure('bad_request', `a message holds at most ${REACTIONS_PER_MESSAGE_MAX} reactions`);
  }
  const users = on
    ? [...(current?.users ?? []), change.from.id]
    : (current?.users ?? []).filter((id) => id !== change.from.id);
  const next = current
    ? reactions.map((reaction) => (reaction === current ? { emoji, users } : reaction))
    : [...reactions, { emoji, users }];
  return { ...stored, reactions: next.filter((reaction) => reaction.users.length > 0) };
}

/**
 * `stored` after `change`, or why the change is refused (the same rules every client folds
 * with). A change that alters nothing (a reaction the sender already gave) answers `stored`.
 */
export function applyToStored(stored: StoredMessage, change: ChangeEnvelope): StoredMessage | Failure {
  const problem = changeProblem(stored, change);
  if (problem !== null) return failure('bad_request', problem);
  if (change.kind === 'reaction') return react(stored, change);
  const folded = foldChange(viewOf(stored, null), change, change.from.id);
  const { reactions: _counts, ...rest } = folded;
  return change.kind === 'delete'
    ? (rest as StoredMessage)
    : ({ ...rest, reactions: stored.reactions ?? [] } as StoredMessage);
}

/** The count of `emoji` on `stored`. */
export const countOf = (stored: StoredMessage, emoji: string): number =>
  stored.reactions?.find((reaction) => reaction.emoji === emoji)?.users.length ?? 0;
