/**
 * The README's load-balancer example as it ships (deploy/nginx.conf), run by Debian's nginx
 * with TLS in front of two nodes sharing a real redis-server: only the addresses and the
 * certificate paths are swapped for the test's own. Clients connect to nginx alone, land on
 * both nodes by round robin, and still see each other, chat and DM.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvent, ServerEvent } from '../../protocol/index.ts';
import {
  disconnectAll,
  joined,
  newClientId,
  newRoom,
  next,
  sleep,
  startServer,
  type TestServer,
  reachedRedis,
} from './harness.ts';
import { freePort } from './process.ts';
import { startRedis, type TestRedis } from './redis-server.ts';

const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const EXAMPLE = new URL('../../deploy/nginx.conf', import.meta.url);

let redis: TestRedis;
let nodes: TestServer[] = [];
let nginx: ChildProcess | undefined;
let dir = '';
let url = '';
let ca = '';

const portOf = (server: TestServer): string => new URL(server.url).port;

/** Resolves once something accepts connections on `port`. */
async function listening(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1', () => resolve(true));
      socket.once('error', () => resolve(false));
      socket.once('connect', () => socket.destroy());
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`nothing listens on ${port}:\n${readFileSync(join(dir, 'error.log'), 'utf8')}`);
    await sleep(50);
  }
}

beforeAll(async () => {
  redis = await startRedis();
  // As deploy/nginx.conf says: nginx's address is a trusted proxy, and the per-address budgets
  // (off in other tests) run at their defaults against the clients it forwards.
  const behindNginx = {
    redisUrl: redis.url,
    trustProxy: ['127.0.0.1'],
    maxConnectionsPerIp: 256,
    newIdentitiesPerIp: 50,
  };
  nodes = [await startServer(behindNginx), await startServer(behindNginx)];
  for (const node of nodes) await reachedRedis(node);
  dir = mkdtempSync(join(tmpdir(), 'samepage-nginx-'));
  // nginx's workers may run as another user when the tests run as root.
  chmodSync(dir, 0o755);
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
    ],
    { stdio: 'ignore' },
  );
  ca = readFileSync(join(dir, 'cert.pem'), 'utf8');

  const port = await freePort();
  const [first, second] = nodes.map(portOf);
  const example = readFileSync(EXAMPLE, 'utf8');
  const swaps: Array<[string, string]> = [
    ['server 127.0.0.1:3001;', `server 127.0.0.1:${first};`],
    ['server 127.0.0.1:3002;', `server 127.0.0.1:${second};`],
    ['listen 443 ssl;', `listen 127.0.0.1:${port} ssl;`],
    ['/etc/letsencrypt/live/relay.example.com/fullchain.pem', join(dir, 'cert.pem')],
    ['/etc/letsencrypt/live/relay.example.com/privkey.pem', join(dir, 'key.pem')],
  ];
  let site = example;
  for (const [from, to] of swaps) {
    // Fails loudly if the example changes shape, rather than testing something else.
    expect(site).toContain(from);
    site = site.replace(from, to);
  }
  writeFileSync(join(dir, 'samepage.conf'), site);
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      '  log_format upstreams $upstream_addr;',
      `  access_log ${join(dir, 'access.log')} upstreams;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${temp(name)}`),
      `  include ${join(dir, 'samepage.conf')};`,
      '}',
    ].join('\n'),
  );
  nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  await listening(port);
  url = `https://127.0.0.1:${port}`;
}, 30_000);

afterAll(async () => {
  disconnectAll();
  nginx?.kill('SIGTERM');
  await Promise.all(nodes.map((node) => node.close()));
  await redis?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('two nodes behind the example nginx configuration', () => {
  it('spreads clients over both nodes, and they see each other, chat and DM', async () => {
    const room = newRoom();
    const people = [];
    for (const name of ['Ann', 'Bob', 'Cat', 'Dan']) people.push(await joined(url, room, { name, ca }));
    const [ann, bob, cat, dan] = people as [
      (typeof people)[0],
      (typeof people)[0],
      (typeof people)[0],
      (typeof people)[0],
    ];

    const listed = await dan.socket.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(listed.ok && listed.members.map((member) => member.name)).toEqual(['Ann', 'Bob', 'Cat', 'Dan']);

    const heard = people.slice(1).map(({ socket }) => next(socket, ServerEvent.MessageNew));
    await ann.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'through nginx' });
    for (const message of await Promise.all(heard)) expect(message.text).toBe('through nginx');

    const dm = next(cat.socket, ServerEvent.DmNew);
    const sent = await bob.socket.emitWithAck(ClientEvent.DmSend, {
      room,
      to: cat.self.id,
      clientId: newClientId(),
      text: 'psst',
    });
    expect(sent.ok).toBe(true);
    expect((await dm).text).toBe('psst');

    // nginx logs a websocket when it closes: every connection went to one of the two nodes, and both got some.
    disconnectAll();
    const upstreams = nodes.map((node) => `127.0.0.1:${portOf(node)}`);
    let logged: string[] = [];
    for (let tries = 0; tries < 50 && logged.length < people.length; tries++) {
      await sleep(100);
      logged = readFileSync(join(dir, 'access.log'), 'utf8').split('\n').filter(Boolean);
    }
    expect(logged).toHaveLength(people.length);
    expect(logged.every((line) => upstreams.includes(line))).toBe(true);
    expect(new Set(logged).size).toBe(2);
  }, 20_000);
});
