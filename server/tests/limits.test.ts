/**
 * The server's limits, each on a server started with a small value so that it is reached in a
 * few requests: the send rate, room size, rooms per connection, members listed on join and
 * history kept per room.
 */
import { describe, expect, it } from 'vitest';
import { ClientEvent } from '../../protocol/index.ts';
import { connect, joined, newClientId, newRoom, newToken, record, serversPerTest, sleep } from './harness.ts';

const serverWith = serversPerTest();

describe('send rate', () => {
  const sendBurst = 3;
  const sendPerSecond = 10;
  const refillMs = 1000 / sendPerSecond;

  async function pair() {
    const server = await serverWith({ sendBurst, sendPerSecond });
    const room = newRoom();
    const alice = await joined(server.url, room, { name: 'Alice' });
    const bob = await joined(server.url, room, { name: 'Bob' });
    return { server, room, alice: alice.socket, bob: bob.socket };
  }

  it('accepts a burst, refuses the next send with a sensible retryAfterMs, and accepts again after it', async () => {
    const { room, alice, bob } = await pair();
    const atBob = record(bob, 'message:new');
    for (let i = 0; i < sendBurst; i++) {
      const answer = await alice.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: `m${i}` });
      expect(answer, `send ${i} of the burst`).toMatchObject({ ok: true });
    }
    const refused = await alice.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'late' });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'rate_limited', limit: 'send', message: expect.any(String), retryAfterMs: expect.any(Number) },
    });
    if (refused.ok || refused.error.retryAfterMs === undefined) throw new Error('not rate limited');
    const { retryAfterMs } = refused.error;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(refillMs);
    expect(Number.isInteger(retryAfterMs)).toBe(true);

    await sleep(retryAfterMs);
    const again = await alice.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'later' });
    expect(again).toMatchObject({ ok: true });
    await sleep(50);
    expect(atBob.map((m) => m.text)).toEqual(['m0', 'm1', 'm2', 'later']);
  });

  it('counts DMs in the same bucket, and per user across connections', async () => {
    const server = await serverWith({ sendBurst, sendPerSecond });
    const room = newRoom();
    const token = newToken();
    const alice = await joined(server.url, room, { token });
    const aliceOther = await joined(server.url, room, { token });
    const bob = await joined(server.url, room);
    for (let i = 0; i < sendBurst; i++) {
      await alice.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'hi' });
    }
    const dm = await aliceOther.socket.emitWithAck(ClientEvent.DmSend, {
      room,
      to: bob.self.id,
      clientId: newClientId(),
      text: 'psst',
    });
    expect(dm).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    const others = await bob.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'me' });
    expect(others).toMatchObject({ ok: true });
  });

  it('lets a rate-limited send be retried with the same clientId, and delivers it once', async () => {
    const { server, room, alice, bob } = await pair();
    for (let i = 0; i < sendBurst; i++) {
      await alice.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: `m${i}` });
    }
    const atBob = record(bob, 'message:new');
    const payload = { room, clientId: newClientId(), text: 'retried' };
    const refused = await alice.emitWithAck(ClientEvent.MessageSend, payload);
    if (refused.ok || refused.error.code !== 'rate_limited') throw new Error('expected rate_limited');
    await sleep(refused.error.retryAfterMs ?? refillMs);
    const retry = await alice.emitWithAck(ClientEvent.MessageSend, payload);
    expect(retry).toMatchObject({ ok: true, message: { clientId: payload.clientId, text: 'retried' } });
    // A repeat of the accepted send is answered with the same message and not delivered again.
    expect(await alice.emitWithAck(ClientEvent.MessageSend, payload)).toEqual(retry);
    await sleep(100);
    expect(atBob.map((m) => m.clientId)).toEqual([payload.clientId]);
    const history = await (await connect(server.url)).emitWithAck(ClientEvent.RoomJoin, { room });
    expect(history.ok && history.history.filter((m) => m.clientId === payload.clientId)).toHaveLength(1);
  });

  it('answers repeats sent at once like the first: never ok for a send that was refused', async () => {
    const { server, room, alice, bob } = await pair();
    for (let i = 0; i < sendBurst; i++) {
      await alice.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: `m${i}` });
    }
    const atBob = record(bob, 'message:new');
    const payload = { room, clientId: newClientId(), text: 'twice at once' };
    const refused = await Promise.all([1, 2, 3].map(() => alice.emitWithAck(ClientEvent.MessageSend, payload)));
    expect(refused.map((answer) => !answer.ok && answer.error.code)).toEqual([
      'rate_limited',
      'rate_limited',
      'rate_limited',
    ]);

    await sleep(refillMs);
    const accepted = await Promise.all([1, 2, 3].map(() => alice.emitWithAck(ClientEvent.MessageSend, payload)));
    expect(accepted[0]).toMatchObject({ ok: true, message: { clientId: payload.clientId } });
    expect(accepted[1]).toEqual(accepted[0]);
    expect(accepted[2]).toEqual(accepted[0]);
    await sleep(100);
    expect(atBob.map((m) => m.text)).toEqual(['twice at once']);
    const history = await (await connect(server.url)).emitWithAck(ClientEvent.RoomJoin, { room });
    expect(history.ok && history.history.filter((m) => m.clientId === payload.clientId)).toHaveLength(1);
  });
});

describe('room size', () => {
  it('refuses a new user in a full room with room_full, but admits a second connection of a member', async () => {
    const server = await serverWith({ maxMembersPerRoom: 2 });
    const room = newRoom();
    const aliceToken = newToken();
    await joined(server.url, room, { token: aliceToken });
    const bob = await joined(server.url, room);
    const atBob = record(bob.socket, 'presence:update');

    const carol = await connect(server.url);
    expect(await carol.emitWithAck(ClientEvent.RoomJoin, { room })).toEqual({
      ok: false,
      error: { code: 'room_full', message: expect.stringContaining('2') },
    });
    const aliceAgain = await connect(server.url, { token: aliceToken });
    expect(await aliceAgain.emitWithAck(ClientEvent.RoomJoin, { room })).toMatchObject({ ok: true, memberCount: 2 });
    await sleep(100);
    expect(atBob).toEqual([]);

    // The refused user is not in the room: it may not send there, and others can join elsewhere.
    const send = await carol.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'hi' });
    expect(send).toMatchObject({ ok: false, error: { code: 'not_joined' } });
    expect(await carol.emitWithAck(ClientEvent.RoomJoin, { room: newRoom() })).toMatchObject({ ok: true });
  });

  it('has room again once a member leaves', async () => {
    const server = await serverWith({ maxMembersPerRoom: 2 });
    const room = newRoom();
    await joined(server.url, room);
    const bob = await joined(server.url, room);
    const carol = await connect(server.url);
    expect(await carol.emitWithAck(ClientEvent.RoomJoin, { room })).toMatchObject({ error: { code: 'room_full' } });
    await bob.socket.emitWithAck(ClientEvent.RoomLeave, { room });
    expect(await carol.emitWithAck(ClientEvent.RoomJoin, { room })).toMatchObject({ ok: true, memberCount: 2 });
  });
});

describe('rooms per connection', () => {
  it('refuses one room more with bad_request and a clear message, and allows it after a leave', async () => {
    const server = await serverWith({ maxRoomsPerConnection: 2 });
    const token = newToken();
    const alice = await connect(server.url, { token });
    const [a, b, c] = [newRoom(), newRoom(), newRoom()];
    expect(await alice.emitWithAck(ClientEvent.RoomJoin, { room: a })).toMatchObject({ ok: true });
    expect(await alice.emitWithAck(ClientEvent.RoomJoin, { room: b })).toMatchObject({ ok: true });
    expect(await alice.emitWithAck(ClientEvent.RoomJoin, { room: c })).toEqual({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/at most 2 rooms.*leave one/) },
    });
    // Joining a room it is already in costs nothing.
    expect(await alice.emitWithAck(ClientEvent.RoomJoin, { room: a })).toMatchObject({ ok: true });
    // The limit is per connection: the same user's other connection has its own.
    const other = await connect(server.url, { token });
    expect(await other.emitWithAck(ClientEvent.RoomJoin, { room: c })).toMatchObject({ ok: true });

    await alice.emitWithAck(ClientEvent.RoomLeave, { room: a });
    expect(await alice.emitWithAck(ClientEvent.RoomJoin, { room: c })).toMatchObject({ ok: true });
  });

  it('holds against a burst of joins sent at once', async () => {
    const server = await serverWith({ maxRoomsPerConnection: 2 });
    const alice = await connect(server.url);
    const rooms = Array.from({ length: 10 }, newRoom);
    const answers = await Promise.all(rooms.map((room) => alice.emitWithAck(ClientEvent.RoomJoin, { room })));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(2);
    expect(answers.filter((answer) => !answer.ok && answer.error.code === 'bad_request')).toHaveLength(8);

    // The connection is in exactly the rooms whose joins were answered ok.
    const sends = await Promise.all(
      rooms.map((room) => alice.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'x' })),
    );
    expect(sends.map((send) => send.ok)).toEqual(answers.map((answer) => answer.ok));
  });

  it('lets a burst of joins of the same room all succeed', async () => {
    const server = await serverWith({ maxRoomsPerConnection: 1 });
    const alice = await connect(server.url);
    const room = newRoom();
    const answers = await Promise.all([1, 2, 3].map(() => alice.emitWithAck(ClientEvent.RoomJoin, { room })));
    expect(answers.map((answer) => answer.ok && answer.memberCount)).toEqual([1, 1, 1]);
  });
});

describe('members listed on join', () => {
  it('caps the list at joinMembersLimit while memberCount counts everyone', async () => {
    const server = await serverWith({ joinMembersLimit: 2 });
    const room = newRoom();
    const first = await joined(server.url, room, { name: 'First' });
    const second = await joined(server.url, room, { name: 'Second' });
    await joined(server.url, room, { name: 'Third' });
    const fourth = await connect(server.url, { name: 'Fourth' });
    const answer = await fourth.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(answer).toMatchObject({ ok: true, memberCount: 4, self: { name: 'Fourth' } });
    expect(answer.ok && answer.members).toEqual([first.self, second.self]);
  });
});

describe('history kept per room', () => {
  it('keeps the newest historyPerRoom messages, oldest first', async () => {
    const server = await serverWith({ historyPerRoom: 3, sendBurst: 100 });
    const room = newRoom();
    const { socket: alice } = await joined(server.url, room);
    for (let i = 0; i < 5; i++) {
      await alice.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: `m${i}` });
    }
    const reader = await connect(server.url);
    const answer = await reader.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(answer.ok && answer.history.map((m) => m.text)).toEqual(['m2', 'm3', 'm4']);
  });

  it('answers at most joinHistoryLimit of them', async () => {
    const server = await serverWith({ historyPerRoom: 10, joinHistoryLimit: 2, sendBurst: 100 });
    const room = newRoom();
    const { socket: alice } = await joined(server.url, room);
    for (let i = 0; i < 5; i++) {
      await alice.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: `m${i}` });
    }
    const answer = await (await connect(server.url)).emitWithAck(ClientEvent.RoomJoin, { room });
    expect(answer.ok && answer.history.map((m) => m.text)).toEqual(['m3', 'm4']);
    // Fewer than the contract's 50, yet more lie before them: the answer says so.
    expect(answer).toMatchObject({ ok: true, hasMore: true });
  });

  it('keeps each room to itself', async () => {
    const server = await serverWith({ historyPerRoom: 2, sendBurst: 100 });
    const [a, b] = [newRoom(), newRoom()];
    const alice = await connect(server.url);
    for (const room of [a, b]) await alice.emitWithAck(ClientEvent.RoomJoin, { room });
    for (const text of ['a1', 'a2', 'a3']) {
      await alice.emitWithAck(ClientEvent.MessageSend, { room: a, clientId: newClientId(), text });
    }
    await alice.emitWithAck(ClientEvent.MessageSend, { room: b, clientId: newClientId(), text: 'b1' });
    const reader = await connect(server.url);
    const inA = await reader.emitWithAck(ClientEvent.RoomJoin, { room: a });
    const inB = await reader.emitWithAck(ClientEvent.RoomJoin, { room: b });
    expect(inA.ok && inA.history.map((m) => m.text)).toEqual(['a2', 'a3']);
    expect(inB.ok && inB.history.map((m) => m.text)).toEqual(['b1']);
  });
});
