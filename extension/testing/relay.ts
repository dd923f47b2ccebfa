/**
 * A real relay server for extension tests: the hub under test talks to it over a real
 * socket.io-client connection, exactly as in the browser.
 */
import type { AddressInfo } from 'node:net';
import type { RequestEvent } from '../../protocol/index.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';

export interface Relay {
  url: string;
  port: number;
  /** Disconnects every client from the server side, as a restarting server would. */
  kick(): void;
  /**
   * The next `event` request is handled in full, but its acknowledgement is lost: the server
   * cuts that connection instead of answering, as a network drop at the worst moment would.
   */
  loseNextAck(event: RequestEvent): void;
  /** How many `event` requests have reached the server so far. */
  received(event: RequestEvent): number;
  /** The `auth` of every connection the relay admitted, in order: what a client presented. */
  handshakes(): Array<Record<string, unknown>>;
  /** How many clients are connected now. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * Every test user is a new identity from 127.0.0.1, so the per-address budgets and the newcomer
 * hold-back would meet every test; they are off unless a test sets them through `overrides`. So
 * is the automatic slow mode, which a test filling a room's history in a burst would set off.
 */
const TEST_DEFAULTS: Partial<Config> = {
  maxConnectionsPerIp: 0,
  newIdentitiesPerIp: 0,
  newcomerMinutes: 0,
  autoSlowModePerSecond: 0,
};

/** `overrides` tune the server, e.g. a big `sendBurst` to fill a room's history quickly. */
export async function startRelay(port = 0, overrides: Partial<Config> = {}): Promise<Relay> {
  const config = { ...loadConfig({ STORAGE: 'memory' }), logLevel: 'silent' as const, ...TEST_DEFAULTS, ...overrides };
  const app = await buildApp({ config, logger: false });
  let losing: RequestEvent | null = null;
  const counts = new Map<unknown, number>();
  const handshakes: Array<Record<string, unknown>> = [];
  app.io.on('connection', (socket) => {
    handshakes.push(structuredClone(socket.handshake.auth));
    socket.use((packet, next) => {
      counts.set(packet[0], (counts.get(packet[0]) ?? 0) + 1);
      const last = packet.length - 1;
      if (packet[0] === losing && typeof packet[last] === 'function') {
        losing = null;
        packet[last] = () => socket.conn.close();
      }
      next();
    });
  });
  await app.listen({ port, host: '127.0.0.1' });
  const actual = (app.server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    kick: () => app.io.disconnectSockets(true),
    loseNextAck: (event) => {
      losing = event;
    },
    received: (event) => counts.get(event) ?? 0,
    handshakes: () => handshakes,
    connections: () => app.io.of('/').sockets.size,
    close: () => app.close(),
  };
}
