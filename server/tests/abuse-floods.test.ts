/**
 * Floods one client can send (issue #11): renames, typing with made-up targets, and the
 * broadcasts that connection-state recovery would keep. Each runs against the real relay at its
 * default budgets and checks that it reaches nobody, that the relay's memory stays bounded, and
 * that an honest client is answered promptly while it runs.
 */
import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { ClientEvent } from '../../protocol/index.ts';
import {
  type Client,
  connect,
  joined,
  newClientId,
  newRoom,
  newToken,
  next,
  rawEmit,
  record,
  serversPerTest,
  sleep,
} from './harness.ts';

const serverWith = serversPerTest();

const MB = 1024 * 1024;
/** What the relay (in this process) holds: its heap and the buffers outside it. */
const held = (): number => {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
};

/** How long an honest newcomer's `room:join` takes, in ms. */
async function timedJoin(url: string): Promise<number> {
  const honest = await connect(url, { name: 'Honest' });
  const started = performance.now();
  const answer = await honest.timeout(5000).emitWithAck(ClientEvent.RoomJoin, { room: newRoom() });
  expect(answer).toMatchObject({ ok: true });
  return performance.now() - started;
}

describe('a rename flood', () => {
  it('is refused past three renames a minute, floods no room, and slows nobody', { timeout: 30_000 }, async () => {
    const server = await serverWith();
    const before = held();
    const token = newToken();
    const rooms = Array.from({ length: 6 }, newRoom);
    const attackers: Client[] = [];
    for (let i = 0; i < 10; i++) attackers.push(await connect(server.url, { token, name: 'Flood' }));
    // Ten connections in six rooms each: the sixty joins the default budget allows in a minute.
    for (const attacker of attackers) {
      for (const room of rooms)
        expect(await attacker.emitWithAck(ClientEvent.RoomJoin, { room })).toMatchObject({ ok: true });
    }
    const refusedJoin = await attackers[0]?.emitWithAck(ClientEvent.RoomJoin, { room: newRoom() });
    expect(refusedJoin).toMatchObject({ ok: false, error: { code: 'rate_limited', limit: 'rooms' } });

    const watchers = await Promise.all(rooms.map((room) => joined(server.url, room, { name: 'Watcher' })));
    const seen = watchers.map(({ socket }) => record(socket, 'presence:update'));

    const flood = attackers.flatMap((attacker, a) =>
      Array.from({ length: 200 }, (_, i) =>
        attacker.timeout(10_000).emitWithAck(ClientEvent.UserRename, { name: `Flood ${a}-${i}` }),
      ),
    );
    const joinTime = await timedJoin(server.url);
    const answers = await Promise.all(flood);
    await sleep(300);

    const accepted = answers.filter((answer) => answer.ok);
    expect(accepted.length).toBeLessThanOrEqual(3);
    const limits = new Set(answers.flatMap((answer) => (answer.ok ? [] : [answer.error.limit])));
    expect([...limits].sort()).toEqual(['in_flight', 'rename']);
    for (const updates of seen) expect(updates.length).toBeLessThanOrEqual(accepted.length);
    expect(joinTime).toBeLessThan(500);
    expect((held() - before) / MB).toBeLessThan(150);
  });
});

describe('a typing flood', () => {
  it(
    'with made-up targets reaches nobody, keeps nothing per target, and slows nobody',
    { timeout: 30_000 },
    async () => {
      const server = await serverWith();
      const room = newRoom();
      const bob = await joined(server.url, room, { name: 'Bob' });
      const attacker = await joined(server.url, room, { name: 'Flood' });
      const atBob = record(bob.socket, 'typing');
      const before = held();

      for (let i = 0; i < 50_000; i++) {
        rawEmit(attacker.socket, ClientEvent.Typing, { room, to: randomBytes(16).toString('base64url') });
      }
      // The flood has been read once an acknowledged request sent after it is answered; until
      // then, honest joins keep probing how long the relay takes to answer.
      let flooding = true;
      const drained = attacker.socket
        .timeout(20_000)
        .emitWithAck(ClientEvent.RoomHistory, { room })
        .finally(() => (flooding = false));
      const joinTimes: number[] = [];
      while (flooding) joinTimes.push(await timedJoin(server.url));
      await drained;
      expect(atBob).toEqual([]);
      expect(Math.max(...joinTimes)).toBeLessThan(500);
      expect((held() - before) / MB).toBeLessThan(150);

      // The attacker's connection is throttled, not anyone else's: Bob's typing reaches it at once.
      const toAttacker = next(attacker.socket, 'typing');
      bob.socket.emit(ClientEvent.Typing, { room, to: attacker.self.id });
      expect(await toAttacker).toEqual({ room, from: bob.self.id, to: attacker.self.id });
    },
  );

  it('spends the user’s typing budget across connections', async () => {
    const server = await serverWith({ typingPerMinute: 3 });
    const token = newToken();
    const rooms = Array.from({ length: 5 }, newRoom);
    const bob = await connect(server.url, { name: 'Bob' });
    const typist = await connect(server.url, { token, name: 'Typist' });
    for (const room of rooms) {
      await bob.emitWithAck(ClientEvent.RoomJoin, { room });
      await typist.emitWithAck(ClientEvent.RoomJoin, { room });
    }
    const atBob = record(bob, 'typing');
    // Once per second per room is allowed; five rooms at once are more than three a minute.
    for (const room of rooms) typist.emit(ClientEvent.Typing, { room });
    await sleep(300);
    expect(atBob).toHaveLength(3);
  });
});

describe('connection-state recovery', () => {
  /** A client that Socket.IO reconnects (and may recover) after its transport is cut. */
  async function recoverable(url: string, room: string): Promise<Client> {
    const socket: Client = io(url, {
      transports: ['websocket'],
      auth: { v: 1, token: newToken(), name: 'Dropper' },
      reconnectionDelay: 50,
      forceNew: true,
    });
    await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
    expect(await socket.emitWithAck(ClientEvent.RoomJoin, { room })).toMatchObject({ ok: true });
    return socket;
  }

  /** Recovery needs an offset: a broadcast kept for it that `dropper` received (from `sender`). */
  async function giveOffset(dropper: Client, sender: Client, room: string): Promise<void> {
    const offset = next(dropper, 'message:new');
    await sender.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'before' });
    await offset;
  }

  /** Cuts `socket`'s transport, runs `meanwhile`, and waits for the reconnection. */
  async function dropDuring(socket: Client, meanwhile: () => Promise<void>): Promise<void> {
    const back = new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
    socket.io.engine.close();
    await meanwhile();
    await back;
    await sleep(200);
  }

  it('replays missed messages but no presence or typing', async () => {
    const server = await serverWith();
    const room = newRoom();
    const bob = await joined(server.url, room, { name: 'Bob' });
    const dropper = await recoverable(server.url, room);
    try {
      await giveOffset(dropper, bob.socket, room);
      const messages = record(dropper, 'message:new');
      const presence = record(dropper, 'presence:update');
      const typing = record(dropper, 'typing');
      await dropDuring(dropper, async () => {
        await sleep(20);
        await joined(server.url, room, { name: 'Carol' });
        bob.socket.emit(ClientEvent.Typing, { room });
        await bob.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'missed' });
      });
      expect(dropper.recovered).toBe(true);
      expect(messages.map((message) => message.text)).toEqual(['missed']);
      expect(presence.filter((update) => update.joined?.name === 'Carol')).toEqual([]);
      expect(typing).toEqual([]);
    } finally {
      dropper.disconnect();
    }
  });

  it('keeps at most RECOVERY_MAX_PACKETS broadcasts: a client that missed more resyncs instead', async () => {
    const server = await serverWith({ recoveryMaxPackets: 10, sendBurst: 100 });
    const room = newRoom();
    const bob = await joined(server.url, room, { name: 'Bob' });
    const dropper = await recoverable(server.url, room);
    try {
      await giveOffset(dropper, bob.socket, room);
      await dropDuring(dropper, async () => {
        await sleep(20);
        for (let i = 0; i < 30; i++) {
          await bob.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: `m${i}` });
        }
      });
      expect(dropper.recovered).toBe(false);
    } finally {
      dropper.disconnect();
    }
  });
});
