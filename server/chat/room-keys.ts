/**
 * The public keys a protocol v3 connection publishes with its joins (issue #15), one per room.
 * Presence keeps the key of each member in the room; the connection remembers what it published,
 * also in rooms it has left since, so that a sealed DM it sends under a conversation grant still
 * names its key (`from.key`). A key is never part of `socket.data.user`, which is the same in
 * every room.
 */
import type { Member, PublicKey, RoomKey } from '../../protocol/index.ts';
import type { ChatSocket } from './types.ts';

/** Rooms whose key one connection remembers; past it the one published longest ago goes. */
const KEYS_REMEMBERED = 64;

/** Remembers `key` as this connection's in `room`. */
export function publishKey(socket: ChatSocket, room: RoomKey, key: PublicKey): void {
  // Plain data, as Socket.IO hands it between nodes; most recently published last.
  const others = Object.entries(socket.data.keys ?? {}).filter(([where]) => where !== room);
  socket.data.keys = Object.fromEntries([...others.slice(-(KEYS_REMEMBERED - 1)), [room, key]]);
}

/** The key this connection published in `room`, if any. */
export const keyIn = (socket: ChatSocket, room: RoomKey): PublicKey | undefined =>
  socket.data.keys && Object.hasOwn(socket.data.keys, room) ? socket.data.keys[room] : undefined;

/** This connection's user as the room sees it: with its key there, when it published one. */
export function memberIn(socket: ChatSocket, room: RoomKey): Member {
  const key = keyIn(socket, room);
  return key === undefined ? socket.data.user : { ...socket.data.user, key };
}

/** A member as v1 reads it: v1's Member has an id and a name only. */
export function withoutKey({ id, name }: Member): Member {
  return { id, name };
}
