/**
 * One node-redis client for the stores, and the rules every Redis store follows: a command
 * fails at once while Redis is unreachable (no offline queue, so a request is answered
 * `unavailable` instead of hanging) or when it gets no answer in time, and any failure becomes
 * a StoreUnavailableError.
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

/**
 * What the stores use to reach Redis. A command that gets no reply within `deadlineMs` fails
 * as unavailable, because a Redis that hangs (stopped, swapping, cut off without a reset)
 * would otherwise hold every request open; it may still run later, which the stores allow
 * for (history appends are idempotent, claims lease). Until a command succeeds again the
 * stores report not ready.
 */
export class StoreRedis {
  #stalled = false;
  /** Starts timing a command, for the metrics; null while nobody asks. */
  timer: (() => () => void) | null = null;

  constructor(
    readonly client: RedisClient,
    private readonly deadlineMs: number,
  ) {}

  ready(): boolean {
    return this.client.isReady && !this.#stalled;
  }

  /** Runs a Redis call; any failure, or no answer in time, means the store is unavailable for now. */
  async run<T>(call: (client: RedisClient) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.#stalled = true;
        reject(new Error(`redis did not answer within ${this.deadlineMs} ms`));
      }, this.deadlineMs);
    });
    const done = this.timer?.();
    const running = call(this.client);
    // A call given up on may still fail later; that failure has no one left to tell.
    running.catch(() => undefined);
    try {
      const result = await Promise.race([running, deadline]);
      this.#stalled = false;
      return result;
    } catch (error) {
      throw new StoreUnavailableError(error instanceof Error ? error.message : String(error), { cause: error });
    } finally {
      clearTimeout(timer);
      done?.();
    }
  }
}

/** One plain command; its reply is for the caller to know the shape of. */
export function command(redis: StoreRedis, args: string[]): Promise<unknown> {
  return redis.run((client) => client.sendCommand(args));
}

/**
 * Lua for a script that needs the time: `redis_now()` is Redis's clock in milliseconds, one
 * clock for every node whatever their own clocks say.
 */
export const LUA_REDIS_NOW = `
  local function redis_now()
    local time = redis.call('TIME')
    return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  end
`;

/** A Lua script run by its SHA, loaded once per Redis restart (EVALSHA, then EVAL on NOSCRIPT). */
export function script(source: string) {
  const sha = createHash('sha1').update(source).digest('hex');
  return (redis: StoreRedis, keys: string[], args: Array<string | number>): Promise<unknown> =>
    redis.run(async (client) => {
      const argv = [String(keys.length), ...keys, ...args.map(String)];
      try {
        return await client.sendCommand(['EVALSHA', sha, ...argv]);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return await client.sendCommand(['EVAL', source, ...argv]);
      }
    });
}
