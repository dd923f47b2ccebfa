/**
 * Requests that do not fit the contract (PROTOCOL.md, "Requests"): each is answered
 * `bad_request` with a message naming the field and has no effect; requests without an ack and
 * unknown events are dropped without harming the connection; an oversized packet costs only
 * the connection that sent it.
 */
import { describe, expect, it } from 'vitest';
import {
  BLOCKED_MAX,
  ClientEvent,
  CONTACTS_MAX,
  DM_RECEIPTS_MAX,
  DM_STATUS_USERS_MAX,
  type Member,
  type RequestEvent,
} from '../../protocol/index.ts';
import {
  type Client,
  type ClientV2,
  connect,
  disconnection,
  joined,
  newClientId,
  newRoom,
  next,
  raw,
  rawEmit,
  rawWithin,
  record,
  serverForFile,
  sleep,
} from './harness.ts';

const server = serverForFile();

/**
 * Alice and Bob share `room`; Bob alone is also in `lobby`. Everything Bob is pushed is
 * recorded, so any effect of Alice's requests (a message, a DM, a join, a leave, a rename)
 * shows up there.
 */
interface Scene {
  room: string;
  lobby: string;
  /** Sends the requests under test, in the protocol version they belong to. */
  alice: Client | ClientV2;
  bob: Client;
  bobSelf: Member;
  atBob: { messages: unknown[]; dms: unknown[]; presence: unknown[]; typing: unknown[] };
}

/** Alice speaks protocol `v` (v2 for the requests only v2 has). */
async function scene(v: 1 | 2 | 3 = 1): Promise<Scene> {
  const room = newRoom();
  const lobby = newRoom();
  const { socket: alice } = await joined(server.url, room, { name: 'Alice', v });
  const { socket: bob, self: bobSelf } = await joined(server.url, room, { name: 'Bob' });
  await bob.emitWithAck(ClientEvent.RoomJoin, { room: lobby });
  const atBob = {
    messages: record(bob, 'message:new'),
    dms: record(bob, 'dm:new'),
    presence: record(bob, 'presence:update'),
    typing: record(bob, 'typing'),
  };
  return { room, lobby, alice, bob, bobSelf, atBob };
}

/**
 * Nothing reached Bob, and Alice's connection still works as before: still in the room,
 * still called Alice, the room's history holding only what she sends now.
 */
async function expectNoEffect({ room, alice, bob, atBob }: Scene): Promise<void> {
  await sleep(100);
  expect(atBob).toEqual({ messages: [], dms: [], presence: [], typing: [] });
  const arrives = next(bob, 'message:new');
  const probe = await raw(alice, ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'probe' });
  expect(probe).toMatchObject({ ok: true, message: { text: 'probe', from: { name: 'Alice' } } });
  expect(await arrives).toMatchObject({ text: 'probe' });
  const late = await connect(server.url);
  const join = await late.emitWithAck(ClientEvent.RoomJoin, { room });
  expect(join.ok && join.history.map((m) => m.text)).toEqual(['probe']);
}

type Payload = Record<string, unknown>;

/**
 * A payload of each request that would be accepted in the scene, and broken values for the
 * optional fields it leaves out.
 */
const requests: Array<{
  event: RequestEvent;
  v?: 2 | 3;
  valid: (s: Scene) => Payload;
  optional?: Record<string, unknown[]>;
}> = [
  {
    event: ClientEvent.RoomJoin,
    valid: (s) => ({ room: s.lobby }),
    // A key of the right form too: only protocol v3 publishes one.
    optional: {
      key: ['a'.repeat(42), 'a'.repeat(44), 'not a key at all, not a key at all, no key!', 42, null, 'a'.repeat(43)],
    },
  },
  { event: ClientEvent.RoomLeave, valid: (s) => ({ room: s.room }) },
  {
    event: ClientEvent.RoomHistory,
    valid: (s) => ({ room: s.room }),
    optional: {
      before: ['', 'a'.repeat(65), 42, null],
      after: ['', 'a'.repeat(65), 42, null],
      limit: [0, -1, 101, 1.5, '10', null],
    },
  },
  { event: ClientEvent.MessageSend, valid: (s) => ({ room: s.room, clientId: newClientId(), text: 'hello' }) },
  {
    event: ClientEvent.DmSend,
    valid: (s) => ({ room: s.room, to: s.bobSelf.id, clientId: newClientId(), text: 'psst' }),
  },
  { event: ClientEvent.UserRename, valid: () => ({ name: 'Mallory' }) },
  {
    event: ClientEvent.MessagePost,
    v: 2,
    valid: (s) => ({ room: s.room, clientId: newClientId(), kind: 'text', body: { text: 'hello' } }),
    optional: { to: ['a'.repeat(15), 'a'.repeat(44), 'not an id!!!!!!!!!!!', 42, null] },
  },
  { event: ClientEvent.DmStatus, v: 2, valid: (s) => ({ users: [s.bobSelf.id] }) },
  {
    event: ClientEvent.DmFetch,
    v: 3,
    valid: () => ({}),
    // It takes nothing: whatever a client adds is refused, naming it.
    optional: {
      room: ['a'.repeat(64), 42],
      ids: [[], ['m1']],
      limit: [1, 50],
      after: ['m1', null],
      before: ['m1', 42],
      to: ['x', 42],
      since: [0, 'yesterday'],
    },
  },
  {
    event: ClientEvent.DmReceived,
    v: 3,
    valid: (s) => ({ receipts: [{ room: s.room, from: s.bobSelf.id, id: 'm1' }] }),
  },
  { event: ClientEvent.PrivacySet, v: 2, valid: (s) => ({ blocked: [s.bobSelf.id], dms: 'replied', contacts: [] }) },
  {
    event: ClientEvent.ReportSend,
    v: 2,
    valid: (s) => ({ room: s.room, user: s.bobSelf.id, reason: 'spam' }),
    optional: {
      note: ['a'.repeat(1001), 42, null],
      messageId: ['no spaces allowed', 42, null],
      dm: ['yes', 1, null],
      text: ['   ', 'a'.repeat(2001), 42, null],
    },
  },
];

/** Ids, `count` of them, each of the form a user id takes. */
const userIds = (count: number) => Array.from({ length: count }, (_, n) => `user${String(n).padStart(18, '0')}`);

/** Values that break one field, beyond the wrong types every field is tried with. */
function brokenValues(field: string, valid: unknown): unknown[] {
  const text = String(valid);
  switch (field) {
    case 'room':
      return [text.toUpperCase(), text.slice(1), `${text}0`, 'g'.repeat(64), ` ${text.slice(1)}`, `${text}\n`];
    case 'clientId':
      return ['a'.repeat(7), 'a'.repeat(65), 'has a space', 'dots.are.not.ok', 'ümlaut-ümlaut'];
    case 'to':
      return ['a'.repeat(15), 'a'.repeat(44), 'not an id!!!!!!!!!!!'];
    case 'text':
      return ['a'.repeat(2001), '😀'.repeat(2001), '   ', '\n\t \n', 'hi\uD800', '\uDC00', 'nul\u0000', 'del\u007F'];
    case 'kind':
      return ['Text', 'poll', 'text ', 'message'];
    case 'body':
      return [
        { text: '   ' },
        { text: 'a'.repeat(2001) },
        { text: 'hi', extra: 1 },
        { text: 'hi', mentions: ['not an id'] },
        { text: 'hi', mentions: Array.from({ length: 21 }, (_, n) => `user${String(n).padStart(12, '0')}`) },
        { text: 'hi', mentions: ['AAAAAAAAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAAAAAAAA'] },
        { text: 'hi', reply: { id: 'no spaces allowed' } },
        { text: 'hi', reply: 'm1' },
        { text: 'hi', quote: 42 },
        { target: 'm1', emoji: '👍', on: true },
      ];
    case 'users':
      return [
        Array.from({ length: DM_STATUS_USERS_MAX + 1 }, (_, n) => `user${String(n).padStart(12, '0')}`),
        ['not an id!!!!!!!!!!!'],
        ['a'.repeat(15)],
        [...(valid as unknown[]), 42],
        [...(valid as unknown[]), null],
      ];
    case 'user':
      return ['a'.repeat(15), 'a'.repeat(44), 'not an id!!!!!!!!!!!'];
    case 'receipts': {
      const [receipt] = valid as [Record<string, unknown>];
      return [
        Array.from({ length: DM_RECEIPTS_MAX + 1 }, () => receipt),
        [{ ...receipt, room: 'A'.repeat(64) }],
        [{ ...receipt, from: 'not an id!!!!!!!!!!!' }],
        [{ ...receipt, id: 'no spaces allowed' }],
        [{ ...receipt, extra: 1 }],
        [{ room: receipt.room, from: receipt.from }],
        [receipt, 42],
      ];
    }
    case 'reason':
      return ['Spam', 'rude', 'spam '];
    case 'dms':
      return ['Everyone', 'friends', 'all'];
    case 'blocked':
    case 'contacts':
      return [
        userIds(field === 'blocked' ? BLOCKED_MAX + 1 : CONTACTS_MAX + 1),
        ['not an id!!!!!!!!!!!'],
        [...userIds(1), ...userIds(1)],
        [42],
      ];
    case 'name':
      return ['   ', 'a'.repeat(33), 'x\u202Ey', 'x\u200By', 'x\u0007', '\uD800'];
    default:
      throw new Error(`no broken values for ${field}`);
  }
}

/** Adds a key as an own property, the way JSON.parse makes one (`{ ...x, __proto__ }` would not). */
function withOwnKey(payload: Payload, key: string): unknown {
  const open = JSON.stringify(payload).slice(0, -1);
  return JSON.parse(`${open}${open === '{' ? '' : ','}"${key}":{"admin":true}}`);
}

const LISTS_THAT_MAY_BE_EMPTY = new Set(['blocked', 'contacts']);

/** Every payload that must be refused, with the field its refusal must name. */
function badVariants(
  valid: Payload,
  optional: Record<string, unknown[]> = {},
): Array<{ label: string; payload: unknown; field: string }> {
  const variants = [
    ...[null, 42, 'a string', true, [valid]].map((payload) => ({
      label: `the payload ${JSON.stringify(payload)}`,
      payload,
      field: 'payload',
    })),
    { label: 'an extra field', payload: { ...valid, extra: 1 }, field: 'extra' },
    { label: 'an own __proto__ field', payload: withOwnKey(valid, '__proto__'), field: '__proto__' },
    { label: 'a constructor field', payload: withOwnKey(valid, 'constructor'), field: 'constructor' },
  ];
  for (const field of Object.keys(valid)) {
    const rest = Object.fromEntries(Object.entries(valid).filter(([key]) => key !== field));
    variants.push({ label: `${field} missing`, payload: rest, field });
    // An empty list is a valid block or contact list (nobody).
    const empty = LISTS_THAT_MAY_BE_EMPTY.has(field) ? [] : [[]];
    const wrong = [
      42,
      -1,
      null,
      true,
      {},
      ...empty,
      ['x'],
      '',
      'a'.repeat(20_000),
      ...brokenValues(field, valid[field]),
    ];
    for (const value of wrong) {
      variants.push({
        label: `${field}: ${JSON.stringify(value).slice(0, 40)}`,
        payload: { ...valid, [field]: value },
        field,
      });
    }
  }
  for (const [field, values] of Object.entries(optional)) {
    for (const value of values) {
      variants.push({ label: `${field}: ${JSON.stringify(value)}`, payload: { ...valid, [field]: value }, field });
    }
  }
  return variants;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

it('covers every request event of the contract module', () => {
  const answered = Object.values(ClientEvent).filter((event) => event !== ClientEvent.Typing);
  expect(requests.map(({ event }) => event).sort()).toEqual(answered.sort());
});

describe.each(requests)('$event', ({ event, v, valid, optional }) => {
  it('answers every malformed payload with bad_request naming the field, and nothing happens', async () => {
    const s = await scene(v);
    const variants = badVariants(valid(s), optional);
    expect(variants.length).toBeGreaterThan(20);
    for (const { label, payload, field } of variants) {
      expect(await raw(s.alice, event, payload), `${event} with ${label}`).toEqual({
        ok: false,
        error: { code: 'bad_request', message: expect.stringMatching(new RegExp(`^${escapeRegExp(field)}\\b`)) },
      });
    }
    await expectNoEffect(s);
  });

  it('accepts the valid payload the variants are made from', async () => {
    const s = await scene(v);
    expect(await raw(s.alice, event, valid(s))).toMatchObject({ ok: true });
  });

  it('drops the request when it comes without an acknowledgement, and the connection keeps working', async () => {
    const s = await scene(v);
    rawEmit(s.alice, event, valid(s));
    rawEmit(s.alice, event);
    rawEmit(s.alice, event, valid(s), 'not a callback');
    await expectNoEffect(s);
  });

  it('answers two payloads and an acknowledgement with bad_request, and nothing happens', async () => {
    const s = await scene(v);
    expect(await raw(s.alice, event, valid(s), valid(s))).toEqual({
      ok: false,
      error: { code: 'bad_request', message: expect.stringContaining(event) },
    });
    await expectNoEffect(s);
  });
});

describe('texts at the limit', () => {
  it('accepts and relays a text of 2000 emoji intact (code points, not UTF-16 units)', async () => {
    const s = await scene();
    const text = '😀'.repeat(2000);
    const arrives = next(s.bob, 'message:new');
    const answer = await raw(s.alice, ClientEvent.MessageSend, { room: s.room, clientId: newClientId(), text });
    expect(answer).toMatchObject({ ok: true, message: { text } });
    expect((await arrives).text).toBe(text);
  });

  it('refuses 2001 characters and says why', async () => {
    const s = await scene();
    const answer = await raw(s.alice, ClientEvent.MessageSend, {
      room: s.room,
      clientId: newClientId(),
      text: 'a'.repeat(2001),
    });
    expect(answer).toEqual({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/^text: .*2000 characters/) },
    });
  });
});

describe('events outside the contract', () => {
  const outside = ['nope', 'room:destroy', 'message:delete', 'error', 'toString', '__proto__', 'constructor'];

  it('ignores them, answered or not, and the connection keeps working', async () => {
    const s = await scene();
    for (const name of outside) rawEmit(s.alice, name, { room: s.room });
    const answers = await Promise.allSettled(outside.map((name) => rawWithin(300, s.alice, name, { room: s.room })));
    expect(answers.map((answer) => answer.status)).toEqual(outside.map(() => 'rejected'));
    expect(s.alice.connected).toBe(true);
    await expectNoEffect(s);
  });

  it('relays no typing that does not fit the contract', async () => {
    const s = await scene();
    const bad = [null, 'x', [s.room], { room: s.room.toUpperCase() }, { room: s.room, extra: 1 }];
    for (const payload of [...bad, { room: s.room, to: 'not an id' }, withOwnKey({ room: s.room }, '__proto__')]) {
      rawEmit(s.alice, ClientEvent.Typing, payload);
    }
    await expectNoEffect(s);
  });
});

describe('packets over maxPayloadBytes', () => {
  it('close only the connection that sent one, and everyone else keeps chatting', async () => {
    const s = await scene();
    const { socket: mallory, self: mallorySelf } = await joined(server.url, s.room, { name: 'Mallory' });
    const limit = server.config.maxPayloadBytes;

    // Just under the limit the packet is read and answered like any other.
    const under = await raw(mallory, ClientEvent.MessageSend, {
      room: s.room,
      clientId: newClientId(),
      text: 'a'.repeat(limit - 1024),
    });
    expect(under).toMatchObject({ ok: false, error: { code: 'bad_request' } });

    // Over it, the websocket is closed with 1009 (message too big) before anything is parsed.
    const closed = disconnection(mallory);
    const left = next(s.bob, 'presence:update', (update) => update.left === mallorySelf.id);
    rawEmit(
      mallory,
      ClientEvent.MessageSend,
      { room: s.room, clientId: newClientId(), text: 'a'.repeat(limit) },
      () => {
        throw new Error('an oversized request must not be answered');
      },
    );
    const { reason, details } = await closed;
    expect(reason).toBe('transport close');
    expect(details).toMatchObject({ context: { code: 1009 } });
    expect(await left).toEqual({ room: s.room, left: mallorySelf.id, memberCount: 2 });

    s.atBob.presence.length = 0;
    expect(s.alice.connected && s.bob.connected).toBe(true);
    await expectNoEffect(s);
  });
});
