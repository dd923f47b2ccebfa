import { describe, expect, it } from 'vitest';
import { ClientEvent, JOIN_HISTORY_MAX } from '../../protocol/index.ts';
import { io } from 'socket.io-client';
import {
  type Client,
  connect,
  newClientId,
  newRoom,
  newToken,
  next,
  record,
  serverForFile,
  sleep,
  startServer,
} from './harness.ts';

const server = serverForFile();

describe('rooms and presence', () => {
  it('answers a join with self, members, count and history', async () => {
    const room = newRoom();
    const alice = await connect(server.url, { name: '  Alice  ' });
    const answer = await alice.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(answer).toEqual({
      ok: true,
      self: { id: expect.any(String), name: 'Alice' },
      members: [{ id: expect.any(String), name: 'Alice' }],
      memberCount: 1,
      history: [],
      hasMore: false,
    });
  });

  it('says whether the room keeps messages older than the join answer holds', async () => {
    const room = newRoom();
    const alice = await connect(server.url, { name: 'Alice' });
    await alice.emitWithAck(ClientEvent.RoomJoin, { room });
    for (let i = 0; i < 3; i++) {
      await alice.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: `m${i}` });
    }
    const few = await (await connect(server.url)).emitWithAck(ClientEvent.RoomJoin, { room });
    expect(few).toMatchObject({ ok: true, hasMore: false });
    expect(few.ok && few.history).toHaveLength(3);
  });

  it('tells the room when a user arrives, and when the last connection of a user leaves', async () => {
    const room = newRoom();
    const alice = await connect(server.url, { name: 'Alice' });
    await alice.emitWithAck(ClientEvent.RoomJoin, { room });
    const token = newToken();
    const bob1 = await connect(server.url, { name: 'Bob', token });
    const bob2 = await connect(server.url, { name: 'Bob', token });
    const presence = record(alice, 'presence:update');

    const joined = next(alice, 'presence:update');
    const bobAnswer = await bob1.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(await joined).toEqual({ room, joined: { id: expect.any(String), name: 'Bob' }, memberCount: 2 });
    if (!bobAnswer.ok) throw new Error('join failed');
    const bobId = bobAnswer.self.id;

    const second = await bob2.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(second.ok && second.self.id).toBe(bobId);
    expect(second.ok && second.memberCount).toBe(2);

    await bob1.emitWithAck(ClientEvent.RoomLeave, { room });
    await sleep(100);
    expect(presence.filter((p) => p.left)).toEqual([]);

    const left = next(alice, 'presence:update', (p) => p.left !== undefined);
    bob2.disconnect();
    expect(await left).toEqual({ room, left: bobId, memberCount: 1 });
    expect(presence.filter((p) => p.joined)).toHaveLength(1);
  });

  it('answers leave for a room not joined with not_joined', async () => {
    const alice = await connect(server.url);
    const answer = await alice.emitWithAck(ClientEvent.RoomLeave, { room: newRoom() });
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_joined' } });
  });

  it('gives a stable user id for the same token and different ids for different tokens', async () => {
    const token = newToken();
    const room = newRoom();
    const a = await (await connect(server.url, { token })).emitWithAck(ClientEvent.RoomJoin, { room });
    const b = await (await connect(server.url, { token })).emitWithAck(ClientEvent.RoomJoin, { room });
    const c = await (await connect(server.url)).emitWithAck(ClientEvent.RoomJoin, { room });
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (!a.ok || !b.ok || !c.ok) return;
    expect(a.self.id).toBe(b.self.id);
    expect(c.self.id).not.toBe(a.self.id);
    expect(a.self.id).toMatch(/^[A-Za-z0-9_-]{16,43}$/);
    expect(a.self.id).not.toContain(token.slice(0, 8));
  });

  it('joining twice is harmless and tells nobody', async () => {
    const room = newRoom();
    const alice = await connect(server.url);
    const bob = await connect(server.url);
    await bob.emitWithAck(ClientEvent.RoomJoin, { room });
    const presence = record(bob, 'presence:update');
    await alice.emitWithAck(ClientEvent.RoomJoin, { room });
    const again = await alice.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(again).toMatchObject({ ok: true, memberCount: 2 });
    await sleep(100);
    expect(presence).toHaveLength(1);
  });

  it('takes a connection that Socket.IO recovered after a drop back into the presence of its rooms', async () => {
    const room = newRoom();
    const alice: Client = io(server.url, {
      transports: ['websocket'],
      auth: { v: 1, token: newToken(), name: 'Alice' },
      reconnectionDelay: 50,
      forceNew: true,
    });
    try {
      await new Promise((resolve) => alice.once('connect', () => resolve(undefined)));
      const answer = await alice.emitWithAck(ClientEvent.RoomJoin, { room });
      if (!answer.ok) throw new Error('join failed');
      const aliceId = answer.self.id;
      // Recovery needs an offset: the last broadcast kept for recovery that this connection
      // received (a message; presence is never kept).
      const bob = await connect(server.url, { name: 'Bob' });
      await bob.emitWithAck(ClientEvent.RoomJoin, { room });
      const said = next(alice, 'message:new');
      await bob.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'hi' });
      await said;

      const left = next(bob, 'presence:update', (update) => update.left === aliceId);
      const back = next(bob, 'presence:update', (update) => update.joined?.id === aliceId);
      const reconnected = new Promise((resolve) => alice.once('connect', () => resolve(undefined)));
      alice.io.engine.close();
      await reconnected;
      expect(alice.recovered).toBe(true);
      expect(await left).toEqual({ room, left: aliceId, memberCount: 1 });
      expect(await back).toEqual({ room, joined: { id: aliceId, name: 'Alice' }, memberCount: 2 });
      const members = await bob.emitWithAck(ClientEvent.RoomJoin, { room });
      expect(members.ok && members.members.map((member) => member.name)).toEqual(['Bob', 'Alice']);
      // Back in the room without a join of its own.
      const sent = await alice.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'back' });
      expect(sent).toMatchObject({ ok: true });
    } finally {
      alice.disconnect();
    }
  });
});

describe('room messages', () => {
  it('relays to everyone in the room but the sending connection, and keeps history in order', async () => {
    const room = newRoom();
    const token = newToken();
    const alice = await connect(server.url, { name: 'Alice', token });
    const aliceOther = await connect(server.url, { name: 'Alice', token });
    const bob = await connect(server.url, { name: 'Bob' });
    const outsider = await connect(server.url);
    for (const s of [alice, aliceOther, bob]) await s.emitWithAck(ClientEvent.RoomJoin, { room });
    await outsider.emitWithAck(ClientEvent.RoomJoin, { room: newRoom() });
    const atAlice = record(alice, 'message:new');
    const atOther = record(aliceOther, 'message:new');
    const atOutsider = record(outsider, 'message:new');
    const atBob = record(bob, 'message:new');

    const texts = ['one', 'two', 'three'];
    const sent = [];
    for (const text of texts) {
      const answer = await alice.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text });
      if (!answer.ok) throw new Error(answer.error.message);
      sent.push(answer.message);
    }
    await sleep(100);
    expect(atBob).toEqual(sent);
    expect(sent.map((m) => m.id)).toEqual([...sent.map((m) => m.id)].sort());
    expect(sent[0]).toMatchObject({ room, text: 'one', from: { name: 'Alice' }, at: expect.any(Number) });
    await sleep(50);
    expect(atAlice).toEqual([]);
    expect(atOther).toHaveLength(3);
    expect(atOutsider).toEqual([]);

    const late = await connect(server.url);
    const join = await late.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(join.ok && join.history).toEqual(sent);
  });

  it('answers the newest history, oldest first, capped at the contract limit', async () => {
    const room = newRoom();
    const alice = await connect(server.url);
    await alice.emitWithAck(ClientEvent.RoomJoin, { room });
    const fast = await startServer({ sendBurst: 1000, sendPerSecond: 1000 });
    const writer = await connect(fast.url);
    await writer.emitWithAck(ClientEvent.RoomJoin, { room });
    for (let i = 0; i < JOIN_HISTORY_MAX + 5; i++) {
      await writer.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: `m${i}` });
    }
    const reader = await connect(fast.url);
    const join = await reader.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(join.ok && join.history.map((m) => m.text)).toEqual(
      Array.from({ length: JOIN_HISTORY_MAX }, (_, i) => `m${i + 5}`),
    );
    expect(join).toMatchObject({ ok: true, hasMore: true });
    writer.disconnect();
    reader.disconnect();
    await fast.close();
  });

  it('refuses to send to a room that this connection has not joined', async () => {
    const alice = await connect(server.url);
    const answer = await alice.emitWithAck(ClientEvent.MessageSend, {
      room: newRoom(),
      clientId: newClientId(),
      text: 'hi',
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_joined' } });
  });

  it('answers a repeated clientId with the original message and delivers it once', async () => {
    const room = newRoom();
    const alice = await connect(server.url);
    const bob = await connect(server.url);
    await alice.emitWithAck(ClientEvent.RoomJoin, { room });
    await bob.emitWithAck(ClientEvent.RoomJoin, { room });
    const atBob = record(bob, 'message:new');
    const clientId = newClientId();
    const first = await alice.emitWithAck(ClientEvent.MessageSend, { room, clientId, text: 'once' });
    const again = await alice.emitWithAck(ClientEvent.MessageSend, { room, clientId, text: 'once' });
    expect(again).toEqual(first);
    await sleep(100);
    expect(atBob).toHaveLength(1);
    const join = await (await connect(server.url)).emitWithAck(ClientEvent.RoomJoin, { room });
    expect(join.ok && join.history).toHaveLength(1);
  });
});

describe('direct messages', () => {
  it("reaches the recipient and the sender's other connections, and nobody else", async () => {
    const room = newRoom();
    const aliceToken = newToken();
    const alice = await connect(server.url, { name: 'Alice', token: aliceToken });
    const aliceOther = await connect(server.url, { name: 'Alice', token: aliceToken });
    const bob = await connect(server.url, { name: 'Bob' });
    const carol = await connect(server.url, { name: 'Carol' });
    for (const s of [alice, aliceOther, bob, carol]) await s.emitWithAck(ClientEvent.RoomJoin, { room });
    const bobJoin = await bob.emitWithAck(ClientEvent.RoomJoin, { room });
    if (!bobJoin.ok) throw new Error('join');
    const atCarol = record(carol, 'dm:new');
    const atAlice = record(alice, 'dm:new');
    const carolMessages = record(carol, 'message:new');

    const atBob = next(bob, 'dm:new');
    const atOther = next(aliceOther, 'dm:new');
    const answer = await alice.emitWithAck(ClientEvent.DmSend, {
      room,
      to: bobJoin.self.id,
      clientId: newClientId(),
      text: 'psst',
    });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.message).toMatchObject({ room, to: bobJoin.self.id, text: 'psst', from: { name: 'Alice' } });
    expect(await atBob).toEqual(answer.message);
    expect(await atOther).toEqual(answer.message);
    await sleep(100);
    expect(atCarol).toEqual([]);
    expect(carolMessages).toEqual([]);
    expect(atAlice).toEqual([]);
    const history = await carol.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(history.ok && history.history).toEqual([]);
  });

  it('refuses a DM to someone not in the room with not_here', async () => {
    const room = newRoom();
    const alice = await connect(server.url);
    const bob = await connect(server.url);
    await alice.emitWithAck(ClientEvent.RoomJoin, { room });
    const elsewhere = await bob.emitWithAck(ClientEvent.RoomJoin, { room: newRoom() });
    if (!elsewhere.ok) throw new Error('join');
    const answer = await alice.emitWithAck(ClientEvent.DmSend, {
      room,
      to: elsewhere.self.id,
      clientId: newClientId(),
      text: 'hi',
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_here' } });
  });

  it('answers a DM retry with the original even after the recipient left', async () => {
    const room = newRoom();
    const alice = await connect(server.url);
    const bob = await connect(server.url);
    await alice.emitWithAck(ClientEvent.RoomJoin, { room });
    const bobJoin = await bob.emitWithAck(ClientEvent.RoomJoin, { room });
    if (!bobJoin.ok) throw new Error('join');
    const payload = { room, to: bobJoin.self.id, clientId: newClientId(), text: 'hello' };
    const first = await alice.emitWithAck(ClientEvent.DmSend, payload);
    const left = next(alice, 'presence:update', (p) => p.left !== undefined);
    bob.disconnect();
    await left;
    expect(await alice.emitWithAck(ClientEvent.DmSend, payload)).toEqual(first);
  });
});

describe('rename', () => {
  it('announces the new name in every room of the user and uses it from then on', async () => {
    const [roomA, roomB] = [newRoom(), newRoom()];
    const token = newToken();
    const alice = await connect(server.url, { name: 'Alice', token });
    const aliceOther = await connect(server.url, { name: 'Alice', token });
    const bob = await connect(server.url, { name: 'Bob' });
    await alice.emitWithAck(ClientEvent.RoomJoin, { room: roomA });
    await aliceOther.emitWithAck(ClientEvent.RoomJoin, { room: roomB });
    await bob.emitWithAck(ClientEvent.RoomJoin, { room: roomA });
    await bob.emitWithAck(ClientEvent.RoomJoin, { room: roomB });

    const renamedA = next(bob, 'presence:update', (p) => p.room === roomA && p.renamed !== undefined);
    const renamedB = next(bob, 'presence:update', (p) => p.room === roomB && p.renamed !== undefined);
    const answer = await alice.emitWithAck(ClientEvent.UserRename, { name: ' Alicia ' });
    expect(answer).toMatchObject({ ok: true, self: { name: 'Alicia' } });
    expect((await renamedA).renamed?.name).toBe('Alicia');
    expect((await renamedB).memberCount).toBe(2);

    const fromOther = next(bob, 'message:new');
    await aliceOther.emitWithAck(ClientEvent.MessageSend, { room: roomB, clientId: newClientId(), text: 'hi' });
    expect((await fromOther).from.name).toBe('Alicia');
    const join = await (await connect(server.url)).emitWithAck(ClientEvent.RoomJoin, { room: roomA });
    expect(join.ok && join.members.map((m) => m.name).sort()).toEqual(['Alicia', 'Bob', 'Tester']);
  });
});

describe('typing', () => {
  it('relays at most once per second, to the room or only to the target', async () => {
    const room = newRoom();
    const alice = await connect(server.url);
    const bob = await connect(server.url);
    const carol = await connect(server.url);
    const aliceJoin = await alice.emitWithAck(ClientEvent.RoomJoin, { room });
    const bobJoin = await bob.emitWithAck(ClientEvent.RoomJoin, { room });
    await carol.emitWithAck(ClientEvent.RoomJoin, { room });
    if (!aliceJoin.ok || !bobJoin.ok) throw new Error('join');
    const atBob = record(bob, 'typing');
    const atCarol = record(carol, 'typing');
    const atAlice = record(alice, 'typing');
    for (let i = 0; i < 5; i++) alice.emit(ClientEvent.Typing, { room });
    alice.emit(ClientEvent.Typing, { room, to: bobJoin.self.id });
    alice.emit(ClientEvent.Typing, { room: 'not-a-room' } as never);
    await sleep(200);
    expect(atBob).toEqual([
      { room, from: aliceJoin.self.id },
      { room, from: aliceJoin.self.id, to: bobJoin.self.id },
    ]);
    expect(atCarol).toEqual([{ room, from: aliceJoin.self.id }]);
    expect(atAlice).toEqual([]);
    await sleep(1000);
    alice.emit(ClientEvent.Typing, { room });
    await next(carol, 'typing');
  });
});
