/** Test data shaped as the wire contract (v2) has it. */
import { JOIN_HISTORY_MAX } from '../../../protocol/index.ts';
import type {
  Bodies,
  ChangeKind,
  Envelope,
  Member,
  Message,
  RoomJoinAnswerV2,
  PostRequest,
  RoomKey,
  TextBody,
} from '../../../protocol/index.ts';
import type { Conversation, PageContext } from '../../lib/domain.ts';

export const PAGE_ROOM: RoomKey = 'a'.repeat(64);
export const SITE_ROOM: RoomKey = 'b'.repeat(64);
export const OTHER_PAGE_ROOM: RoomKey = 'c'.repeat(64);

export const ALICE: Member = { id: 'alice-0000000000000', name: 'Alice' };
export const BOB: Member = { id: 'bob-00000000000000000', name: 'Bob' };
export const CAROL: Member = { id: 'carol-00000000000000', name: 'Carol' };
/** Two people whose names look alike (issue #11): Latin Sam, and Sam in Cyrillic Ѕ and а. */
export const SAM: Member = { id: 'sam-000000000000000000', name: 'Sam' };
export const CYRILLIC_SAM: Member = { id: 'sam-cyrillic-000000000', name: '\u0405\u0430m' };

export function pageContext(page: RoomKey = PAGE_ROOM, site: RoomKey = SITE_ROOM): PageContext {
  return {
    status: 'ok',
    title: 'A page about otters',
    page: { key: page, label: 'https://example.com/otters' },
    site: { key: site, label: 'https://example.com' },
  };
}

/** A text message as the relay posts it (`message:post`'s answer, `message:posted`). */
export type TextEnvelope = Envelope<'text'>;

let serial = 0;

/** Ids sort in send order, as the relay's do. */
function next(prefix: string): { id: string; clientId: string; at: number } {
  serial++;
  return {
    id: `${prefix}${String(serial).padStart(6, '0')}`,
    clientId: `client-${serial}`,
    at: Date.UTC(2025, 0, 1, 12, 0, serial),
  };
}

type Extras = Partial<Omit<TextEnvelope, 'body' | 'kind'>> & { body?: Partial<TextBody> };

export function chat(from: Member, text: string, { body, ...overrides }: Extras = {}): TextEnvelope {
  return { ...next('m'), room: PAGE_ROOM, from, kind: 'text', body: { text, ...body }, ...overrides };
}

export function direct(from: Member, to: Member, text: string, { body, ...overrides }: Extras = {}): TextEnvelope {
  return { ...next('d'), room: PAGE_ROOM, from, to: to.id, kind: 'text', body: { text, ...body }, ...overrides };
}

/** A change (reaction, edit, delete) `from` someone, posted after everything made so far. */
export function change<K extends ChangeKind>(
  from: Member,
  kind: K,
  body: Bodies[K],
  overrides: Partial<Omit<Envelope<K>, 'kind' | 'body'>> = {},
): Envelope<K> {
  return { ...next('m'), room: PAGE_ROOM, from, kind, body, ...overrides } as Envelope<K>;
}

/** A text message as a page of history carries it: nothing folded into it yet. */
export function folded(message: TextEnvelope | Message): Message {
  return 'reactions' in message ? message : { ...message, reactions: [] };
}

/** The text a message shows; null for a tombstone or an image. */
export function textOf(message: Message | undefined): string | null {
  return message?.kind === 'text' && message.body !== null ? message.body.text : null;
}

export function joined(
  self: Member,
  members: Member[],
  history: readonly (TextEnvelope | Message)[] = [],
  memberCount = members.length,
): Extract<RoomJoinAnswerV2, { ok: true }> {
  return { ok: true, self, members, memberCount, history: history.map(folded) };
}

/** A join's history as full as a join answers (JOIN_HISTORY_MAX), `oldest` first: the room may have older ones. */
export function fullHistory(oldest: TextEnvelope): TextEnvelope[] {
  return [oldest, ...Array.from({ length: JOIN_HISTORY_MAX - 1 }, (_, index) => chat(BOB, `newer #${index}`))];
}

/** The envelope the relay answers a post with: stamped with an id, its sender and a time. */
export function accepted(
  post: PostRequest,
  from: Member,
  overrides: Partial<Pick<Envelope, 'id' | 'at'>> = {},
): Envelope {
  return { ...next('m'), ...post, from, ...overrides } as Envelope;
}

/** An image message (800×600, its thumbnail 320×240) as the relay posts it. */
export function picture(from: Member, overrides: Partial<Omit<Envelope<'image'>, 'kind'>> = {}): Envelope<'image'> {
  const body = {
    id: `img${String(serial + 1).padStart(19, '0')}`,
    width: 800,
    height: 600,
    thumbWidth: 320,
    thumbHeight: 240,
  };
  return { ...next('m'), room: PAGE_ROOM, from, kind: 'image', body, ...overrides };
}

/** A conversation as the hub's inbox holds it: `self` and `peer` in `room`, with its last line. */
export function conversation(
  self: Member,
  peer: Member,
  {
    room = PAGE_ROOM,
    unread = 0,
    last = { from: peer.id, preview: 'hello', at: Date.UTC(2025, 0, 1, 12) },
    pageTitle,
  }: {
    room?: RoomKey;
    unread?: number;
    last?: Conversation['last'];
    pageTitle?: string;
  } = {},
): Conversation {
  return {
    key: `${room}:${[self.id, peer.id].sort().join(':')}`,
    room,
    peer,
    last,
    unread,
    ...(pageTitle === undefined ? {} : { pageTitle }),
  };
}

/** Alice's inbox in the inbox views' tests: Carol, unread, on another page; Bob, read, here. */
export function alicesInbox(): { withCarol: Conversation; withBob: Conversation } {
  return {
    withCarol: conversation(ALICE, CAROL, {
      room: OTHER_PAGE_ROOM,
      unread: 2,
      last: { from: CAROL.id, preview: 'are you still reading?', at: Date.now() - 60_000 },
      pageTitle: 'Sea otters, a field guide',
    }),
    withBob: conversation(ALICE, BOB, {
      last: { from: ALICE.id, preview: 'see you', at: Date.now() - 120_000 },
    }),
  };
}
