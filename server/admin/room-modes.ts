/**
 * An operator's change to a room's mode (issue #14): kept in the moderation store, then the
 * mode that now applies (the operator's and the relay's automatic slow mode together) is
 * pushed as `room:mode` to the room's v2 connections on every node. Enforcing it on posts is
 * the chat's.
 */
import type { RoomKey, RoomMode } from '../../protocol/index.ts';
import { announceMode } from '../chat/room-modes.ts';
import type { ChatServer } from '../chat/types.ts';
import { modeOf } from '../moderation/room-mode.ts';
import type { Stores, StoredRoomMode } from '../stores/types.ts';

export async function changeRoomMode(
  io: ChatServer,
  stores: Stores,
  room: RoomKey,
  change: Partial<Pick<StoredRoomMode, 'slowModeSeconds' | 'readOnly'>>,
  now: number,
): Promise<RoomMode> {
  const stored = await stores.moderation.setRoomMode(room, change);
  announceMode(io, room, stored, now);
  return modeOf(stored, now);
}
