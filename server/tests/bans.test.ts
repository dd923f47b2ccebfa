/**
 * Bans at the handshake (issue #14): a banned user id, or any identity from a banned address or
 * range, is refused with `banned` (v1: `unavailable`), the ban's words and `retryAfterMs`, until
 * the ban ends or is lifted; a store that cannot answer lets nobody in unchecked. The ban is read
 * where the relay keeps it: SQLite across a restart, Redis from every node.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { userIdFromToken } from '../identity.ts';
import { banWords } from '../moderation/ban-words.ts';
import { createMemoryStores } from '../stores/memory.ts';
import { createRedisStores } from '../stores/redis.ts';
import { createSqliteStores } from '../stores/sqlite.ts';
import { StoreUnavailableError, type Ban, type Stores } from '../stores/types.ts';
import { connecting, newToken, outcome, serversPerTest, sleep, type Client, type Outcome } from './harness.ts';
import { startRedis, type TestRedis } from './redis-server.ts';

const serverWith = serversPerTest();
const MINUTE = 60_000;

/** Connections opened outside the harness, closed after each test. */
const proxied: Client[] = [];
afterEach(() => {
  for (const socket of proxied.splice(0)) socket.disconnect();
});

/** A relay on memory stores the test can reach into, with a clock it moves. */
async function relay(overrides: Parameters<typeof serverWith>[0] = {}) {
  const stores = createMemoryStores(loadConfig({ STORAGE: 'memory' }));
  const clock = { now: Date.now() };
  const server = await serverWith(overrides, stores, { now: () => clock.now });
  return { url: server.url, stores, clock };
}

/** A fresh identity: its token, and the user id the relay knows it by. */
function identity(): { token: string; user: string } {
  const token = newToken();
  return { token, user: userIdFromToken(token) };
}

const attempt = (url: string, token = newToken(), v: 1 | 2 = 2): Promise<Outcome> =>
  outcome(connecting(url, { token, v }));

/** A connection attempt that a trusted proxy says comes from `client`. */
function from(url: string, client: string): Promise<Outcome> {
  const socket: Client = io(url, {
    transports: ['websocket'],
    auth: { v: 2, token: newToken(), name: 'Proxied' },
    extraHeaders: { 'X-Forwarded-For': client },
    reconnection: false,
    forceNew: true,
  });
  proxied.push(socket);
  return outcome(socket);
}

/** The refusal of a banned handshake, as a client of version `v` gets it. */
const refusal = (ban: Ban, now: number, v: 1 | 2 = 2): Outcome => {
  const code = v === 2 ? 'banned' : 'unavailable';
  return { kind: 'refused', message: code, data: { code, ...banWords(ban, now) } };
};

describe('a banned user', () => {
  it('is refused at the handshake with `banned`, the words and the wait; a v1 client gets `unavailable`', async () => {
    const { url, stores, clock } = await relay();
    const { token, user } = identity();
    const ban: Ban = { user, until: clock.now + 90 * MINUTE, at: clock.now, reason: 'spam links' };
    await stores.moderation.ban(ban);

    const v2 = await attempt(url, token, 2);
    expect(v2).toEqual(refusal(ban, clock.now));
    expect(v2).toMatchObject({ data: { message: expect.stringMatching(/^banned until .+ UTC \(.+\): spam links$/) } });
    expect(v2).toMatchObject({ data: { retryAfterMs: 90 * MINUTE } });
    expect(await attempt(url, token, 1)).toEqual(refusal(ban, clock.now, 1));
    // Everyone else comes in.
    expect(await attempt(url)).toEqual({ kind: 'connected' });
  });

  it('is let in once the ban has ended', async () => {
    const { url, stores, clock } = await relay();
    const { token, user } = identity();
    const ban: Ban = { user, until: clock.now + 10 * MINUTE, at: clock.now };
    await stores.moderation.ban(ban);
    expect(await attempt(url, token)).toEqual(refusal(ban, clock.now));
    clock.now += 5 * MINUTE;
    expect(await attempt(url, token)).toEqual(refusal(ban, clock.now));
    clock.now += 5 * MINUTE;
    expect(await attempt(url, token)).toEqual({ kind: 'connected' });
  });

  it('is let in again once unbanned', async () => {
    const { url, stores, clock } = await relay();
    const { token, user } = identity();
    await stores.moderation.ban({ user, until: clock.now + 60 * MINUTE, at: clock.now });
    expect(await attempt(url, token, 1)).toMatchObject({ kind: 'refused', message: 'unavailable' });
    expect(await stores.moderation.unban({ user })).toBe(true);
    expect(await attempt(url, token, 1)).toEqual({ kind: 'connected' });
  });
});

describe('a banned address', () => {
  it('refuses every identity from it or from within a banned range, and no one else', async () => {
    const { url, stores, clock } = await relay({ trustProxy: ['127.0.0.1'] });
    const until = clock.now + 60 * MINUTE;
    const range: Ban = { address: '203.0.113.0/24', until, at: clock.now };
    const one: Ban = { address: '198.51.100.7', until, at: clock.now };
    const v6: Ban = { address: '2001:db8::/32', until, at: clock.now };
    for (const ban of [range, one, v6]) await stores.moderation.ban(ban);

    for (const client of ['203.0.113.7', '203.0.113.250', '::ffff:203.0.113.9']) {
      expect(await from(url, client)).toEqual(refusal(range, clock.now));
    }
    expect(await from(url, '198.51.100.7')).toEqual(refusal(one, clock.now));
    expect(await from(url, '2001:db8:5::9')).toEqual(refusal(v6, clock.now));
    for (const client of ['203.0.114.1', '198.51.100.8', '2001:db9::1']) {
      expect(await from(url, client)).toEqual({ kind: 'connected' });
    }
  });

  it('holds for connections straight from it', async () => {
    const { url, stores, clock } = await relay();
    const ban: Ban = { address: '127.0.0.0/8', until: clock.now + MINUTE, at: clock.now };
    await stores.moderation.ban(ban);
    expect(await attempt(url)).toEqual(refusal(ban, clock.now));
    expect(await attempt(url, newToken(), 1)).toEqual(refusal(ban, clock.now, 1));
  });
});

describe('a ban check that fails', () => {
  /** Memory stores whose ban check throws `error`. */
  function failingWith(error: Error): Stores {
    const stores = createMemoryStores(loadConfig({ STORAGE: 'memory' }));
    stores.moderation.banOf = () => Promise.reject(error);
    return stores;
  }

  it('refuses `unavailable`, to be retried, while the store cannot answer: nobody in unchecked, nobody told they are banned', async () => {
    const server = await serverWith({}, failingWith(new StoreUnavailableError('redis did not answer')));
    for (const v of [1, 2] as const) {
      expect(await attempt(server.url, newToken(), v)).toEqual({
        kind: 'refused',
        message: 'unavailable',
        data: { code: 'unavailable', message: expect.stringContaining('try again') },
      });
    }
  });

  it('refuses `internal` when it fails otherwise', async () => {
    const server = await serverWith({}, failingWith(new Error('a bug')));
    expect(await attempt(server.url)).toMatchObject({ kind: 'refused', message: 'internal' });
  });
});

describe('where bans are kept', () => {
  let dataDir = '';
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('a ban kept in SQLite holds after the relay restarts', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'samepage-bans-'));
    const { token, user } = identity();
    const written = createSqliteStores(loadConfig({ DATA_DIR: dataDir }));
    const ban: Ban = { user, until: Date.now() + 60 * MINUTE, at: Date.now() };
    await written.moderation.ban(ban);
    await written.close();

    const server = await serverWith({ storage: 'sqlite', dataDir });
    expect(await attempt(server.url, token)).toMatchObject({ kind: 'refused', message: 'banned' });
    expect(await attempt(server.url)).toEqual({ kind: 'connected' });
  });

  describe('with Redis', () => {
    let redis: TestRedis;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(() => redis.dispose());

    /** The outcome once the node has reached Redis (until then its stores answer `unavailable`). */
    async function settled(url: string, token: string): Promise<Outcome> {
      for (let tries = 0; ; tries++) {
        const result = await attempt(url, token);
        if (tries === 100 || !(result.kind === 'refused' && result.message === 'unavailable')) return result;
        await sleep(50);
      }
    }

    it('a ban made through one node holds at the handshake of every node', async () => {
      const nodes = [await serverWith({ redisUrl: redis.url }), await serverWith({ redisUrl: redis.url })];
      const operator = createRedisStores({ ...loadConfig({}), redisUrl: redis.url }, Fastify().log);
      try {
        while (operator.ready?.() === false) await sleep(10);
        const { token, user } = identity();
        await operator.moderation.ban({ user, until: Date.now() + 60 * MINUTE, at: Date.now() });
        for (const node of nodes) {
          expect(await settled(node.url, token)).toMatchObject({ kind: 'refused', message: 'banned' });
          expect(await settled(node.url, newToken())).toEqual({ kind: 'connected' });
        }
        await operator.moderation.unban({ user });
        for (const node of nodes) expect(await settled(node.url, token)).toEqual({ kind: 'connected' });
      } finally {
        await operator.close();
      }
    });

    it('while Redis is down nobody is let in unchecked, and the ban holds again once it is back', async () => {
      const node = await serverWith({ redisUrl: redis.url });
      const operator = createRedisStores({ ...loadConfig({}), redisUrl: redis.url }, Fastify().log);
      try {
        while (operator.ready?.() === false) await sleep(10);
        const { token, user } = identity();
        await operator.moderation.ban({ user, until: Date.now() + 60 * MINUTE, at: Date.now() });
        expect(await settled(node.url, newToken())).toEqual({ kind: 'connected' });
        await redis.stop();
        for (const who of [token, newToken()]) {
          expect(await attempt(node.url, who)).toMatchObject({ kind: 'refused', message: 'unavailable' });
        }
        await redis.start();
        expect(await settled(node.url, token)).toMatchObject({ kind: 'refused', message: 'banned' });
      } finally {
        await operator.close();
      }
    });
  });
});
