/**
 * `GET /metrics` (issue #17): off by default, behind METRICS_TOKEN on the main port, or open on
 * a METRICS_PORT bound to loopback; counts what real clients did, and never names a room or a
 * person in a label.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientEvent } from '../../protocol/index.ts';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import {
  TEST_DEFAULTS,
  disconnectAll,
  joined,
  newClientId,
  newRoom,
  newToken,
  raw,
  reachedRedis,
  sleep,
  startServer,
} from './harness.ts';
import { startRedis } from './redis-server.ts';

const TOKEN = 'metrics-token-for-tests-0123456789abcdef';
const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  disconnectAll();
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function serverWith(overrides: Partial<Config>) {
  const server = await startServer(overrides);
  closers.push(server.close);
  return server;
}

const scrape = (url: string, authorization?: string) =>
  fetch(`${url}/metrics`, authorization === undefined ? {} : { headers: { authorization } });

/** One sample of the text format: its name, its labels and its value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) throw new Error(`not a sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key = '', value = ''] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[key] = value;
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample of `name` with these labels (0 when there is none). */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.find(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  return found?.value ?? 0;
}

describe('GET /metrics', () => {
  it('is not there unless METRICS_TOKEN or METRICS_PORT is set', async () => {
    const { url } = await serverWith({});
    expect((await scrape(url)).status).toBe(404);
    expect((await scrape(url, `Bearer ${TOKEN}`)).status).toBe(404);
  });

  it('answers 401 without the token or with a wrong one', async () => {
    const { url } = await serverWith({ metricsToken: TOKEN });
    const missing = await scrape(url);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect((await scrape(url, `Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(url, TOKEN)).status).toBe(401);
  });

  it('counts connections, rooms, messages and requests, naming no room or person', async () => {
    const { url } = await serverWith({ metricsToken: TOKEN });
    const room = newRoom();
    const aliceToken = newToken();
    const bobToken = newToken();
    const alice = await joined(url, room, { name: 'Alice', token: aliceToken });
    const bob = await joined(url, room, { name: 'Bob', token: bobToken });
    const posted = await alice.socket.emitWithAck(ClientEvent.MessageSend, {
      room,
      clientId: newClientId(),
      text: 'hi',
    });
    expect(posted.ok).toBe(true);
    const dm = await alice.socket.emitWithAck(ClientEvent.DmSend, {
      room,
      to: bob.self.id,
      clientId: newClientId(),
      text: 'psst',
    });
    expect(dm.ok).toBe(true);
    // Not an object: refused by the schema before any handler runs.
    expect(await raw(bob.socket, ClientEvent.MessageSend, 'not a payload')).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });

    const response = await scrape(url, `Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(PROMETHEUS_TEXT);
    const text = await response.text();
    const samples = parse(text);

    expect(valueOf(samples, 'samepage_connections', { version: '1' })).toBe(2);
    expect(valueOf(samples, 'samepage_users_online')).toBe(2);
    expect(valueOf(samples, 'samepage_rooms')).toBe(1);
    expect(valueOf(samples, 'samepage_room_members_count')).toBe(1);
    expect(valueOf(samples, 'samepage_room_members_sum')).toBe(2);
    expect(valueOf(samples, 'samepage_messages_sent_total', { channel: 'room' })).toBe(1);
    expect(valueOf(samples, 'samepage_messages_sent_total', { channel: 'dm' })).toBe(1);
    // The room post reached Bob; the DM reached Bob (Alice's own other connections: none).
    expect(valueOf(samples, 'samepage_messages_delivered_total', { channel: 'room' })).toBe(1);
    expect(valueOf(samples, 'samepage_messages_delivered_total', { channel: 'dm' })).toBe(1);
    expect(valueOf(samples, 'samepage_requests_total', { event: 'room:join', outcome: 'ok' })).toBe(2);
    expect(valueOf(samples, 'samepage_requests_total', { event: 'message:send', outcome: 'ok' })).toBe(1);
    expect(valueOf(samples, 'samepage_requests_total', { event: 'dm:send', outcome: 'ok' })).toBe(1);
    expect(valueOf(samples, 'samepage_requests_total', { event: 'message:send', outcome: 'bad_request' })).toBe(1);
    expect(valueOf(samples, 'samepage_store_seconds_count', { store: 'memory', operation: 'history_append' })).toBe(1);
    expect(valueOf(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(samples.some((sample) => sample.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(samples.some((sample) => sample.name === 'samepage_redis_up')).toBe(false);

    const secrets = [room, aliceToken, bobToken, alice.self.id, bob.self.id];
    for (const sample of samples) {
      for (const value of Object.values(sample.labels)) {
        expect(value).not.toMatch(/^[0-9a-f]{64}$/);
        expect(secrets).not.toContain(value);
      }
    }
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('counts the limits hit, by budget', async () => {
    const { url } = await serverWith({ metricsToken: TOKEN, renamesPerMinute: 1 });
    const { socket } = await joined(url, newRoom());
    expect(await socket.emitWithAck(ClientEvent.UserRename, { name: 'One' })).toMatchObject({ ok: true });
    expect(await socket.emitWithAck(ClientEvent.UserRename, { name: 'Two' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', limit: 'rename' },
    });
    const samples = parse(await (await scrape(url, `Bearer ${TOKEN}`)).text());
    expect(valueOf(samples, 'samepage_limits_hit_total', { limit: 'rename' })).toBe(1);
    expect(valueOf(samples, 'samepage_requests_total', { event: 'user:rename', outcome: 'rate_limited' })).toBe(1);
  });

  it('times SQLite history appends', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'samepage-metrics-'));
    closers.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const { url } = await serverWith({ metricsToken: TOKEN, storage: 'sqlite', dataDir });
    const room = newRoom();
    const { socket } = await joined(url, room);
    await socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'kept' });
    const samples = parse(await (await scrape(url, `Bearer ${TOKEN}`)).text());
    expect(valueOf(samples, 'samepage_store_seconds_count', { store: 'sqlite', operation: 'history_append' })).toBe(1);
  });

  it('with Redis: times its commands and says whether it is reachable', async () => {
    const redis = await startRedis();
    closers.push(() => redis.dispose());
    const { url } = await reachedRedis(await serverWith({ metricsToken: TOKEN, redisUrl: redis.url }));
    const room = newRoom();
    const { socket } = await joined(url, room);
    await socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'shared' });
    const read = async () => parse(await (await scrape(url, `Bearer ${TOKEN}`)).text());
    const samples = await read();
    expect(valueOf(samples, 'samepage_redis_up')).toBe(1);
    expect(valueOf(samples, 'samepage_store_seconds_count', { store: 'redis', operation: 'command' })).toBeGreaterThan(
      0,
    );
    expect(valueOf(samples, 'samepage_store_seconds_count', { store: 'redis', operation: 'history_append' })).toBe(1);

    await redis.stop();
    const deadline = Date.now() + 5000;
    while (valueOf(await read(), 'samepage_redis_up') !== 0) {
      if (Date.now() > deadline) throw new Error('samepage_redis_up stayed 1 with Redis stopped');
      await sleep(50);
    }
  });

  it('serves METRICS_PORT on loopback only, without a token, and not on the main port', async () => {
    const config: Config = {
      ...loadConfig({ STORAGE: 'memory' }),
      ...TEST_DEFAULTS,
      logLevel: 'silent',
      metricsPort: 0,
    };
    const app = await buildApp({ config, logger: false });
    closers.push(() => app.close());
    await app.listen({ port: 0, host: '127.0.0.1' });
    const main = app.server.address();
    const side = app.metricsServer?.address();
    if (typeof main !== 'object' || main === null || typeof side !== 'object' || side === null)
      throw new Error('not listening');
    expect(side.address).toBe('127.0.0.1');

    const response = await fetch(`http://127.0.0.1:${side.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(PROMETHEUS_TEXT);
    expect(await response.text()).toContain('samepage_connections{version="1"} 0');
    expect((await fetch(`http://127.0.0.1:${side.port}/other`)).status).toBe(404);
    expect((await scrape(`http://127.0.0.1:${main.port}`)).status).toBe(404);

    // Another address of this machine, where there is one, must not reach the listener.
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal);
    if (outside !== undefined) {
      const reached = await new Promise<boolean>((resolve) => {
        const request = httpRequest({ host: outside.address, port: side.port, path: '/metrics', timeout: 2000 });
        request.on('response', () => resolve(true));
        request.on('error', () => resolve(false));
        request.on('timeout', () => {
          request.destroy();
          resolve(false);
        });
        request.end();
      });
      expect(reached).toBe(false);
    }
  });
});
