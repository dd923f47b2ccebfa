/**
 * Failures inside the server (PROTOCOL.md, "Error codes"): a store whose backing service is
 * down is answered `unavailable`, anything else that throws `internal`. Either way the
 * connection keeps working, the failed request has no effect, a retry succeeds once the store
 * is back, and no answer carries a stack trace or the thrown error's text.
 */
import { describe, expect, it } from 'vitest';
import { ClientEvent, type ProtocolError } from '../../protocol/index.ts';
import { loadConfig, type Config } from '../config.ts';
import { createMemoryStores } from '../stores/memory.ts';
import { StoreUnavailableError, type Stores } from '../stores/types.ts';
import { connect, joined, newClientId, newRoom, next, record, serversPerTest, sleep } from './harness.ts';

/** Text that must never reach a client: it stands for an error's internals. */
const SECRET = 'db password hunter2 at /srv/samepage/stores/sql.ts:42';

type Failing = 'unavailable' | 'internal';
const errorFor = (kind: Failing): Error =>
  kind === 'unavailable' ? new StoreUnavailableError(SECRET) : new Error(SECRET);

const startServer = serversPerTest();

/**
 * A real server on the in-memory stores, with one store method replaced by one that throws
 * while `broken` is set and otherwise does what the original does.
 */
async function serverWithOutage<S extends keyof Stores>(store: S, method: keyof Stores[S], kind: Failing) {
  const config = { ...loadConfig({}), logLevel: 'silent' as const };
  const stores = createMemoryStores(config);
  const target = stores[store] as unknown as Record<PropertyKey, (...args: unknown[]) => Promise<unknown>>;
  const original = target[method]?.bind(target);
  if (!original) throw new Error(`no ${String(store)}.${String(method)}`);
  const outage = { broken: false, calls: 0 };
  target[method] = async (...args) => {
    if (!outage.broken) return original(...args);
    outage.calls++;
    throw errorFor(kind);
  };
  return { server: await startServer({}, stores), outage };
}

/** As serverWithOutage, for the buckets of one budget (`send`, `rename`, ...). */
async function serverWithLimiterOutage(budget: string, kind: Failing) {
  const config = { ...loadConfig({}), logLevel: 'silent' as const };
  const stores = createMemoryStores(config);
  const outage = { broken: false, calls: 0 };
  const limiter = stores.limiter.bind(stores);
  stores.limiter = (name, shape) => {
    const real = limiter(name, shape);
    if (name !== budget) return real;
    return {
      take: async (key) => {
        if (!outage.broken) return real.take(key);
        outage.calls++;
        throw errorFor(kind);
      },
    };
  };
  return { server: await startServer({}, stores), outage };
}

/** The exact answer for a failure of this kind, with no room for anything else in it. */
function expectFailure(answer: unknown, kind: Failing): void {
  expect(answer).toEqual({ ok: false, error: { code: kind, message: expect.any(String) } });
  const { message } = (answer as { error: ProtocolError }).error;
  expect(message.length).toBeGreaterThan(10);
  const wire = JSON.stringify(answer);
  expect(wire).not.toContain('hunter2');
  expect(wire).not.toMatch(/\bat .*\.(ts|js):\d+|StoreUnavailableError|Error:/);
}

describe.each(['unavailable', 'internal'] as const)('a store that throws (%s)', (kind) => {
  it('fails a message:send, delivers nothing, and the retry with the same clientId succeeds', async () => {
    const { server, outage } = await serverWithOutage('history', 'append', kind);
    const room = newRoom();
    const alice = await joined(server.url, room);
    const bob = await joined(server.url, room);
    const atBob = record(bob.socket, 'message:new');
    const payload = { room, clientId: newClientId(), text: 'survives the outage' };

    outage.broken = true;
    expectFailure(await alice.socket.emitWithAck(ClientEvent.MessageSend, payload), kind);
    expect(outage.calls).toBe(1);
    await sleep(100);
    expect(atBob).toEqual([]);

    // The connection still works for whatever does not need the broken store.
    expect(await alice.socket.emitWithAck(ClientEvent.RoomJoin, { room: newRoom() })).toMatchObject({ ok: true });

    outage.broken = false;
    const retry = await alice.socket.emitWithAck(ClientEvent.MessageSend, payload);
    expect(retry).toMatchObject({ ok: true, message: { clientId: payload.clientId, text: payload.text } });
    await sleep(100);
    expect(atBob.map((m) => m.clientId)).toEqual([payload.clientId]);
    const history = await (await connect(server.url)).emitWithAck(ClientEvent.RoomJoin, { room });
    expect(history.ok && history.history.map((m) => m.text)).toEqual([payload.text]);
  });

  it('never answers ok to a repeat sent while the first send is failing', async () => {
    const { server, outage } = await serverWithOutage('history', 'append', kind);
    const room = newRoom();
    const alice = await joined(server.url, room);
    const bob = await joined(server.url, room);
    const atBob = record(bob.socket, 'message:new');
    const payload = { room, clientId: newClientId(), text: 'sent twice at once' };

    outage.broken = true;
    const answers = await Promise.all([1, 2].map(() => alice.socket.emitWithAck(ClientEvent.MessageSend, payload)));
    for (const answer of answers) expectFailure(answer, kind);
    outage.broken = false;
    const retries = await Promise.all([1, 2].map(() => alice.socket.emitWithAck(ClientEvent.MessageSend, payload)));
    expect(retries[0]).toMatchObject({ ok: true });
    expect(retries[1]).toEqual(retries[0]);
    await sleep(100);
    expect(atBob.map((m) => m.text)).toEqual([payload.text]);
  });

  it('fails a dm:send whose presence check throws, and the retry succeeds', async () => {
    const { server, outage } = await serverWithOutage('presence', 'isMember', kind);
    const room = newRoom();
    const alice = await joined(server.url, room);
    const bob = await joined(server.url, room);
    const atBob = record(bob.socket, 'dm:new');
    const payload = { room, to: bob.self.id, clientId: newClientId(), text: 'psst' };

    outage.broken = true;
    expectFailure(await alice.socket.emitWithAck(ClientEvent.DmSend, payload), kind);
    await sleep(100);
    expect(atBob).toEqual([]);

    outage.broken = false;
    const arrives = next(bob.socket, 'dm:new');
    expect(await alice.socket.emitWithAck(ClientEvent.DmSend, payload)).toMatchObject({ ok: true });
    expect(await arrives).toMatchObject({ clientId: payload.clientId });
    await sleep(100);
    expect(atBob).toHaveLength(1);
  });

  it('fails a send whose idempotency claim throws, and the retry succeeds', async () => {
    const { server, outage } = await serverWithOutage('idempotency', 'claim', kind);
    const room = newRoom();
    const alice = await joined(server.url, room);
    const payload = { room, clientId: newClientId(), text: 'hello' };
    outage.broken = true;
    expectFailure(await alice.socket.emitWithAck(ClientEvent.MessageSend, payload), kind);
    outage.broken = false;
    expect(await alice.socket.emitWithAck(ClientEvent.MessageSend, payload)).toMatchObject({ ok: true });
  });

  it('fails a send whose rate limiter throws, and the retry with the same clientId succeeds', async () => {
    const { server, outage } = await serverWithLimiterOutage('send', kind);
    const room = newRoom();
    const alice = await joined(server.url, room);
    const payload = { room, clientId: newClientId(), text: 'hello' };
    outage.broken = true;
    expectFailure(await alice.socket.emitWithAck(ClientEvent.MessageSend, payload), kind);
    outage.broken = false;
    expect(await alice.socket.emitWithAck(ClientEvent.MessageSend, payload)).toMatchObject({
      ok: true,
      message: { clientId: payload.clientId },
    });
  });

  it('fails a room:join, tells nobody, and the retry succeeds', async () => {
    const { server, outage } = await serverWithOutage('presence', 'join', kind);
    const room = newRoom();
    const bob = await joined(server.url, room);
    const presence = record(bob.socket, 'presence:update');
    const alice = await connect(server.url);

    outage.broken = true;
    expectFailure(await alice.emitWithAck(ClientEvent.RoomJoin, { room }), kind);
    await sleep(100);
    expect(presence).toEqual([]);
    const send = await alice.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'x' });
    expect(send).toMatchObject({ ok: false, error: { code: 'not_joined' } });

    outage.broken = false;
    expect(await alice.emitWithAck(ClientEvent.RoomJoin, { room })).toMatchObject({ ok: true, memberCount: 2 });
    await sleep(100);
    expect(presence).toHaveLength(1);
  });

  it('fails a user:rename, changes no name anywhere, and the retry succeeds', async () => {
    const { server, outage } = await serverWithOutage('presence', 'rename', kind);
    const room = newRoom();
    const alice = await joined(server.url, room, { name: 'Alice' });
    const bob = await joined(server.url, room, { name: 'Bob' });
    const presence = record(bob.socket, 'presence:update');

    outage.broken = true;
    expectFailure(await alice.socket.emitWithAck(ClientEvent.UserRename, { name: 'Alicia' }), kind);
    await sleep(100);
    expect(presence).toEqual([]);
    // A failed rename has no effect: Alice still speaks, and is listed, as Alice.
    const sent = await alice.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'hi' });
    expect(sent).toMatchObject({ ok: true, message: { from: { name: 'Alice' } } });
    const listed = await (await connect(server.url)).emitWithAck(ClientEvent.RoomJoin, { room });
    expect(listed.ok && listed.members.map((m) => m.name)).toContain('Alice');

    outage.broken = false;
    expect(await alice.socket.emitWithAck(ClientEvent.UserRename, { name: 'Alicia' })).toMatchObject({
      ok: true,
      self: { name: 'Alicia' },
    });
    const renamed = await alice.socket.emitWithAck(ClientEvent.MessageSend, {
      room,
      clientId: newClientId(),
      text: 'x',
    });
    expect(renamed).toMatchObject({ ok: true, message: { from: { name: 'Alicia' } } });
  });
});

describe('a disconnect while a store is down', () => {
  it('does not take the server down', async () => {
    const { server, outage } = await serverWithOutage('presence', 'leave', 'internal');
    const room = newRoom();
    const alice = await joined(server.url, room);
    outage.broken = true;
    alice.socket.disconnect();
    await sleep(100);
    expect(outage.calls).toBe(1);
    outage.broken = false;
    const other = newRoom();
    const bob = await joined(server.url, other);
    const carol = await joined(server.url, other);
    const arrives = next(carol.socket, 'message:new');
    const sent = await bob.socket.emitWithAck(ClientEvent.MessageSend, {
      room: other,
      clientId: newClientId(),
      text: 'ok',
    });
    expect(sent).toMatchObject({ ok: true });
    expect(await arrives).toMatchObject({ text: 'ok' });
  });
});

describe('a send cut off while delivering', () => {
  /** Room messages whose history write lands but is answered with a failure, as after a timeout. */
  async function serverWhoseWritesTimeOut(overrides: Partial<Config> = {}) {
    const stores = createMemoryStores(loadConfig({}));
    const outage = { writesTimeOut: false, abandonFails: false };
    const append = stores.history.append.bind(stores.history);
    stores.history.append = async (message) => {
      await append(message);
      if (outage.writesTimeOut) throw new StoreUnavailableError('no answer in time');
    };
    const abandon = stores.idempotency.abandon.bind(stores.idempotency);
    stores.idempotency.abandon = async (key) => {
      if (outage.abandonFails) throw new StoreUnavailableError('store gone');
      return abandon(key);
    };
    return { server: await startServer(overrides, stores), outage };
  }

  it('is resumed by the retry with the same message: once in the history, once to the others', async () => {
    const { server, outage } = await serverWhoseWritesTimeOut();
    const room = newRoom();
    const alice = await joined(server.url, room);
    const bob = await joined(server.url, room);
    const atBob = record(bob.socket, 'message:new');
    const payload = { room, clientId: newClientId(), text: 'written, then timed out' };

    outage.writesTimeOut = true;
    expectFailure(await alice.socket.emitWithAck(ClientEvent.MessageSend, payload), 'unavailable');
    outage.writesTimeOut = false;
    const retry = await alice.socket.emitWithAck(ClientEvent.MessageSend, payload);
    expect(retry).toMatchObject({ ok: true, message: { clientId: payload.clientId, text: payload.text } });
    expect(await alice.socket.emitWithAck(ClientEvent.MessageSend, payload)).toEqual(retry);
    await sleep(100);
    expect(atBob.map((m) => m.text)).toEqual([payload.text]);
    const history = await bob.socket.emitWithAck(ClientEvent.RoomHistory, { room });
    expect(history.ok && history.messages.map((m) => m.text)).toEqual([payload.text]);
  });

  it('whose attempt could not even let go is answered unavailable until its lease runs out, then resumed', async () => {
    // The lease is five command deadlines: 500 ms here.
    const { server, outage } = await serverWhoseWritesTimeOut({ redisCommandTimeoutMs: 100 });
    const room = newRoom();
    const alice = await joined(server.url, room);
    const payload = { room, clientId: newClientId(), text: 'held by a lost attempt' };

    Object.assign(outage, { writesTimeOut: true, abandonFails: true });
    expectFailure(await alice.socket.emitWithAck(ClientEvent.MessageSend, payload), 'unavailable');
    Object.assign(outage, { writesTimeOut: false, abandonFails: false });
    const early = await alice.socket.emitWithAck(ClientEvent.MessageSend, payload);
    expect(early).toEqual({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/still being sent/) },
    });
    await sleep(600);
    expect(await alice.socket.emitWithAck(ClientEvent.MessageSend, payload)).toMatchObject({
      ok: true,
      message: { clientId: payload.clientId },
    });
    const history = await alice.socket.emitWithAck(ClientEvent.RoomHistory, { room });
    expect(history.ok && history.messages.map((m) => m.text)).toEqual([payload.text]);
  });
});
