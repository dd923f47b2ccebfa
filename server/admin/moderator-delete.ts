/**
 * An operator's delete (issue #14): the message becomes a tombstone marked "removed by a
 * moderator" in history and, as a `delete` envelope from MODERATOR, on every v2 client in
 * the room on every node; an image message's image goes with it.
 */
import { MODERATOR, ServerEvent, type ChangeEnvelope, type Message, type RoomKey } from '../../protocol/index.ts';
import { v2RoomChannel } from '../chat/channels.ts';
import { applyToStored, viewOf } from '../chat/stored-message.ts';
import type { ChatServer } from '../chat/types.ts';
import type { IdGenerator } from '../ids.ts';
import type { ImageStore } from '../images/types.ts';
import type { Stores } from '../stores/types.ts';

export type DeleteOutcome =
  | { status: 'deleted'; message: Message; author: string; kind: string }
  | { status: 'missing' }
  | { status: 'already-deleted' };

export interface DeleteDeps {
  io: ChatServer;
  stores: Stores;
  images: ImageStore;
  nextId: IdGenerator;
  now: () => number;
}

export async function moderatorDelete(
  { io, stores, images, nextId, now }: DeleteDeps,
  room: RoomKey,
  target: string,
): Promise<DeleteOutcome> {
  const before = await stores.history.find(room, target);
  if (before === null) return { status: 'missing' };
  if (before.deletedAt !== undefined) return { status: 'already-deleted' };
  const id = nextId();
  const envelope: ChangeEnvelope = {
    id,
    clientId: `mod-${id}`,
    room,
    from: { ...MODERATOR },
    at: now(),
    kind: 'delete',
    body: { target, by: 'moderator' },
  };
  let applied = false;
  const after = await stores.history.update(room, target, (current) => {
    // Another delete may have landed since the look above (a store may run this more than once).
    applied = current.deletedAt === undefined;
    return applied ? applyToStored(current, envelope) : current;
  });
  if (after === null) return { status: 'missing' };
  if ('ok' in after || !applied) return { status: 'already-deleted' };
  if (before.kind === 'image' && before.body !== null) await images.remove(before.body.id);
  io.to(v2RoomChannel(room)).emit(ServerEvent.MessagePosted, envelope);
  return { status: 'deleted', message: viewOf(after, null), author: before.from.id, kind: before.kind };
}
