/** Envelopes shaped as the relay relays them (protocol/messages.ts), for the hub's unit tests. */
import type { Bodies, Envelope, Kind, Member, RoomKey } from '../../protocol/index.ts';

export const PAGE_ROOM: RoomKey = 'a'.repeat(64);
export const OTHER_PAGE_ROOM: RoomKey = 'c'.repeat(64);

export const ALICE: Member = { id: 'alice-0000000000000', name: 'Alice' };
export const BOB: Member = { id: 'bob-00000000000000000', name: 'Bob' };
export const CAROL: Member = { id: 'carol-00000000000000', name: 'Carol' };

let serial = 0;

/** A DM of any kind from `from` to `to`, with ids in send order. */
export function dm<K extends Kind>(
  from: Member,
  to: Member,
  kind: K,
  body: Bodies[K],
  overrides: { room?: RoomKey; at?: number } = {},
): Envelope<K> {
  serial++;
  const head = {
    id: `d${String(serial).padStart(6, '0')}`,
    clientId: `client-${serial}`,
    room: overrides.room ?? PAGE_ROOM,
    from,
    to: to.id,
    at: overrides.at ?? Date.UTC(2025, 0, 1, 12, 0, serial),
  };
  return { ...head, kind, body } as Envelope<K>;
}

/** A text DM. */
export const dmText = (from: Member, to: Member, text: string, overrides: { room?: RoomKey } = {}): Envelope<'text'> =>
  dm(from, to, 'text', { text }, overrides);
