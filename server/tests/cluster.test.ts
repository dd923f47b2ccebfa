/**
 * Several nodes sharing one real redis-server (REDIS_URL): rooms, presence, history,
 * idempotency across nodes; a node killed; Redis itself stopped for a while. Two nodes run in
 * this process (buildApp twice); the ones that must die or must prove they do not crash are
 * real processes.
 */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ClientEvent, ServerEvent, type ChatMessage, type MessageSendAnswer } from '../../protocol/index.ts';
import {
  type Client,
  joined,
  newClientId,
  newRoom,
  newToken,
  next,
  record,
  serversPerTest,
  sleep,
  type TestServer,
  reachedRedis,
} from './harness.ts';
import { healthy, spawnServer } from './process.ts';
import { startRedis, type TestRedis } from './redis-server.ts';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.dispose());

const startServer = serversPerTest();

/**
 * A node in this process, once it has reached Redis (its stores fail fast until then); the sweep
 * runs on a short timeout so a dead node is found quickly.
 */
async function node(): Promise<TestServer> {
  return reachedRedis(await startServer({ redisUrl: redis.url, redisNodeTimeoutMs: NODE_TIMEOUT_MS }));
}

const NODE_TIMEOUT_MS = 2000;

/** Polls until `check` holds, failing after `timeoutMs`. */
async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(50);
  }
}

/** Every message of a room, oldest first, page by page. */
async function wholeHistory(socket: Client, room: string): Promise<ChatMessage[]> {
  const all: ChatMessage[] = [];
  for (let before: string | undefined, more = true; more; before = all[0]?.id) {
    const page = await socket.emitWithAck(ClientEvent.RoomHistory, { room, ...(before ? { before } : {}) });
    if (!page.ok) throw new Error(`room:history failed: ${page.error.message}`);
    all.unshift(...page.messages);
    more = page.hasMore;
  }
  return all;
}

describe('several nodes on one Redis', () => {
  it('recovers a dropped connection with the messages it missed on any node, but no presence or typing', async () => {
    const [a, b] = [await node(), await node()];
    const room = newRoom();
    const dropper: Client = io(a.url, {
      transports: ['websocket'],
      auth: { v: 1, token: newToken(), name: 'Dropper' },
      // Back only after Carol's join, the typing and the message below have all gone out while
      // it was away: back sooner, it would be sent the typing live, as anyone in the room is.
      reconnectionDelay: 500,
      randomizationFactor: 0,
      forceNew: true,
    });
    onTestFinished(() => void dropper.disconnect());
    await new Promise((resolve) => dropper.once('connect', () => resolve(undefined)));
    expect(await dropper.emitWithAck(ClientEvent.RoomJoin, { room })).toMatchObject({ ok: true });
    const bob = await joined(b.url, room, { name: 'Bob' });
    // Recovery needs an offset: a broadcast that was kept for it.
    const offset = next(dropper, ServerEvent.MessageNew);
    await bob.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'before' });
    await offset;

    const messages = record(dropper, ServerEvent.MessageNew);
    const presence = record(dropper, ServerEvent.PresenceUpdate);
    const typing = record(dropper, ServerEvent.Typing);
    const back = new Promise((resolve) => dropper.once('connect', () => resolve(undefined)));
    dropper.io.engine.close();
    await sleep(20);
    await joined(b.url, room, { name: 'Carol' });
    bob.socket.emit(ClientEvent.Typing, { room });
    await bob.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'missed' });
    await back;
    await sleep(300);
    expect(dropper.recovered).toBe(true);
    expect(messages.map((message) => message.text)).toEqual(['missed']);
    expect(presence.filter((update) => update.joined?.name === 'Carol')).toEqual([]);
    expect(typing).toEqual([]);
    // Two nodes, a dropped engine connection and its recovery: seconds on a loaded machine.
  }, 20_000);

  it('lets users on different nodes see each other, chat and DM; a third user never sees the DM', async () => {
    const [a, b] = [await node(), await node()];
    const room = newRoom();
    const ann = await joined(a.url, room, { name: 'Ann' });
    const bobJoined = next(ann.socket, ServerEvent.PresenceUpdate, (update) => update.joined?.name === 'Bob');
    const bob = await joined(b.url, room, { name: 'Bob' });
    expect((await bobJoined).memberCount).toBe(2);
    const cat = await joined(b.url, room, { name: 'Cat' });
    const catDms = record(cat.socket, ServerEvent.DmNew);

    const members = await bob.socket.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(members.ok && members.members.map((member) => member.name)).toEqual(['Ann', 'Bob', 'Cat']);

    const heard = next(bob.socket, ServerEvent.MessageNew);
    await ann.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'hello from A' });
    expect((await heard).text).toBe('hello from A');

    const dm = next(ann.socket, ServerEvent.DmNew);
    const sent = await bob.socket.emitWithAck(ClientEvent.DmSend, {
      room,
      to: ann.self.id,
      clientId: newClientId(),
      text: 'just for Ann',
    });
    expect(sent.ok).toBe(true);
    expect((await dm).text).toBe('just for Ann');

    // A room message after the DM went through the same stream: once Cat has it, the DM would have arrived too.
    const after = next(cat.socket, ServerEvent.MessageNew, (message) => message.text === 'after the DM');
    await ann.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'after the DM' });
    await after;
    expect(catDms).toEqual([]);
  });

  it('reads through one node the history written through the other', async () => {
    const [a, b] = [await node(), await node()];
    const room = newRoom();
    const ann = await joined(a.url, room, { name: 'Ann' });
    for (const text of ['one', 'two', 'three']) {
      await ann.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text });
    }
    const answer = await (
      await joined(b.url, room, { name: 'Bob' })
    ).socket.emitWithAck(ClientEvent.RoomJoin, {
      room,
    });
    expect(answer.ok && answer.history.map((message) => message.text)).toEqual(['one', 'two', 'three']);
  });

  it('answers a retry on the other node with the same message, delivered once', async () => {
    const [a, b] = [await node(), await node()];
    const room = newRoom();
    const token = 'retry-token-' + newClientId() + newClientId();
    const onA = await joined(a.url, room, { token, name: 'Ann' });
    const onB = await joined(b.url, room, { token, name: 'Ann' });
    const bob = await joined(a.url, room, { name: 'Bob' });
    const heard = record(bob.socket, ServerEvent.MessageNew);
    const clientId = newClientId();
    const first = await onA.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId, text: 'once' });
    const retry = await onB.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId, text: 'once' });
    expect(first.ok && retry.ok && retry.message).toEqual(first.ok && first.message);
    await until(() => heard.length > 0, 2000, 'the message reaches Bob');
    const marker = next(bob.socket, ServerEvent.MessageNew, (message) => message.text === 'marker');
    await onB.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'marker' });
    await marker;
    expect(heard.map((message) => message.text)).toEqual(['once', 'marker']);
  });

  it("gives a rename to the user's connections on every node, so later messages carry the new name", async () => {
    const [a, b] = [await node(), await node()];
    const room = newRoom();
    const token = 'rename-token-' + newClientId() + newClientId();
    const onA = await joined(a.url, room, { token, name: 'Ann' });
    const onB = await joined(b.url, room, { token, name: 'Ann' });
    const bob = await joined(a.url, room, { name: 'Bob' });
    const seenOnB = next(onB.socket, ServerEvent.PresenceUpdate, (update) => update.renamed !== undefined);
    expect(await onA.socket.emitWithAck(ClientEvent.UserRename, { name: 'Annie' })).toMatchObject({ ok: true });
    // Once the connection on node B has heard of the rename, it speaks under the new name.
    await seenOnB;
    const heard = next(bob.socket, ServerEvent.MessageNew);
    const sent = await onB.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'hi' });
    expect(sent).toMatchObject({ ok: true, message: { from: { name: 'Annie' } } });
    expect((await heard).from.name).toBe('Annie');
  });

  it("takes a killed node's users out of the other node's member lists within the bound", async () => {
    const survivor = await node();
    const doomed = await spawnServer(
      { REDIS_URL: redis.url, REDIS_NODE_TIMEOUT_MS: String(NODE_TIMEOUT_MS) },
      onTestFinished,
    );
    await until(async () => (await healthy(doomed)).ok, 10_000, 'the node reaches Redis');
    const room = newRoom();
    const ann = await joined(survivor.url, room, { name: 'Ann' });
    await joined(doomed.url, room, { name: 'Bob' });
    const left = next(ann.socket, ServerEvent.PresenceUpdate, (update) => update.left !== undefined, 10_000);
    doomed.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect((await left).memberCount).toBe(1);
    // Dead after one timeout, found by the next sweep (a quarter timeout), plus a little slack.
    expect(Date.now() - killedAt).toBeLessThan(NODE_TIMEOUT_MS * 1.25 + 1000);
    const answer = await ann.socket.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(answer.ok && answer.members.map((member) => member.name)).toEqual(['Ann']);
  }, 20_000);

  it('answers unavailable while Redis is down, never crashes, reports not ready, and keeps every acknowledged message once', async () => {
    const relay = await spawnServer(
      { REDIS_URL: redis.url, SEND_BURST: '1000', SEND_PER_SECOND: '1000' },
      onTestFinished,
    );
    const health = async () => (await fetch(`${relay.url}/healthz`)).status;
    await until(async () => (await healthy(relay)).ok, 10_000, 'the node reaches Redis');
    const room = newRoom();
    const { socket } = await joined(relay.url, room, { name: 'Ann' });
    const acknowledged = new Map<string, ChatMessage>();
    const answers: string[] = [];
    async function send(clientId: string): Promise<boolean> {
      const answer: MessageSendAnswer = await socket
        .timeout(3000)
        .emitWithAck(ClientEvent.MessageSend, { room, clientId, text: `text ${clientId}` });
      answers.push(answer.ok ? 'ok' : answer.error.code);
      if (answer.ok) acknowledged.set(clientId, answer.message);
      return answer.ok;
    }
    for (let n = 0; n < 3; n++) expect(await send(newClientId())).toBe(true);

    await redis.stop();
    const failed: string[] = [];
    const outageEnds = Date.now() + 30_000;
    let notReady = false;
    while (Date.now() < outageEnds) {
      const clientId = newClientId();
      if (!(await send(clientId))) failed.push(clientId);
      notReady ||= (await health()) === 503;
      await sleep(250);
    }
    expect(notReady).toBe(true);
    expect(answers).toContain('unavailable');
    expect(answers.every((code) => code === 'ok' || code === 'unavailable')).toBe(true);
    expect(relay.child.exitCode).toBeNull();

    await redis.start();
    await until(async () => (await health()) === 200, 10_000, 'the node is ready again');
    // The client's outbox: every failed send is retried with its clientId until accepted.
    for (const clientId of failed) await until(() => send(clientId), 5000, `send ${clientId} accepted`);

    const ids = (await wholeHistory(socket, room)).map((message) => message.id);
    const expected = [...acknowledged.values()].map((message) => message.id).sort();
    expect(ids).toEqual(expected);
    expect(relay.child.exitCode).toBeNull();
  }, 70_000);

  it('answers unavailable within the command deadline while Redis hangs, and recovers when it answers again', async () => {
    const relay = await spawnServer({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '500' }, onTestFinished);
    const health = async () => (await fetch(`${relay.url}/healthz`)).status;
    await until(async () => (await healthy(relay)).ok, 10_000, 'the node reaches Redis');
    const room = newRoom();
    const { socket } = await joined(relay.url, room, { name: 'Ann' });
    const send = (clientId: string): Promise<MessageSendAnswer> =>
      socket.timeout(5000).emitWithAck(ClientEvent.MessageSend, { room, clientId, text: `text ${clientId}` });

    redis.freeze();
    try {
      const clientId = newClientId();
      const asked = Date.now();
      expect(await send(clientId)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      // One deadline for the claim; the attempt makes no further call once that fails.
      expect(Date.now() - asked).toBeLessThan(1500);
      expect(await health()).toBe(503);
      redis.thaw();
      await until(async () => (await health()) === 200, 10_000, 'the node is ready again');
      // The claim that timed out may have landed meanwhile; the retry then resumes it.
      await until(async () => (await send(clientId)).ok, 10_000, 'the send accepted');
      const history = await socket.emitWithAck(ClientEvent.RoomHistory, { room });
      expect(history.ok && history.messages.map((message) => message.clientId)).toEqual([clientId]);
    } finally {
      redis.thaw();
    }
    expect(relay.child.exitCode).toBeNull();
  }, 40_000);
});
