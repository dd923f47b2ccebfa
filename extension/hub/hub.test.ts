import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientEvent, type ClientToServerEvents, type ServerToClientEvents } from '../../protocol/index.ts';
import type { PageContext } from '../messaging/panel-hub.ts';
import { createTestPanel, type TestPanel } from '../testing/panel-pair.ts';
import { startRelay, type Relay } from '../testing/relay.ts';
import { Hub } from './hub.ts';
import { ensureProfile, ensureToken, saveProfile } from './identity.ts';
import { readTabContext, writeTabContext } from './tab-contexts.ts';

type Observer = Socket<ServerToClientEvents, ClientToServerEvents>;

let relay: Relay;
const hubs: Hub[] = [];
const observers: Observer[] = [];
const panels: TestPanel[] = [];

const newRoom = (): string => randomBytes(32).toString('hex');

function createHub(closePanel: (tabId: number) => Promise<void> = async () => undefined): Hub {
  const hub = new Hub({
    credentials: async () => ({ url: relay.url, token: await ensureToken(), name: (await ensureProfile()).name }),
    loadProfile: ensureProfile,
    saveProfile,
    readTabContext,
    closePanel,
    lingerMs: 50,
    requestTimeoutMs: 3000,
  });
  hubs.push(hub);
  return hub;
}

function panel(hub: Hub, tabId?: number): TestPanel {
  const created = createTestPanel(tabId);
  panels.push(created);
  hub.attach(created.link);
  return created;
}

/** Another user, as a plain socket.io client, who joins `room` and watches it. */
async function observer(room: string, name = 'Observer'): Promise<Observer> {
  const socket: Observer = io(relay.url, {
    transports: ['websocket'],
    auth: { v: 1, token: randomBytes(24).toString('base64url'), name },
    forceNew: true,
  });
  observers.push(socket);
  const answer = await socket.emitWithAck(ClientEvent.RoomJoin, { room });
  if (!answer.ok) throw new Error(answer.error.message);
  return socket;
}

function events<E extends keyof ServerToClientEvents>(
  socket: Observer,
  event: E,
): Array<Parameters<ServerToClientEvents[E]>[0]> {
  const seen: Array<Parameters<ServerToClientEvents[E]>[0]> = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => void, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > end) throw error;
      await sleep(20);
    }
  }
}

beforeEach(async () => {
  relay = await startRelay();
});

afterEach(async () => {
  for (const p of panels.splice(0)) p.disconnect();
  for (const hub of hubs.splice(0)) hub.dispose();
  for (const socket of observers.splice(0)) socket.disconnect();
  await relay.close();
});

describe('room hub', () => {
  it('joins a room once however many panels watch it, and leaves after the last one', async () => {
    const room = newRoom();
    const other = await observer(room);
    const presence = events(other, 'presence:update');
    const hub = createHub();
    const [a, b] = [panel(hub), panel(hub)];

    const first = await a.request('room:watch', { room });
    const second = await b.request('room:watch', { room });
    expect(first.ok && second.ok && first.self.id === second.self.id).toBe(true);
    expect(second.ok && second.memberCount).toBe(2);
    await eventually(() => expect(presence.filter((p) => p.joined)).toHaveLength(1));

    await a.request('room:unwatch', { room });
    await sleep(100);
    expect(presence.filter((p) => p.left)).toEqual([]);

    b.disconnect();
    await eventually(() => expect(presence.filter((p) => p.left)).toHaveLength(1));
  });

  it('routes server events to the panels of their room only', async () => {
    const [roomA, roomB] = [newRoom(), newRoom()];
    const hub = createHub();
    const [inA, inB] = [panel(hub), panel(hub)];
    await inA.request('room:watch', { room: roomA });
    await inB.request('room:watch', { room: roomB });
    const speaker = await observer(roomA, 'Speaker');
    await speaker.emitWithAck(ClientEvent.MessageSend, { room: roomA, clientId: 'abcdefgh1', text: 'hello A' });
    const message = await inA.waitFor('message:new');
    expect(message).toMatchObject({ room: roomA, text: 'hello A', from: { name: 'Speaker' } });
    await sleep(100);
    expect(inB.pushes('message:new')).toEqual([]);
    expect(inB.pushes('presence:update').every((update) => update.room === roomB)).toBe(true);
  });

  it("gives a panel's own sends to the other panels of the room, which the server does not echo", async () => {
    const room = newRoom();
    const hub = createHub();
    const [sender, sibling] = [panel(hub), panel(hub)];
    await sender.request('room:watch', { room });
    await sibling.request('room:watch', { room });
    const other = await observer(room);
    const atOther = events(other, 'message:new');

    const answer = await sender.request('message:send', { room, clientId: 'clientid01', text: 'from a panel' });
    expect(answer.ok).toBe(true);
    expect(await sibling.waitFor('message:new')).toEqual(answer.ok && answer.message);
    await eventually(() => expect(atOther).toHaveLength(1));
    expect(sender.pushes('message:new')).toEqual([]);
  });

  it('relays DMs to the panels of that room', async () => {
    const room = newRoom();
    const hub = createHub();
    const viewer = panel(hub);
    const watch = await viewer.request('room:watch', { room });
    if (!watch.ok) throw new Error('watch failed');
    const other = await observer(room, 'Dee');
    await other.emitWithAck(ClientEvent.DmSend, { room, to: watch.self.id, clientId: 'dmclient1', text: 'psst' });
    expect(await viewer.waitFor('dm:new')).toMatchObject({ text: 'psst', to: watch.self.id, from: { name: 'Dee' } });
  });

  it('joins every watched room again after a reconnect and pushes fresh snapshots', async () => {
    const [roomA, roomB] = [newRoom(), newRoom()];
    const hub = createHub();
    const p = panel(hub);
    await p.request('room:watch', { room: roomA });
    await p.request('room:watch', { room: roomB });
    relay.kick();
    await p.waitFor('connection:state', (state) => state.status === 'reconnecting');
    const snapshotA = await p.waitFor('room:snapshot', (s) => s.room === roomA);
    const snapshotB = await p.waitFor('room:snapshot', (s) => s.room === roomB);
    expect(snapshotA.snapshot.ok && snapshotA.snapshot.memberCount).toBe(1);
    expect(snapshotB.snapshot.ok).toBe(true);
    expect(p.pushes('connection:state').at(-1)).toEqual({ status: 'connected' });
    const speaker = await observer(roomA);
    await speaker.emitWithAck(ClientEvent.MessageSend, { room: roomA, clientId: 'afterkick1', text: 'still here?' });
    expect((await p.waitFor('message:new')).text).toBe('still here?');
  });

  it('restores a tab context after the worker restarts, and panels resync by watching again', async () => {
    const room = newRoom();
    const context: PageContext = {
      status: 'ok',
      title: 'A page',
      page: { key: room, label: 'https://example.com/a' },
      site: { key: newRoom(), label: 'https://example.com' },
    };
    await writeTabContext(7, context);
    const before = createHub();
    const old = panel(before, 7);
    expect(await old.waitFor('page:context')).toEqual(context);
    await old.request('room:watch', { room });
    const other = await observer(room);
    const presence = events(other, 'presence:update');

    before.dispose(); // what Chrome's stop does: the socket and the ports are gone
    old.disconnect();
    await eventually(() => expect(presence.filter((u) => u.left)).toHaveLength(1));

    const after = createHub();
    const again = panel(after, 7);
    expect(await again.waitFor('page:context')).toEqual(context);
    const snapshot = await again.request('room:watch', { room });
    expect(snapshot.ok && snapshot.memberCount).toBe(2);
    await eventually(() => expect(presence.filter((u) => u.joined)).toHaveLength(1));
  });

  it('renames through the server, saves the name and tells every panel', async () => {
    const room = newRoom();
    const hub = createHub();
    const [a, b] = [panel(hub), panel(hub)];
    await a.request('room:watch', { room });
    const other = await observer(room);
    const presence = events(other, 'presence:update');
    const answer = await b.request('profile:rename', { name: '  Zed ' });
    expect(answer).toEqual({ ok: true, profile: { name: 'Zed', named: true } });
    expect(await a.waitFor('profile:update', (p) => p.name === 'Zed')).toEqual({ name: 'Zed', named: true });
    expect(await ensureProfile()).toEqual({ name: 'Zed', named: true });
    await eventually(() => expect(presence.some((u) => u.renamed?.name === 'Zed')).toBe(true));
    expect(await b.request('profile:rename', { name: 'bad\u202ename' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });

  it('closes the panel of the requesting tab through the content script', async () => {
    const closed: number[] = [];
    const hub = createHub(async (tabId) => void closed.push(tabId));
    const inTab = panel(hub, 42);
    expect(await inTab.request('panel:close', {})).toEqual({ ok: true });
    expect(closed).toEqual([42]);
    expect(await panel(hub).request('panel:close', {})).toMatchObject({ ok: false });
  });

  it('answers unavailable, not never, when the server cannot be reached', async () => {
    await relay.close();
    relay = await startRelay();
    const port = relay.port;
    await relay.close();
    const hub = new Hub({
      credentials: async () => ({ url: `http://127.0.0.1:${port}`, token: await ensureToken(), name: 'Nobody' }),
      loadProfile: ensureProfile,
      saveProfile,
      readTabContext,
      closePanel: async () => undefined,
      requestTimeoutMs: 300,
      maxAttempts: 1,
    });
    hubs.push(hub);
    relay = await startRelay(); // for afterEach; a different port
    const p = panel(hub);
    const answer = await p.request('message:send', { room: newRoom(), clientId: 'offline01', text: 'hello?' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await p.waitFor('connection:state', (state) => state.status === 'offline');
  });
});
