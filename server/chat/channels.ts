/**
 * Socket.IO room names. A page room and a user's own channel (all of its connections, for
 * DMs) live in one namespace, so each kind gets a prefix that a room key or id cannot fake.
 */
import type { RoomKey, UserId } from '../../protocol/index.ts';
import type { ChatSocket } from './types.ts';

const ROOM_PREFIX = 'r:';
const USER_PREFIX = 'u:';

export const roomChannel = (room: RoomKey): string => ROOM_PREFIX + room;
export const userChannel = (id: UserId): string => USER_PREFIX + id;

/** The page rooms this connection is in. */
export function joinedRooms(socket: ChatSocket): RoomKey[] {
  const rooms: RoomKey[] = [];
  for (const channel of socket.rooms)
    if (channel.startsWith(ROOM_PREFIX)) rooms.push(channel.slice(ROOM_PREFIX.length));
  return rooms;
}

export function hasJoined(socket: ChatSocket, room: RoomKey): boolean {
  return socket.rooms.has(roomChannel(room));
}
