/**
 * Protocol v3 on the real relay (issue #15, docs/protocol.md "End-to-end encrypted DMs"): keys
 * published with joins, DMs only as `sealed` and only to v3 connections, the mailbox that keeps
 * each sealed DM until the addressee's browser confirms it, its bounds and budget.
 */
import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  ClientEvent,
  DM_RECEIPTS_MAX,
  MAILBOX_MAX_PER_RECIPIENT,
  MAILBOX_MAX_PER_SENDER,
  SEALED_CT_MAX_CHARS,
  ServerEvent,
  type Envelope,
  type Member,
  type MessagePostAnswer,
} from '../../protocol/index.ts';
import {
  connectV3,
  joined,
  joinedV2,
  joinedV3,
  newClientId,
  newRoom,
  newToken,
  next,
  raw,
  record,
  serverForFile,
  serversPerTest,
  sleep,
  type ClientV2,
} from './harness.ts';
import { newRoomKeys } from './seal.ts';
import { nextSealed, openAs, personIn, sealedPost, sendSealed, type Person } from './sealed-peers.ts';

const server = serverForFile();
const serverWith = serversPerTest();

const CANARY = 'my phone is 555-0100';
const MAILBOX_FULL = {
  ok: false,
  error: { code: 'undeliverable', message: 'their mailbox is full; try again once they have read what is waiting' },
};

function accepted(answer: MessagePostAnswer): Envelope {
  if (!answer.ok) throw new Error(`post refused: ${answer.error.code}: ${answer.error.message}`);
  return answer.message;
}

const fetchMailbox = async (socket: ClientV2): Promise<Envelope[]> => {
  const answer = await socket.emitWithAck(ClientEvent.DmFetch, {});
  if (!answer.ok) throw new Error(`dm:fetch refused: ${answer.error.code}: ${answer.error.message}`);
  return answer.messages;
};

const receiptOf = (envelope: Envelope) => ({ room: envelope.room, from: envelope.from.id, id: envelope.id });

/** A sealed body of random bytes: the relay cannot tell it from a real one, which is the point. */
const opaque = () => ({
  enc: randomBytes(32).toString('base64url'),
  ct: randomBytes(64).toString('base64url'),
});

/** Ann and Bob on v3 in one room, each with a key there. */
async function pair(url = server.url) {
  const room = newRoom();
  const ann = await personIn(url, room, 'Ann');
  const bob = await personIn(url, room, 'Bob');
  return { room, ann, bob };
}

describe('session:welcome on protocol v3', () => {
  it('lists sealed among the kinds and says v 3', async () => {
    const { welcome } = await connectV3(server.url, { name: 'Ann' });
    expect(welcome).toMatchObject({ v: 3, kinds: ['text', 'image', 'reaction', 'edit', 'delete', 'sealed'] });
  });
});

describe('keys published with room:join', () => {
  it('are shown in self, in members and in presence:update to v2 and v3, never to v1', async () => {
    const room = newRoom();
    const old = await joined(server.url, room, { name: 'Old' });
    const v2 = await joinedV2(server.url, room, { name: 'Two' });
    const annKeys = await newRoomKeys();
    const oldHeard = next(old.socket, ServerEvent.PresenceUpdate, (update) => update.joined?.name === 'Ann');
    const v2Heard = next(v2.socket, ServerEvent.PresenceUpdate, (update) => update.joined?.name === 'Ann');
    const ann = await joinedV3(server.url, room, { name: 'Ann', key: annKeys.key });
    expect(ann.self).toEqual({ id: ann.self.id, name: 'Ann', key: annKeys.key });
    expect((await v2Heard).joined).toEqual(ann.self);
    expect((await oldHeard).joined).toEqual({ id: ann.self.id, name: 'Ann' });

    const bob = await personIn(server.url, room, 'Bob');
    expect(bob.self.key).toBe(bob.keys.key);
    const members = await bob.socket.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(members.ok && members.members.find((member) => member.name === 'Ann')).toEqual(ann.self);
    const v1Members = await old.socket.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(v1Members.ok && v1Members.members.map((member) => Object.keys(member).sort())).toEqual(
      Array(4).fill(['id', 'name']),
    );
  });

  it('are refused from v1 and v2 connections as bad_request', async () => {
    const { key } = await newRoomKeys();
    const v2 = await joinedV2(server.url, newRoom());
    const v1 = await joined(server.url, newRoom());
    const refused = { ok: false, error: { code: 'bad_request', message: expect.stringContaining('protocol v3') } };
    expect(await raw(v2.socket, ClientEvent.RoomJoin, { room: newRoom(), key })).toEqual(refused);
    expect(await raw(v1.socket, ClientEvent.RoomJoin, { room: newRoom(), key })).toEqual(refused);
  });

  it('are checked for their shape', async () => {
    const { socket } = await connectV3(server.url);
    const answer = await raw(socket, ClientEvent.RoomJoin, { room: newRoom(), key: 'not a key' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('once changed by a join again, reach the room as renamed', async () => {
    const { room, ann, bob } = await pair();
    const fresh = await newRoomKeys();
    const heard = next(ann.socket, ServerEvent.PresenceUpdate, (update) => update.renamed !== undefined);
    const again = await bob.socket.emitWithAck(ClientEvent.RoomJoin, { room, key: fresh.key });
    expect(again.ok && again.self).toEqual({ ...bob.self, key: fresh.key });
    expect((await heard).renamed).toEqual({ ...bob.self, key: fresh.key });
  });
});

describe('DMs on protocol v3', () => {
  it('are refused unless sealed, with the reason', async () => {
    const { room, ann, bob } = await pair();
    const answer = await ann.socket.emitWithAck(ClientEvent.MessagePost, {
      room,
      clientId: newClientId(),
      to: bob.self.id,
      kind: 'text',
      body: { text: CANARY },
    });
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'bad_request',
        message: 'DMs are end-to-end encrypted on protocol v3: post them as kind sealed',
      },
    });
  });

  it('sealed is refused in a room, and from v2 connections', async () => {
    const { room, ann } = await pair();
    const toRoom = await ann.socket.emitWithAck(ClientEvent.MessagePost, {
      room,
      clientId: newClientId(),
      kind: 'sealed',
      body: opaque(),
    });
    expect(toRoom).toEqual({ ok: false, error: { code: 'bad_request', message: 'kind: sealed is for DMs only' } });
    const v2 = await joinedV2(server.url, room, { name: 'Two' });
    const fromV2 = await v2.socket.emitWithAck(ClientEvent.MessagePost, {
      room,
      clientId: newClientId(),
      to: ann.self.id,
      kind: 'sealed',
      body: opaque(),
    });
    expect(fromV2).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringContaining('kind') },
    });
  });

  it('in clear from an older client are refused to someone on v3, who is handed nothing', async () => {
    const { room, ann, bob } = await pair();
    const heard = record(ann.socket, ServerEvent.MessagePosted);
    const v2 = await joinedV2(server.url, room, { name: 'Two' });
    const plain = await v2.socket.emitWithAck(ClientEvent.MessagePost, {
      room,
      clientId: newClientId(),
      to: ann.self.id,
      kind: 'text',
      body: { text: CANARY },
    });
    expect(plain).toEqual({
      ok: false,
      error: {
        code: 'undeliverable',
        message: 'they take only end-to-end encrypted messages: update samepage to write to them',
      },
    });
    const v1 = await joined(server.url, room, { name: 'One' });
    const fromV1 = await v1.socket.emitWithAck(ClientEvent.DmSend, {
      room,
      to: ann.self.id,
      clientId: newClientId(),
      text: CANARY,
    });
    expect(fromV1).toMatchObject({ ok: false, error: { code: 'not_here' } });
    // Bob's sealed DM after both refusals is the first thing Ann is handed.
    const arrived = next(ann.socket, ServerEvent.MessagePosted);
    accepted(await sendSealed(bob, ann.self, room, 'after'));
    expect((await arrived).kind).toBe('sealed');
    expect(heard.map((envelope) => envelope.kind)).toEqual(['sealed']);
  });

  it('reach the addressee v3 connections and the sender’s others, who open them; never a v2 connection', async () => {
    const { room, ann, bob } = await pair();
    const bobOnV2 = await joinedV2(server.url, room, { name: 'Bob', token: bob.token });
    const v2Pushes = record(bobOnV2.socket, ServerEvent.MessagePosted);
    const annElsewhere = await connectV3(server.url, { name: 'Ann', token: ann.token });
    const atBob = nextSealed(bob.socket);
    const echo = nextSealed(annElsewhere.socket);

    const answer = await sendSealed(ann, bob.self, room, CANARY);
    expect(answer).toMatchObject({ ok: true, delivery: 'sent' });
    const sent = accepted(answer);
    expect(sent).toMatchObject({ kind: 'sealed', room, to: bob.self.id, from: ann.self });
    expect(sent.from.key).toBe(ann.keys.key);
    expect(await atBob).toEqual(sent);
    expect(await echo).toEqual(sent);
    expect(await openAs(bob, await atBob)).toEqual({ kind: 'text', body: { text: CANARY } });
    await sleep(100);
    expect(v2Pushes).toEqual([]);
  });

  it('fit in a packet at their largest, on the default settings', async () => {
    const { room, ann, bob } = await pair();
    const body = { enc: randomBytes(32).toString('base64url'), ct: 'A'.repeat(SEALED_CT_MAX_CHARS) };
    const post = { room, clientId: newClientId(), to: bob.self.id, kind: 'sealed' as const, body };
    expect(await ann.socket.emitWithAck(ClientEvent.MessagePost, post)).toMatchObject({ ok: true, delivery: 'sent' });
  });

  it('wait for an addressee whose only connection in the room is v2', async () => {
    const room = newRoom();
    const ann = await personIn(server.url, room, 'Ann');
    const bob = await joinedV2(server.url, room, { name: 'Bob' });
    const bobKeyed: Member = { ...bob.self, key: (await newRoomKeys()).key };
    expect(await sendSealed(ann, bobKeyed, room, 'hi')).toMatchObject({ ok: true, delivery: 'waiting' });
  });

  it('are kept while the addressee is away, fetched once they are back, and confirmed to the sender', async () => {
    const { room, ann, bob } = await pair();
    // A first DM in the room gives them a conversation grant there.
    const live = nextSealed(bob.socket);
    const first = accepted(await sendSealed(ann, bob.self, room, 'hello'));
    await live;
    bob.socket.disconnect();
    await sleep(50);

    const answer = await sendSealed(ann, bob.self, room, CANARY);
    expect(answer).toMatchObject({ ok: true, delivery: 'waiting' });
    const waiting = accepted(answer);

    const back: Person = { ...bob, socket: (await connectV3(server.url, { name: 'Bob', token: bob.token })).socket };
    const kept = await fetchMailbox(back.socket);
    expect(kept).toEqual([first, waiting]);
    expect(await openAs(back, waiting)).toEqual({ kind: 'text', body: { text: CANARY } });

    const delivered = next(ann.socket, ServerEvent.DmDelivered);
    expect(await back.socket.emitWithAck(ClientEvent.DmReceived, { receipts: kept.map(receiptOf) })).toEqual({
      ok: true,
    });
    expect(await delivered).toEqual({ room, to: bob.self.id, ids: [first.id, waiting.id] });
    expect(await fetchMailbox(back.socket)).toEqual([]);
  });

  it('are replayed to a recovered v3 session, never to a recovered v2 one', async () => {
    const { room, ann, bob } = await pair();
    /** Another connection of Bob's that comes back by itself, recovering its session. */
    const recovering = async (v: 2 | 3): Promise<ClientV2> => {
      const socket = io(server.url, {
        transports: ['websocket'],
        auth: { v, token: bob.token, name: 'Bob' },
        reconnectionDelay: 300,
        randomizationFactor: 0,
        forceNew: true,
      }) as unknown as ClientV2;
      onTestFinished(() => void socket.disconnect());
      await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
      const join = await socket.emitWithAck(ClientEvent.RoomJoin, { room, ...(v === 3 ? { key: bob.keys.key } : {}) });
      expect(join).toMatchObject({ ok: true });
      return socket;
    };
    const [v2, v3] = [await recovering(2), await recovering(3)];
    // Recovery needs an offset: a broadcast each was handed.
    const offsets = [v2, v3].map((socket) => next(socket, ServerEvent.MessagePosted));
    await ann.socket.emitWithAck(ClientEvent.MessagePost, {
      room,
      clientId: newClientId(),
      kind: 'text',
      body: { text: 'hello room' },
    });
    await Promise.all(offsets);

    const seen = { v2: record(v2, ServerEvent.MessagePosted), v3: record(v3, ServerEvent.MessagePosted) };
    const back = [v2, v3].map((socket) => new Promise((resolve) => socket.once('connect', () => resolve(undefined))));
    v2.io.engine.close();
    v3.io.engine.close();
    await sleep(20);
    const sent = accepted(await sendSealed(ann, bob.self, room, CANARY));
    await Promise.all(back);
    await sleep(200);
    expect([v2.recovered, v3.recovered]).toEqual([true, true]);
    expect(seen.v3).toEqual([sent]);
    expect(seen.v2).toEqual([]);
  });

  it('are answered as sent again on a retry, and kept once', async () => {
    const { room, ann, bob } = await pair();
    const post = await sealedPost(ann, bob.self, room, 'once');
    const firstAnswer = await ann.socket.emitWithAck(ClientEvent.MessagePost, post);
    const retried = await ann.socket.emitWithAck(ClientEvent.MessagePost, post);
    expect(retried).toEqual(firstAnswer);
    expect(await fetchMailbox(bob.socket)).toEqual([accepted(firstAnswer)]);
  });

  it('stay in the mailbox for receipts that name another room or sender, and nobody is told', async () => {
    const { room, ann, bob } = await pair();
    const sent = accepted(await sendSealed(ann, bob.self, room, 'keep me'));
    const told = record(ann.socket, ServerEvent.DmDelivered);
    const wrong = [
      { ...receiptOf(sent), room: newRoom() },
      { ...receiptOf(sent), from: bob.self.id },
    ];
    expect(await bob.socket.emitWithAck(ClientEvent.DmReceived, { receipts: wrong })).toEqual({ ok: true });
    // Ann's own receipt for a DM to Bob takes nothing from Bob's mailbox.
    expect(await ann.socket.emitWithAck(ClientEvent.DmReceived, { receipts: [receiptOf(sent)] })).toEqual({
      ok: true,
    });
    await sleep(100);
    expect(told).toEqual([]);
    expect(await fetchMailbox(bob.socket)).toEqual([sent]);
  });

  it('dm:fetch and dm:received are protocol v3', async () => {
    const v2 = await joinedV2(server.url, newRoom());
    const receipt = { room: newRoom(), from: 'x'.repeat(22), id: 'abc' };
    for (const [event, payload] of [
      [ClientEvent.DmFetch, {}],
      [ClientEvent.DmReceived, { receipts: [receipt] }],
    ] as const) {
      expect(await raw(v2.socket, event, payload)).toEqual({
        ok: false,
        error: { code: 'bad_request', message: `${event} is protocol v3: connect with auth.v 3` },
      });
    }
  });

  it('still cannot reach a stranger who shares no room and no grant', async () => {
    const { room, bob } = await pair();
    const stranger = await personIn(server.url, newRoom(), 'Eve');
    const answer = await stranger.socket.emitWithAck(ClientEvent.MessagePost, {
      ...(await sealedPost(stranger, bob.self, room, 'hi')),
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_joined' } });
  });
});

describe('the mailbox bounds', () => {
  const roomy = { sendBurst: 1000, sendPerSecond: 1000 };

  /** `count` opaque sealed DMs from `from` to `to`, each answered as given. */
  async function flood(from: Person, to: Member, room: string, count: number): Promise<MessagePostAnswer[]> {
    const answers: MessagePostAnswer[] = [];
    for (let n = 0; n < count; n++) {
      answers.push(
        await from.socket.emitWithAck(ClientEvent.MessagePost, {
          room,
          clientId: newClientId(),
          to: to.id,
          kind: 'sealed',
          body: opaque(),
        }),
      );
    }
    return answers;
  }

  it('refuse one sender past its share, while others still reach the addressee', async () => {
    const { url } = await serverWith(roomy);
    const { room, ann, bob } = await pair(url);
    const answers = await flood(ann, bob.self, room, MAILBOX_MAX_PER_SENDER);
    expect(answers.every((answer) => answer.ok)).toBe(true);
    expect((await flood(ann, bob.self, room, 1))[0]).toEqual(MAILBOX_FULL);
    const cat = await personIn(url, room, 'Cat');
    expect((await flood(cat, bob.self, room, 1))[0]).toMatchObject({ ok: true });

    // Once Bob's browser has some, Ann may send as many again.
    const kept = await fetchMailbox(bob.socket);
    const ofAnn = kept.filter((envelope) => envelope.from.id === ann.self.id).slice(0, 2);
    await bob.socket.emitWithAck(ClientEvent.DmReceived, { receipts: ofAnn.map(receiptOf) });
    expect((await flood(ann, bob.self, room, 3)).map((answer) => answer.ok)).toEqual([true, true, false]);
  });

  it('are fetched a page at a time, oldest first, each page confirmed before the next', async () => {
    const { url } = await serverWith(roomy);
    const { room, ann, bob } = await pair(url);
    const cat = await personIn(url, room, 'Cat');
    const sent = [...(await flood(ann, bob.self, room, 40)), ...(await flood(cat, bob.self, room, 20))].map(accepted);
    const first = await fetchMailbox(bob.socket);
    expect(first).toEqual(sent.slice(0, DM_RECEIPTS_MAX));
    await bob.socket.emitWithAck(ClientEvent.DmReceived, { receipts: first.map(receiptOf) });
    expect(await fetchMailbox(bob.socket)).toEqual(sent.slice(DM_RECEIPTS_MAX));
  });

  it('are fetched at most 1 MiB at a time', async () => {
    const { url } = await serverWith(roomy);
    const { room, ann, bob } = await pair(url);
    const sent: Envelope[] = [];
    for (let n = 0; n < 40; n++) {
      const body = { enc: randomBytes(32).toString('base64url'), ct: 'A'.repeat(SEALED_CT_MAX_CHARS) };
      const post = { room, clientId: newClientId(), to: bob.self.id, kind: 'sealed' as const, body };
      sent.push(accepted(await ann.socket.emitWithAck(ClientEvent.MessagePost, post)));
    }
    const page = await fetchMailbox(bob.socket);
    expect(page).toEqual(sent.slice(0, page.length));
    expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThanOrEqual(1_048_576 + 1024);
    expect(page.length).toBe(Math.floor(1_048_576 / Buffer.byteLength(JSON.stringify(sent[0]))));
  });

  it('refuse anyone once the addressee has as many waiting as a mailbox holds', { timeout: 30_000 }, async () => {
    const { url } = await serverWith(roomy);
    const { room, bob } = await pair(url);
    const senders = MAILBOX_MAX_PER_RECIPIENT / MAILBOX_MAX_PER_SENDER;
    for (let n = 0; n < senders; n++) {
      const sender = await personIn(url, room, `Sender ${n}`);
      const answers = await flood(sender, bob.self, room, MAILBOX_MAX_PER_SENDER);
      expect(answers.filter((answer) => !answer.ok)).toEqual([]);
    }
    const late = await personIn(url, room, 'Late');
    expect((await flood(late, bob.self, room, 1))[0]).toEqual(MAILBOX_FULL);
  });

  it('refuse any sealed DM once all mailboxes together hold MAILBOX_MAX_MB', async () => {
    const { url } = await serverWith({ ...roomy, mailboxMaxMb: 1 });
    const { room, ann, bob } = await pair(url);
    const big = () => ({ enc: randomBytes(32).toString('base64url'), ct: 'A'.repeat(SEALED_CT_MAX_CHARS) });
    const answers: MessagePostAnswer[] = [];
    for (let n = 0; n < 33; n++) {
      const post = { room, clientId: newClientId(), to: bob.self.id, kind: 'sealed' as const, body: big() };
      answers.push(await ann.socket.emitWithAck(ClientEvent.MessagePost, post));
    }
    // 31 envelopes of a little over 32 KiB fit in 1 MiB.
    expect(answers.slice(0, 31).every((answer) => answer.ok)).toBe(true);
    expect(answers.slice(31)).toEqual(
      Array(2).fill({
        ok: false,
        error: {
          code: 'unavailable',
          message: 'the relay cannot keep more messages for people who are away right now; try again later',
        },
      }),
    );
  });

  it('refuse one sender past MAILBOX_SENDER_MB waiting in all mailboxes, while others still send', async () => {
    const { url } = await serverWith({ ...roomy, mailboxSenderMb: 1 });
    const { room, ann, bob } = await pair(url);
    const cat = await personIn(url, room, 'Cat');
    const big = () => ({ enc: randomBytes(32).toString('base64url'), ct: 'A'.repeat(SEALED_CT_MAX_CHARS) });
    const post = (from: Person, to: Member) =>
      from.socket.emitWithAck(ClientEvent.MessagePost, {
        room,
        clientId: newClientId(),
        to: to.id,
        kind: 'sealed' as const,
        body: big(),
      });
    // 31 envelopes of a little over 32 KiB fit in 1 MiB: 16 for Bob and 15 for Cat, all from Ann.
    const sent: Envelope[] = [];
    for (let n = 0; n < 31; n++) sent.push(accepted(await post(ann, n < 16 ? bob.self : cat.self)));
    const refused = {
      ok: false,
      error: {
        code: 'undeliverable',
        message: 'you have too many messages waiting for people who are away; try again once they have read them',
      },
    };
    expect(await post(ann, cat.self)).toEqual(refused);
    expect(await post(ann, bob.self)).toEqual(refused);
    // Ann's share is hers: Cat and Bob still reach each other.
    expect(await post(cat, bob.self)).toMatchObject({ ok: true });
    expect(await post(bob, cat.self)).toMatchObject({ ok: true });

    // Once Bob's browser has one of Ann's, she may send one more, to anyone.
    await bob.socket.emitWithAck(ClientEvent.DmReceived, { receipts: [receiptOf(sent[0] as Envelope)] });
    expect(await post(ann, cat.self)).toMatchObject({ ok: true });
    expect(await post(ann, cat.self)).toEqual(refused);
  });

  it('hold a newcomer’s sealed DMs to a newcomer’s rate', async () => {
    const { url } = await serverWith({ newcomerMinutes: 10 });
    const { room, ann, bob } = await pair(url);
    const answers = await flood(ann, bob.self, room, 3);
    expect(answers.map((answer) => answer.ok)).toEqual([true, true, false]);
    expect(answers[2]).toMatchObject({ ok: false, error: { code: 'rate_limited', limit: 'newcomer_send' } });
  });

  it('dm:fetch and dm:received draw on the dm_status budget', async () => {
    const { url } = await serverWith({ dmStatusPerMinute: 2 });
    const { socket } = await connectV3(url, { token: newToken() });
    expect(await socket.emitWithAck(ClientEvent.DmFetch, {})).toEqual({ ok: true, messages: [] });
    const receipts = [{ room: newRoom(), from: 'x'.repeat(22), id: 'abc' }];
    expect(await socket.emitWithAck(ClientEvent.DmReceived, { receipts })).toEqual({ ok: true });
    expect(await socket.emitWithAck(ClientEvent.DmFetch, {})).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', limit: 'dm_status' },
    });
  });

  it('dm:received takes at most DM_RECEIPTS_MAX receipts', async () => {
    const { socket } = await connectV3(server.url);
    const receipts = Array.from({ length: 51 }, (_, n) => ({ room: newRoom(), from: 'x'.repeat(22), id: `m${n}` }));
    expect(await raw(socket, ClientEvent.DmReceived, { receipts })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });
});
