/** Test data shaped as the wire contract has it. */
import { JOIN_HISTORY_MAX } from '../../../protocol/index.ts';
import type { ChatMessage, DirectMessage, Member, RoomJoinAnswer, RoomKey } from '../../../protocol/index.ts';
import type { PageContext } from '../../lib/domain.ts';

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

let serial = 0;

export function chat(from: Member, text: string, overrides: Partial<ChatMessage> = {}): ChatMessage {
  serial++;
  return {
    id: `m${String(serial).padStart(6, '0')}`,
    clientId: `client-${serial}`,
    room: PAGE_ROOM,
    from,
    text,
    at: Date.UTC(2025, 0, 1, 12, 0, serial),
    ...overrides,
  };
}

export function direct(from: Member, to: Member, text: string, overrides: Partial<DirectMessage> = {}): DirectMessage {
  serial++;
  return {
    id: `d${String(serial).padStart(6, '0')}`,
    clientId: `client-${serial}`,
    room: PAGE_ROOM,
    from,
    to: to.id,
    text,
    at: Date.UTC(2025, 0, 1, 12, 0, serial),
    ...overrides,
  };
}

export function joined(
  self: Member,
  members: Member[],
  history: ChatMessage[] = [],
  memberCount = members.length,
): Extract<RoomJoinAnswer, { ok: true }> {
  return { ok: true, self, members, memberCount, history };
}

/** A join's history as full as a join answers (JOIN_HISTORY_MAX), `oldest` first: the room may have older ones. */
export function fullHistory(oldest: ChatMessage): ChatMessage[] {
  return [oldest, ...Array.from({ length: JOIN_HISTORY_MAX - 1 }, (_, index) => chat(BOB, `newer #${index}`))];
}
