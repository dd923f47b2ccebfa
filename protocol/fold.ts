/**
 * Folding a change (`reaction`, `edit`, `delete`) into the message it points at. The rules of
 * who may change what live here once: the relay refuses what they refuse before it stores or
 * relays anything, and every client folds with the same function, so a DM (which the relay
 * does not keep) follows the same rules, and a change that reaches a client some other way
 * cannot do more than the relay would allow.
 */
import { EDIT_WINDOW_MS, MODERATOR } from './limits.ts';
import type { ChangeEnvelope, Message, Reaction } from './messages.ts';
import type { UserId } from './schemas.ts';

/** What a change's checks need of its target. */
export type ChangeTarget = Pick<Message, 'from' | 'at' | 'kind' | 'deletedAt'>;

/** Why `change` may not apply to `target`, in words; null when it may. */
export function changeProblem(target: ChangeTarget, change: ChangeEnvelope): string | null {
  if (target.deletedAt !== undefined) return 'that message was deleted';
  switch (change.kind) {
    case 'edit':
      if (change.from.id !== target.from.id) return 'only its author can edit a message';
      if (target.kind !== 'text') return 'only text messages can be edited';
      if (change.at - target.at > EDIT_WINDOW_MS)
        return `a message can be edited for ${EDIT_WINDOW_MS / 60_000} minutes after it was sent`;
      return null;
    case 'delete':
      if (change.body.by === 'moderator')
        return change.from.id === MODERATOR.id ? null : 'only the relay removes for a moderator';
      return change.from.id === target.from.id ? null : 'only its author can delete a message';
    case 'reaction':
      return null;
  }
}

/**
 * One emoji's reactions after `change`: with the relay's `count` (rooms), that count; without
 * it (a DM, where the relay counts nothing), the two people's own: the viewer's, and the other
 * person's as this change or the earlier state says.
 */
function reacted(reactions: readonly Reaction[], change: ChangeEnvelope & { kind: 'reaction' }, viewer: UserId) {
  const { emoji, on, count } = change.body;
  const current = reactions.find((reaction) => reaction.emoji === emoji);
  const mine = change.from.id === viewer ? on : (current?.mine ?? false);
  const others = change.from.id === viewer ? (current?.count ?? 0) - (current?.mine ? 1 : 0) : on ? 1 : 0;
  const next: Reaction = { emoji, mine, count: count ?? others + (mine ? 1 : 0) };
  if (next.count <= 0) return reactions.filter((reaction) => reaction.emoji !== emoji);
  return current ? reactions.map((reaction) => (reaction === current ? next : reaction)) : [...reactions, next];
}

/** `message` after `change`, as `viewer` sees it; unchanged when the change may not apply. */
export function foldChange(message: Message, change: ChangeEnvelope, viewer: UserId): Message {
  if (changeProblem(message, change) !== null) return message;
  switch (change.kind) {
    case 'reaction':
      return { ...message, reactions: reacted(message.reactions, change, viewer) };
    case 'edit': {
      if (message.kind !== 'text' || message.body === null) return message;
      const { text, mentions } = change.body;
      const body = { ...message.body, text };
      if (mentions === undefined) delete body.mentions;
      else body.mentions = mentions;
      return { ...message, body, editedAt: Math.max(change.at, message.editedAt ?? 0) };
    }
    case 'delete': {
      const by = change.body.by === 'moderator' ? { deletedBy: 'moderator' as const } : {};
      return { ...message, body: null, deletedAt: change.at, reactions: [], ...by };
    }
  }
}

/** Whether `message` mentions `viewer` (deleted messages mention no one). */
export function mentions(message: Message, viewer: UserId): boolean {
  return message.kind === 'text' && message.body !== null && (message.body.mentions ?? []).includes(viewer);
}
