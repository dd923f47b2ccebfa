/**
 * Consent to DMs (issues #14 and #15, docs/protocol.md "Moderation and consent") against the
 * real relay: `privacy:set` stores a person's block list, DM setting and contacts (ids per
 * room); the relay refuses a DM (any kind, v1's `dm:send` too) that the sender's own block or
 * the addressee's setting refuses, without saying which, and drops one from someone the
 * addressee blocked, answered as delivered (receipt and all), so a block cannot link a
 * person's ids in two rooms; a DM's typing either refuses is dropped; `dm:status` says whom a
 * DM would be refused to; settings span nodes on Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BLOCKED_MAX,
  ClientEvent,
  ServerEvent,
  type DmPolicy,
  type DmDelivered,
  type Envelope,
  type MessagePostAnswer,
  type PrivacySetAnswer,
  type RoomKey,
  type UserId,
} from '../../protocol/index.ts';
import {
  type Client,
  type ClientV2,
  connectV2,
  joined,
  joinedV2,
  newClientId,
  newRoom,
  newToken,
  next,
  raw,
  record,
  serverForFile,
  serversPerTest,
  sleep,
  type TestServer,
  reachedRedis,
} from './harness.ts';
import { startRedis, type TestRedis } from './redis-server.ts';
import { personIn, sendSealed, type Person } from './sealed-peers.ts';

const server = serverForFile();
const serverWith = serversPerTest();

const UNDELIVERABLE = { ok: false, error: { code: 'undeliverable', message: 'this message cannot be delivered' } };

function setPrivacy(
  socket: ClientV2,
  { blocked = [], dms = 'everyone', contacts = [] }: { blocked?: UserId[]; dms?: DmPolicy; contacts?: UserId[] },
): Promise<PrivacySetAnswer> {
  return socket.emitWithAck(ClientEvent.PrivacySet, { blocked, dms, contacts });
}

function dm(socket: ClientV2, room: RoomKey, to: UserId, text: string, clientId = newClientId()) {
  return socket.emitWithAck(ClientEvent.MessagePost, { room, clientId, to, kind: 'text', body: { text } });
}

function accepted(answer: MessagePostAnswer): Envelope {
  if (!answer.ok) throw new Error(`post refused: ${answer.error.code}: ${answer.error.message}`);
  return answer.message;
}

/** Two (or more) v2 people in one fresh room. */
async function people(url: string, count: number) {
  const room = newRoom();
  const all = [];
  for (let i = 0; i < count; i++) all.push(await joinedV2(url, room, { name: `P${i}` }));
  return { room, all };
}

describe('privacy:set', () => {
  it('is answered ok for a v2 connection and refused to v1 as bad_request', async () => {
    const { socket } = await connectV2(server.url);
    expect(await setPrivacy(socket, { dms: 'replied', contacts: [] })).toEqual({ ok: true });
    const v1: Client = (await joined(server.url, newRoom())).socket;
    const answer = await raw(v1, ClientEvent.PrivacySet, { blocked: [], dms: 'everyone', contacts: [] });
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('v2') } });
  });

  it('refuses a block list over BLOCKED_MAX, a repeated id and an unknown setting', async () => {
    const { socket } = await connectV2(server.url);
    const many = Array.from({ length: BLOCKED_MAX + 1 }, () => newToken().slice(0, 22));
    const over = await raw(socket, ClientEvent.PrivacySet, { blocked: many, dms: 'everyone', contacts: [] });
    expect(over).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const id = newToken().slice(0, 22);
    const twice = await raw(socket, ClientEvent.PrivacySet, { blocked: [id, id], dms: 'everyone', contacts: [] });
    expect(twice).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const unknown = await raw(socket, ClientEvent.PrivacySet, { blocked: [], dms: 'friends', contacts: [] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('draws on PRIVACY_PER_MINUTE, refused rate_limited with limit privacy', async () => {
    const { url } = await serverWith({ privacyPerMinute: 2 });
    const { socket } = await connectV2(url);
    expect(await setPrivacy(socket, {})).toEqual({ ok: true });
    expect(await setPrivacy(socket, {})).toEqual({ ok: true });
    const third = await setPrivacy(socket, {});
    expect(third).toMatchObject({ ok: false, error: { code: 'rate_limited', limit: 'privacy' } });
    if (third.ok) throw new Error('unreachable');
    expect(third.error.retryAfterMs).toBeGreaterThan(0);
  });
});

describe('DMs under consent', () => {
  it('drops a DM to a person who blocked its sender, answered as delivered, and delivers again once unblocked', async () => {
    const { room, all } = await people(server.url, 2);
    const [alice, bob] = all as [(typeof all)[0], (typeof all)[0]];
    const seen = record(alice.socket, ServerEvent.MessagePosted);
    expect(await setPrivacy(alice.socket, { blocked: [bob.self.id] })).toEqual({ ok: true });
    const dropped = accepted(await dm(bob.socket, room, alice.self.id, 'hello?'));
    expect(dropped).toMatchObject({ room, to: alice.self.id, from: bob.self, body: { text: 'hello?' } });
    await sleep(200);
    expect(seen).toEqual([]);
    expect(await setPrivacy(alice.socket, {})).toEqual({ ok: true });
    const arriving = next(alice.socket, ServerEvent.MessagePosted);
    const sent = accepted(await dm(bob.socket, room, alice.self.id, 'hello again'));
    expect(await arriving).toMatchObject({ id: sent.id, body: { text: 'hello again' } });
  });

  it('refuses a DM from a person to someone it blocked itself, in the same words', async () => {
    const { room, all } = await people(server.url, 2);
    const [alice, bob] = all as [(typeof all)[0], (typeof all)[0]];
    await setPrivacy(alice.socket, { blocked: [bob.self.id] });
    expect(await dm(alice.socket, room, bob.self.id, 'you are blocked')).toEqual(UNDELIVERABLE);
  });

  it('refuses every kind of DM, reactions, edits and deletes too, and frees the clientId', async () => {
    const { room, all } = await people(server.url, 2);
    const [alice, bob] = all as [(typeof all)[0], (typeof all)[0]];
    const first = accepted(await dm(bob.socket, room, alice.self.id, 'before the block'));
    // Bob's own block refuses what he sends her: it tells him only of himself.
    await setPrivacy(bob.socket, { blocked: [alice.self.id] });
    const base = { room, to: alice.self.id };
    const changes = [
      { kind: 'reaction', body: { target: first.id, emoji: '👍', on: true } },
      { kind: 'edit', body: { target: first.id, text: 'edited' } },
      { kind: 'delete', body: { target: first.id } },
    ] as const;
    for (const change of changes) {
      const answer = await bob.socket.emitWithAck(ClientEvent.MessagePost, {
        ...base,
        clientId: newClientId(),
        ...change,
      } as never);
      expect(answer).toEqual(UNDELIVERABLE);
    }
    // A refused post has no effect: its clientId may carry something else once the block is lifted.
    const clientId = newClientId();
    expect(await dm(bob.socket, room, alice.self.id, 'first try', clientId)).toEqual(UNDELIVERABLE);
    await setPrivacy(bob.socket, {});
    expect(accepted(await dm(bob.socket, room, alice.self.id, 'other words', clientId)).body).toEqual({
      text: 'other words',
    });
  });

  it('still answers the retry of a DM delivered before the block with that DM', async () => {
    const { room, all } = await people(server.url, 2);
    const [alice, bob] = all as [(typeof all)[0], (typeof all)[0]];
    const clientId = newClientId();
    const sent = accepted(await dm(bob.socket, room, alice.self.id, 'delivered', clientId));
    await setPrivacy(alice.socket, { blocked: [bob.self.id] });
    const seen = record(alice.socket, ServerEvent.MessagePosted);
    expect(accepted(await dm(bob.socket, room, alice.self.id, 'delivered', clientId))).toEqual(sent);
    accepted(await dm(bob.socket, room, alice.self.id, 'a new one'));
    await sleep(200);
    expect(seen).toEqual([]);
  });

  it('takes DMs from nobody under "nobody", and only from contacts under "replied"', async () => {
    const { room, all } = await people(server.url, 3);
    const [alice, bob, carol] = all as [(typeof all)[0], (typeof all)[0], (typeof all)[0]];
    await setPrivacy(alice.socket, { dms: 'nobody' });
    expect(await dm(bob.socket, room, alice.self.id, 'hi')).toEqual(UNDELIVERABLE);
    expect(await dm(carol.socket, room, alice.self.id, 'hi')).toEqual(UNDELIVERABLE);
    // Her own setting does not stop her writing to others.
    accepted(await dm(alice.socket, room, bob.self.id, 'I may write'));

    await setPrivacy(alice.socket, { dms: 'replied', contacts: [carol.self.id] });
    expect(await dm(bob.socket, room, alice.self.id, 'hi again')).toEqual(UNDELIVERABLE);
    const arriving = next(alice.socket, ServerEvent.MessagePosted, (envelope) => envelope.from.id === carol.self.id);
    accepted(await dm(carol.socket, room, alice.self.id, 'a contact'));
    expect(await arriving).toMatchObject({ body: { text: 'a contact' } });

    await setPrivacy(alice.socket, { dms: 'everyone' });
    accepted(await dm(bob.socket, room, alice.self.id, 'now it goes'));
  });

  it('answers a v1 dm:send refused by consent with not_here, in the same words, and a blocked one ok', async () => {
    const room = newRoom();
    const alice = await joinedV2(server.url, room);
    const bob = await joined(server.url, room);
    const seen = record(alice.socket, ServerEvent.MessagePosted);
    await setPrivacy(alice.socket, { blocked: [bob.self.id] });
    const blocked = await bob.socket.emitWithAck(ClientEvent.DmSend, {
      room,
      to: alice.self.id,
      clientId: newClientId(),
      text: 'blocked',
    });
    expect(blocked).toMatchObject({ ok: true, message: { to: alice.self.id, text: 'blocked' } });
    await sleep(200);
    expect(seen).toEqual([]);
    await setPrivacy(alice.socket, { dms: 'nobody' });
    const answer = await bob.socket.emitWithAck(ClientEvent.DmSend, {
      room,
      to: alice.self.id,
      clientId: newClientId(),
      text: 'from v1',
    });
    expect(answer).toEqual({ ok: false, error: { code: 'not_here', message: 'this message cannot be delivered' } });
    await setPrivacy(alice.socket, {});
    const delivered = await bob.socket.emitWithAck(ClientEvent.DmSend, {
      room,
      to: alice.self.id,
      clientId: newClientId(),
      text: 'from v1',
    });
    expect(delivered).toMatchObject({ ok: true });
  });

  it('drops the typing of a DM that would be refused, and relays the others', async () => {
    const { room, all } = await people(server.url, 3);
    const [alice, bob, carol] = all as [(typeof all)[0], (typeof all)[0], (typeof all)[0]];
    await setPrivacy(alice.socket, { blocked: [bob.self.id] });
    const typing = record(alice.socket, ServerEvent.Typing);
    bob.socket.emit(ClientEvent.Typing, { room, to: alice.self.id });
    const fromCarol = next(alice.socket, ServerEvent.Typing, (event) => event.from === carol.self.id);
    carol.socket.emit(ClientEvent.Typing, { room, to: alice.self.id });
    await fromCarol;
    await sleep(200);
    expect(typing.map((event) => event.from)).toEqual([carol.self.id]);
    await setPrivacy(alice.socket, {});
    const fromBob = next(alice.socket, ServerEvent.Typing, (event) => event.from === bob.self.id);
    bob.socket.emit(ClientEvent.Typing, { room, to: alice.self.id });
    expect(await fromBob).toEqual({ room, from: bob.self.id, to: alice.self.id });
  });
});

describe('a block, as the person blocked sees it', () => {
  /** The same person (one token) on v3 in each of two rooms, one connection per room. */
  async function inRooms([a, b]: readonly [RoomKey, RoomKey], name: string): Promise<[Person, Person]> {
    const token = newToken();
    return [await personIn(server.url, a, name, { token }), await personIn(server.url, b, name, { token })];
  }

  it('is what being read and ignored is, for both of her ids: answer, receipt, dm:status', async () => {
    const rooms = [newRoom(), newRoom()] as const;
    const alice = await inRooms(rooms, 'Alice');
    const ivy = await inRooms(rooms, 'Ivy');
    const mallory = await inRooms(rooms, 'Mallory');
    // Ivy's browser confirms every DM it is handed, as a hub does, and she never answers.
    for (const { socket } of ivy) {
      socket.on(ServerEvent.MessagePosted, (envelope) => {
        if (envelope.kind !== 'sealed') return;
        const receipt = { room: envelope.room, from: envelope.from.id, id: envelope.id };
        void socket.emitWithAck(ClientEvent.DmReceived, { receipts: [receipt] });
      });
    }
    const atAlice = alice.map(({ socket }) => record(socket, ServerEvent.MessagePosted));
    // Alice blocks Mallory by his id in the first room; it holds in both.
    expect(await setPrivacy(alice[0].socket, { blocked: [mallory[0].self.id] })).toEqual({ ok: true });

    const seen: unknown[] = [];
    const ways = [
      [rooms[0], mallory[0], [alice[0], ivy[0]]],
      [rooms[1], mallory[1], [alice[1], ivy[1]]],
    ] as const;
    for (const [room, sender, addressees] of ways) {
      for (const addressee of addressees) {
        const to = addressee.self.id;
        const receipt = next(sender.socket, ServerEvent.DmDelivered, (event: DmDelivered) => event.to === to);
        const answer = await sendSealed(sender, addressee.self, room, 'hello?');
        const message = accepted(answer);
        expect(message).toMatchObject({ room, to, from: sender.self, kind: 'sealed' });
        expect(await receipt).toEqual({ room, to, ids: [message.id] });
        const status = await sender.socket.emitWithAck(ClientEvent.DmStatus, { users: [to] });
        expect(status).toEqual({ ok: true, online: [to], closed: [] });
        seen.push({ ...answer, message: Object.keys(message).sort() });
      }
    }
    expect(seen).toHaveLength(4);
    for (const one of seen) expect(one).toEqual(seen[0]);
    expect(seen[0]).toMatchObject({ ok: true, delivery: 'sent' });

    await sleep(300);
    for (const got of atAlice) expect(got.filter((envelope) => envelope.kind === 'sealed')).toEqual([]);
    // Nothing waits for her either, when her browser comes back.
    for (const { socket } of alice) socket.disconnect();
    const back = await personIn(server.url, rooms[0], 'Alice', { token: alice[0].token });
    expect(await back.socket.emitWithAck(ClientEvent.DmFetch, {})).toEqual({ ok: true, messages: [] });
  });
});

describe('contacts under "replied"', () => {
  async function enter(socket: ClientV2, room: RoomKey): Promise<UserId> {
    const answer = await socket.emitWithAck(ClientEvent.RoomJoin, { room });
    if (!answer.ok) throw new Error(`join refused: ${answer.error.code}`);
    return answer.self.id;
  }

  it('are ids per room: someone written to in one room is closed and refused in another', async () => {
    const [a, b] = [newRoom(), newRoom()];
    const alice = await joinedV2(server.url, a, { name: 'Alice' });
    const aliceInB = await enter(alice.socket, b);
    const bob = await joinedV2(server.url, a, { name: 'Bob' });
    await enter(bob.socket, b);
    expect(await setPrivacy(alice.socket, { dms: 'replied', contacts: [bob.self.id] })).toEqual({ ok: true });

    const arriving = next(alice.socket, ServerEvent.MessagePosted, (envelope) => envelope.room === a);
    accepted(await dm(bob.socket, a, alice.self.id, 'in the room we talked in'));
    expect(await arriving).toMatchObject({ body: { text: 'in the room we talked in' } });
    expect(await dm(bob.socket, b, aliceInB, 'in another room')).toEqual(UNDELIVERABLE);
    expect(await bob.socket.emitWithAck(ClientEvent.DmStatus, { users: [alice.self.id, aliceInB] })).toEqual({
      ok: true,
      online: [alice.self.id, aliceInB],
      closed: [aliceInB],
    });
  });
});

describe('dm:status closed', () => {
  it('names the people a DM would not reach, online or not, and says nothing of strangers', async () => {
    const { room, all } = await people(server.url, 4);
    const [alice, bob, carol, dave] = all as [(typeof all)[0], (typeof all)[0], (typeof all)[0], (typeof all)[0]];
    // Dave and Bob hold a conversation grant; Dave then goes offline, taking DMs from nobody.
    accepted(await dm(bob.socket, room, dave.self.id, 'hi Dave'));
    await setPrivacy(dave.socket, { dms: 'nobody' });
    await dave.socket.emitWithAck(ClientEvent.RoomLeave, { room });
    dave.socket.disconnect();
    await setPrivacy(alice.socket, { dms: 'nobody' });
    const stranger = newToken().slice(0, 22);
    const status = await bob.socket.emitWithAck(ClientEvent.DmStatus, {
      users: [alice.self.id, carol.self.id, dave.self.id, stranger],
    });
    expect(status).toEqual({ ok: true, online: [alice.self.id, carol.self.id], closed: [alice.self.id, dave.self.id] });
  });

  it('answers closed empty when nothing refuses', async () => {
    const { all } = await people(server.url, 2);
    const [alice, bob] = all as [(typeof all)[0], (typeof all)[0]];
    const status = await bob.socket.emitWithAck(ClientEvent.DmStatus, { users: [alice.self.id] });
    expect(status).toEqual({ ok: true, online: [alice.self.id], closed: [] });
  });
});

describe('consent across nodes on Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.dispose());

  const node = async (): Promise<TestServer> => reachedRedis(await serverWith({ redisUrl: redis.url }));

  it('drops on one node a DM to a person who blocked its sender on another', async () => {
    const [one, two] = [await node(), await node()];
    const room = newRoom();
    const alice = await joinedV2(one.url, room, { name: 'Alice' });
    const bob = await joinedV2(two.url, room, { name: 'Bob' });
    const seen = record(alice.socket, ServerEvent.MessagePosted);
    expect(await setPrivacy(alice.socket, { blocked: [bob.self.id] })).toEqual({ ok: true });
    accepted(await dm(bob.socket, room, alice.self.id, 'across nodes'));
    await sleep(200);
    expect(seen).toEqual([]);
    await setPrivacy(alice.socket, {});
    accepted(await dm(bob.socket, room, alice.self.id, 'across nodes, unblocked'));
  });
});
