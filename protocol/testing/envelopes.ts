/** Envelopes as the relay stamps them, for the unit tests of the kinds, the fold and the store. */
import type { Bodies, ChangeKind, Envelope, ImageBody, Member, Message, MessageKind, RoomKey } from '../index.ts';

export const ROOM: RoomKey = 'a'.repeat(64);
export const OTHER_ROOM: RoomKey = 'b'.repeat(64);

export const ALICE: Member = { id: 'alice-0000000000000', name: 'Alice' };
export const BOB: Member = { id: 'bob-00000000000000000', name: 'Bob' };
export const CAROL: Member = { id: 'carol-00000000000000', name: 'Carol' };

/** When the first envelope of a test file was sent; each next one is a second later. */
export const T0 = Date.UTC(2026, 0, 1, 12);

let serial = 0;

/** Ids sort in send order, as the relay's do. */
function stamp(): { id: string; clientId: string; at: number } {
  serial++;
  return { id: `m${String(serial).padStart(6, '0')}`, clientId: `client-${serial}`, at: T0 + serial * 1000 };
}

type Head = Partial<Omit<Envelope, 'kind' | 'body'>>;

export function textFrom(from: Member, text: string, head: Head = {}, body: Partial<Bodies['text']> = {}) {
  return { ...stamp(), room: ROOM, from, kind: 'text', body: { text, ...body }, ...head } as Envelope<'text'>;
}

export const IMAGE_ID = 'i'.repeat(22);

export function imageFrom(from: Member, head: Head = {}, body: Partial<ImageBody> = {}) {
  const sizes = { width: 800, height: 600, thumbWidth: 320, thumbHeight: 240 };
  return {
    ...stamp(),
    room: ROOM,
    from,
    kind: 'image',
    body: { id: IMAGE_ID, ...sizes, ...body },
    ...head,
  } as Envelope<'image'>;
}

/** A change (reaction, edit, delete) `from` someone, sent after everything made so far. */
export function changeFrom<K extends ChangeKind>(from: Member, kind: K, body: Bodies[K], head: Head = {}) {
  return { ...stamp(), room: ROOM, from, kind, body, ...head } as Envelope<K>;
}

/** A message as a page of history carries it, nothing folded into it yet. */
export function messageOf(envelope: Envelope<MessageKind>): Message {
  return { ...envelope, reactions: [] } as Message;
}
