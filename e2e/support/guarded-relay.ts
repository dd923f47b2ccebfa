/**
 * A relay of its own for the tests of issue #11's limits: the real server (in this process,
 * memory storage), with small budgets from `config`, and in front of it what the relay's
 * per-address guard and newcomer rules will answer, as the contract says, until they land on
 * the server: the first `newIdentities` tokens are let in and every other one is refused at
 * the handshake (NEW_IDENTITIES_PER_IP), and each join answer carries `newcomer`
 * (NEWCOMER_MINUTES). Once the server does both, start it with those settings instead.
 */
import type { AddressInfo } from 'node:net';
import { ClientEvent, type Newcomer } from '../../protocol/index.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';

export interface GuardedRelayOptions {
  config?: Partial<Config>;
  /** Tokens let in; the next ones are refused `new_identities_per_address` for `retryAfterMs`. */
  newIdentities: number;
  retryAfterMs: number;
  /** Added to every `room:join` answer. */
  newcomer: Newcomer;
}

export interface GuardedRelay {
  url: string;
  close(): Promise<void>;
}

export async function startGuardedRelay(options: GuardedRelayOptions): Promise<GuardedRelay> {
  const config = { ...loadConfig({ STORAGE: 'memory' }), logLevel: 'silent' as const, ...options.config };
  const app = await buildApp({ config, logger: false });
  const known = new Set<string>();
  app.io.use((socket, next) => {
    const { token } = socket.handshake.auth as { token?: unknown };
    if (typeof token !== 'string' || known.has(token) || known.size < options.newIdentities) {
      if (typeof token === 'string') known.add(token);
      return next();
    }
    const error = new Error('rate_limited') as Error & { data: unknown };
    error.data = {
      code: 'rate_limited',
      message: 'too many new identities from this address',
      retryAfterMs: options.retryAfterMs,
      limit: 'new_identities_per_address',
    };
    next(error);
  });
  app.io.on('connection', (socket) => {
    socket.use((packet, next) => {
      const last = packet.length - 1;
      const ack: unknown = packet[last];
      if (packet[0] === ClientEvent.RoomJoin && typeof ack === 'function') {
        packet[last] = (answer: { ok: boolean }) => ack(answer.ok ? { ...answer, newcomer: options.newcomer } : answer);
      }
      next();
    });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() };
}
