/**
 * Per watched room, the messages no panel has shown yet and the mentions of this person among
 * them (issue #13), for the badge. Kept in memory: they are about rooms joined now, and a room
 * no panel watches any more takes its counts with it.
 */
import type { Envelope, RoomKey, UserId } from '../../protocol/index.ts';
import type { RoomCount } from './badge.ts';

/** True when `envelope` is a room message (not a DM) that mentions `self`. */
export function mentions(envelope: Envelope, self: UserId | null): boolean {
  return (
    self !== null &&
    envelope.to === undefined &&
    envelope.kind === 'text' &&
    envelope.from.id !== self &&
    (envelope.body.mentions?.includes(self) ?? false)
  );
}

export class RoomCounts {
  readonly #counts = new Map<RoomKey, RoomCount>();

  get counts(): ReadonlyMap<RoomKey, RoomCount> {
    return this.#counts;
  }

  /** A room message arrived while no panel showed its room; false when it does not count. */
  unseen(envelope: Envelope, self: UserId | null): boolean {
    if (envelope.to !== undefined || envelope.from.id === self) return false;
    if (envelope.kind !== 'text' && envelope.kind !== 'image') return false;
    const count = this.#counts.get(envelope.room) ?? { unread: 0, mentions: 0 };
    this.#counts.set(envelope.room, {
      unread: count.unread + 1,
      mentions: count.mentions + (mentions(envelope, self) ? 1 : 0),
    });
    return true;
  }

  /** A panel shows the room: everything in it is seen; false when nothing was counted. */
  seen(room: RoomKey): boolean {
    return this.#counts.delete(room);
  }
}
