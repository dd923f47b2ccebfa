/**
 * A handshake refused for a budget (issue #11): the relay's per-address guard answers with a
 * `connect_error` whose `data` is a `rate_limited` error, which Socket.IO does not retry. The
 * relay here is a bare Socket.IO server whose middleware refuses as the contract says, so that
 * the timing can be controlled exactly.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../messaging/panel-hub.ts';
import { eventually, sleep } from '../testing/hub-harness.ts';
import { Connection } from './connection.ts';

interface Guard {
  url: string;
  /** When each handshake arrived, ms since the epoch. */
  handshakes: number[];
  /** How many handshakes are still refused. */
  refuse(count: number, retryAfterMs: number): void;
}

const closers: Array<() => void> = [];

afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function startGuard(): Promise<Guard> {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'] });
  const handshakes: number[] = [];
  let refusals = 0;
  let wait = 0;
  io.use((_socket, next) => {
    handshakes.push(Date.now());
    if (refusals === 0) return next();
    refusals--;
    const error = new Error('rate_limited') as Error & { data: unknown };
    error.data = {
      code: 'rate_limited',
      message: 'too many new identities from this address',
      retryAfterMs: wait,
      limit: 'new_identities_per_address',
    };
    next(error);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  closers.push(() => void io.close());
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    handshakes,
    refuse(count, retryAfterMs) {
      refusals = count;
      wait = retryAfterMs;
    },
  };
}

function connect(guard: Guard): { connection: Connection; states: ConnectionState[] } {
  const states: ConnectionState[] = [];
  const connection = new Connection({
    credentials: async () => ({ url: guard.url, token: 'a'.repeat(22), name: 'Bob' }),
    onSocket: () => undefined,
    onConnect: () => undefined,
    onState: (state) => states.push(state),
    lingerMs: 50,
    maxAttempts: 8,
  });
  closers.push(() => connection.dispose());
  void connection.open();
  return { connection, states };
}

const offline = (states: ConnectionState[]) => states.filter((state) => state.status === 'offline');

describe('a handshake refused for a budget', () => {
  it('shows offline with the words, then connects again by itself once the wait is over', async () => {
    const guard = await startGuard();
    guard.refuse(1, 1200);
    const { states } = connect(guard);

    await eventually(() => expect(offline(states)).toHaveLength(1));
    const [refused] = offline(states);
    expect(refused).toMatchObject({
      status: 'offline',
      reason: 'Too many new visitors from your network; try again in 2 s',
      limited: { error: { code: 'rate_limited', retryAfterMs: 1200, limit: 'new_identities_per_address' } },
    });
    const retryAt = refused?.status === 'offline' ? (refused.limited?.retryAt ?? 0) : 0;
    const [first = 0] = guard.handshakes;
    // The relay's wait plus at most a tenth of it, so that a refused crowd does not return at once.
    expect(retryAt - first).toBeGreaterThanOrEqual(1200);
    expect(retryAt - first).toBeLessThan(1200 * 1.1 + 200);

    await eventually(() => expect(states.at(-1)).toEqual({ status: 'connected' }), 4000);
    expect(guard.handshakes).toHaveLength(2);
    expect((guard.handshakes[1] ?? 0) - first).toBeGreaterThanOrEqual(1200);
  });

  it('tries at once on Retry, without waiting for the scheduled attempt', async () => {
    const guard = await startGuard();
    guard.refuse(1, 60_000);
    const { connection, states } = connect(guard);
    await eventually(() => expect(offline(states)).toHaveLength(1));
    expect(offline(states)[0]).toMatchObject({ reason: 'Too many new visitors from your network; try again in 1 min' });

    await connection.retry();
    await eventually(() => expect(states.at(-1)).toEqual({ status: 'connected' }));
    expect(guard.handshakes).toHaveLength(2);
  });

  it('makes no attempt after the connection is disposed', async () => {
    const guard = await startGuard();
    guard.refuse(10, 1000);
    const { connection, states } = connect(guard);
    await eventually(() => expect(offline(states)).toHaveLength(1));
    connection.dispose();
    await sleep(1500);
    expect(guard.handshakes).toHaveLength(1);
  });
});
