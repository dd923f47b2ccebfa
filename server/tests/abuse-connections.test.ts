/**
 * The per-address budgets at the handshake (issue #11): connections open at once
 * (MAX_CONNECTIONS_PER_IP) and identities never seen before (NEW_IDENTITIES_PER_IP), counted
 * against the socket's address or, from a trusted proxy only, the X-Forwarded-For client.
 * Every client here connects from 127.0.0.1.
 */
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientEvent } from '../../protocol/index.ts';
import { loadConfig } from '../config.ts';
import { userIdFromToken } from '../identity.ts';
import { createMemoryStores } from '../stores/memory.ts';
import {
  connect,
  connecting,
  newRoom,
  newToken,
  outcome,
  serversPerTest,
  sleep,
  type Client,
  type Outcome,
} from './harness.ts';
import { openRaw, rawConnect, type RawSocket } from './raw-socket.ts';

const serverWith = serversPerTest();
const defaults = loadConfig({});

/** The refusal of a per-address budget, as the handshake sends it. */
const rateLimited = (limit: string, mentioning: string) => ({
  kind: 'refused',
  message: 'rate_limited',
  data: { code: 'rate_limited', message: expect.stringContaining(mentioning), retryAfterMs: expect.any(Number), limit },
});

/** Sockets and raw websockets opened outside the harness, closed after each test. */
const extra: Array<Client | RawSocket> = [];
afterEach(() => {
  for (const socket of extra.splice(0)) {
    if ('ws' in socket) socket.ws.terminate();
    else socket.disconnect();
  }
});

/** A connection attempt that claims, in X-Forwarded-For, to come for `client`. */
function forwardedFor(url: string, client: string): Promise<Outcome> {
  const socket: Client = io(url, {
    transports: ['websocket'],
    auth: { v: 1, token: newToken(), name: 'Proxied' },
    extraHeaders: { 'X-Forwarded-For': client },
    reconnection: false,
    forceNew: true,
  });
  extra.push(socket);
  return outcome(socket);
}

/**
 * Retries `attempt` (a second at most) until its outcome is `wanted` (by default: connected):
 * a closed connection's place frees once the server has seen its TCP socket go.
 */
async function eventually(
  attempt: () => Promise<Outcome>,
  wanted: (result: Outcome) => boolean = (result) => result.kind === 'connected',
): Promise<Outcome> {
  let last: Outcome = { kind: 'closed', reason: 'never tried' };
  for (let tries = 0; tries < 20 && !wanted(last); tries++) {
    if (tries > 0) await sleep(50);
    last = await attempt();
  }
  return last;
}

describe('connections per address', () => {
  it(`admits ${defaults.maxConnectionsPerIp} connections from one address by default and refuses the next`, async () => {
    expect(defaults.maxConnectionsPerIp).toBe(256);
    const server = await serverWith({ maxConnectionsPerIp: defaults.maxConnectionsPerIp });
    const open: Client[] = [];
    // In batches, so the 2 cores of CI are not asked for 256 handshakes at once.
    for (let batch = 0; batch < defaults.maxConnectionsPerIp / 32; batch++) {
      open.push(...(await Promise.all(Array.from({ length: 32 }, () => connect(server.url)))));
    }
    expect(open.every((socket) => socket.connected)).toBe(true);
    const over = await outcome(connecting(server.url));
    expect(over).toEqual(rateLimited('connections_per_address', 'at most 256'));

    open[0]?.disconnect();
    expect(await eventually(() => outcome(connecting(server.url)))).toEqual({ kind: 'connected' });
  }, 30_000);

  it('counts a small cap exactly, and frees a place when a connection closes', async () => {
    const server = await serverWith({ maxConnectionsPerIp: 3 });
    const first = await connect(server.url);
    await connect(server.url);
    await connect(server.url);
    const refused = await outcome(connecting(server.url));
    expect(refused).toEqual(rateLimited('connections_per_address', 'at most 3'));
    if (refused.kind !== 'refused') throw new Error('not refused');
    expect((refused.data as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);

    first.disconnect();
    expect(await eventually(() => outcome(connecting(server.url)))).toEqual({ kind: 'connected' });
    expect(await outcome(connecting(server.url))).toEqual(rateLimited('connections_per_address', 'at most 3'));
  });

  it('closes a refused connection even when its client ignores the refusal', async () => {
    const server = await serverWith({ maxConnectionsPerIp: 1 });
    await connect(server.url);
    const stubborn = await openRaw(server.url);
    extra.push(stubborn);
    expect(await rawConnect(stubborn, { v: 1, token: newToken(), name: 'Stubborn' })).toMatch(
      /^44\{"message":"rate_limited","data":\{"code":"rate_limited".*"limit":"connections_per_address"\}\}$/,
    );
    await expect(Promise.race([stubborn.closed.then(() => 'closed'), sleep(2000)])).resolves.toBe('closed');
  });

  it('refuses raw connections at the upgrade once an address holds twice the cap without connecting to the chat', async () => {
    const server = await serverWith({ maxConnectionsPerIp: 2 });
    // Engine.IO connections that never connect to the chat still hold a socket each.
    const raws: RawSocket[] = [];
    for (let n = 0; n < 4; n++) raws.push(await openRaw(server.url));
    extra.push(...raws);
    // Engine.IO answers every refused upgrade 400.
    await expect(openRaw(server.url)).rejects.toThrow('upgrade refused: 400');
    expect(await outcome(connecting(server.url))).toEqual({
      kind: 'refused',
      message: 'websocket error',
      data: undefined,
    });
    // Under twice the cap again, a connection reaches the handshake (and its refusal).
    raws[0]?.ws.terminate();
    await raws[0]?.closed;
    const handshake = await eventually(
      () => outcome(connecting(server.url)),
      (result) => result.kind === 'refused' && result.message === 'rate_limited',
    );
    expect(handshake).toEqual(rateLimited('connections_per_address', 'at most 2'));
  });
});

describe('X-Forwarded-For', () => {
  it('counts a trusted proxy’s connections against the client it names', async () => {
    const server = await serverWith({ maxConnectionsPerIp: 1, trustProxy: ['127.0.0.1'] });
    expect(await forwardedFor(server.url, '203.0.113.1')).toEqual({ kind: 'connected' });
    expect(await forwardedFor(server.url, '203.0.113.2')).toEqual({ kind: 'connected' });
    expect(await forwardedFor(server.url, '203.0.113.1')).toEqual(rateLimited('connections_per_address', 'at most 1'));
    // One /64 is one address.
    expect(await forwardedFor(server.url, '2001:db8:1:2::1')).toEqual({ kind: 'connected' });
    expect(await forwardedFor(server.url, '2001:db8:1:2::ffff')).toMatchObject({ kind: 'refused' });
  });

  it('ignores the header from a peer that is not a trusted proxy', async () => {
    const server = await serverWith({ maxConnectionsPerIp: 1, trustProxy: ['10.0.0.0/8'] });
    expect(await forwardedFor(server.url, '203.0.113.1')).toEqual({ kind: 'connected' });
    expect(await forwardedFor(server.url, '203.0.113.2')).toEqual(rateLimited('connections_per_address', 'at most 1'));
  });
});

describe('new identities per address', () => {
  it(`admits ${defaults.newIdentitiesPerIp} new identities from one address by default, refuses the next, and still admits a known one`, async () => {
    expect(defaults.newIdentitiesPerIp).toBe(50);
    const config = { ...loadConfig({ STORAGE: 'memory' }), newIdentitiesPerIp: defaults.newIdentitiesPerIp };
    const stores = createMemoryStores(config);
    const server = await serverWith({ newIdentitiesPerIp: defaults.newIdentitiesPerIp }, stores);
    const tokens = Array.from({ length: 50 }, newToken);
    for (const token of tokens) {
      const socket = await connect(server.url, { token });
      socket.disconnect();
    }
    const fresh = newToken();
    const refused = await outcome(connecting(server.url, { token: fresh }));
    expect(refused).toEqual(rateLimited('new_identities_per_address', 'new visitors'));
    // The budget refills one identity every 10 min / 50 = 12 s.
    const { retryAfterMs } = (refused as { data: { retryAfterMs: number } }).data;
    expect(retryAfterMs).toBeGreaterThan(10_000);
    expect(retryAfterMs).toBeLessThanOrEqual(12_000);
    expect(await stores.identities.firstSeen(userIdFromToken(fresh), Date.now())).toBeNull();

    const known = await connect(server.url, { token: tokens[0] });
    const joined = await known.emitWithAck(ClientEvent.RoomJoin, { room: newRoom() });
    expect(joined.ok).toBe(true);
  }, 20_000);

  it('records when each identity was first seen, and keeps it across connections', async () => {
    const stores = createMemoryStores(loadConfig({ STORAGE: 'memory' }));
    const server = await serverWith({}, stores);
    const token = newToken();
    const before = Date.now();
    (await connect(server.url, { token })).disconnect();
    const firstSeenAt = await stores.identities.firstSeen(userIdFromToken(token), Date.now());
    expect(firstSeenAt).toBeGreaterThanOrEqual(before);
    await sleep(20);
    await connect(server.url, { token });
    expect(await stores.identities.firstSeen(userIdFromToken(token), Date.now())).toBe(firstSeenAt);
  });
});
