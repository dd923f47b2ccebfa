/**
 * Socket.IO room names. A page room and a user's own channel (all of its connections, for
 * DMs) live in one namespace, so each kind gets a prefix that a room key or id cannot fake.
 */
import type { RoomKey, UserId } from '../../protocol/index.ts';
import type { ChatSocket } from './types.ts';

const ROOM_PREFIX = 'r:';
const USER_PREFIX = 'u:';
// Protocol v2 connections are also in these, so one emit reaches each version in its own shape.
const V2_ROOM_PREFIX = 'r2:';
const V2_USER_PREFIX = 'u2:';
// Protocol v3 connections are in all of the above and in this one, which alone gets sealed DMs.
const V3_USER_PREFIX = 'u3:';

/** Every connection in the room, whatever its version. */
export const roomChannel = (room: RoomKey): string => ROOM_PREFIX + room;
/** Every connection of the user (for DMs), whatever its version. */
export const userChannel = (id: UserId): string => USER_PREFIX + id;
/** The room's protocol v2 connections. */
export const v2RoomChannel = (room: RoomKey): string => V2_ROOM_PREFIX + room;
/** The user's protocol v2 connections. */
export const v2UserChannel = (id: UserId): string => V2_USER_PREFIX + id;

/** The user's protocol v3 connections: the only ones that can open a sealed DM. */
export const v3UserChannel = (id: UserId): string => V3_USER_PREFIX + id;

/** The channels a new connection of protocol `v` enters for its user. */
export function userChannelsOf(id: UserId, v: 1 | 2 | 3): string[] {
  return [userChannel(id), ...(v >= 2 ? [v2UserChannel(id)] : []), ...(v >= 3 ? [v3UserChannel(id)] : [])];
}

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
