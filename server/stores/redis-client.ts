/**
 * One node-redis client for the stores, and the two rules every Redis store follows:
 * a command fails at once while Redis is unreachable (no offline queue, so a request is
 * answered `unavailable` instead of hanging), and any failure becomes a StoreUnavailableError.
 * The client reconnects by itself; its 'error' events are logged once per outage, because an
 * unhandled 'error' event would crash the process.
 */
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { createClient } from 'redis';
import { StoreUnavailableError } from './types.ts';

export type RedisClient = ReturnType<typeof createClient>;

/** Keys of every kind start with this, so the data can share a Redis with other things. */
export const KEY_PREFIX = 'samepage:';

/** Reconnect quickly at first, then every 2 s at most, forever: the node must come back by itself. */
const reconnectStrategy = (retries: number): number => Math.min(100 * 2 ** retries, 2000);

/**
 * A client that connects in the background and keeps reconnecting; `queue` keeps commands sent
 * while it is down until it is back (for the Socket.IO adapter, whose broadcasts may wait),
 * otherwise they fail at once.
 */
export function openRedis(url: string, log: FastifyBaseLogger, { queue = false } = {}): RedisClient {
  const client = createClient({ url, disableOfflineQueue: !queue, socket: { reconnectStrategy } });
  let down = false;
  client.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    log.warn({ err: error }, 'redis unreachable; retrying');
  });
  client.on('ready', () => {
    if (down) log.info('redis reachable again');
    down = false;
  });
  client.connect().catch((error: unknown) => log.error({ err: error }, 'redis client gave up'));
  return client;
}

/** Runs a Redis call; any failure means the store is unavailable for now. */
export async function attempt<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new StoreUnavailableError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** One plain command; its reply is for the caller to know the shape of. */
export function command(client: RedisClient, args: string[]): Promise<unknown> {
  return attempt(() => client.sendCommand(args));
}

/** A Lua script run by its SHA, loaded once per Redis restart (EVALSHA, then EVAL on NOSCRIPT). */
export function script(source: string) {
  const sha = createHash('sha1').update(source).digest('hex');
  return (client: RedisClient, keys: string[], args: Array<string | number>): Promise<unknown> =>
    attempt(async () => {
      const argv = [String(keys.length), ...keys, ...args.map(String)];
      try {
        return await client.sendCommand(['EVALSHA', sha, ...argv]);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return await client.sendCommand(['EVAL', source, ...argv]);
      }
    });
}
