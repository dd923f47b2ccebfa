/**
 * The operator console and API (issue #14, docs/moderation.md) against the real relay: real
 * HTTP with fetch, real socket.io-client users watching what the operator's actions do to them.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClientEvent,
  MODERATOR,
  ServerEvent,
  type Bodies,
  type Envelope,
  type Kind,
  type MessagePostAnswer,
  type RoomKey,
} from '../../protocol/index.ts';
import { loadConfig, type Config } from '../config.ts';
import { userIdFromToken } from '../identity.ts';
import { createMemoryStores } from '../stores/memory.ts';
import type { Report, Stores } from '../stores/types.ts';
import {
  type ClientV2,
  disconnection,
  joined,
  joinedV2,
  newClientId,
  newRoom,
  newToken,
  next,
  record,
  serversPerTest,
  sleep,
  TEST_DEFAULTS,
  type TestServer,
  reachedRedis,
} from './harness.ts';
import { startRedis, type TestRedis } from './redis-server.ts';

const TOKEN = 'operator-secret-'.repeat(3);
const startServer = serversPerTest();

/** A relay with the console on, and its stores, for a test to seed reports into. */
async function relay(overrides: Partial<Config> = {}): Promise<TestServer & { stores: Stores }> {
  const config = { ...loadConfig({ STORAGE: 'memory' }), ...TEST_DEFAULTS, adminToken: TOKEN, ...overrides };
  const stores = createMemoryStores(config);
  return { ...(await startServer({ adminToken: TOKEN, ...overrides }, stores)), stores };
}

interface Call {
  method?: string;
  body?: unknown;
  token?: string | null;
  operator?: string;
}

/** One API call: the status, the headers and the JSON answer. */
async function call(url: string, path: string, { method = 'GET', body, token = TOKEN, operator }: Call = {}) {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (operator !== undefined) headers['x-operator'] = operator;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}/admin/api${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === '' ? null : JSON.parse(text) };
}

function post<K extends Kind>(socket: ClientV2, room: RoomKey, kind: K, body: Bodies[K]): Promise<MessagePostAnswer> {
  return socket.emitWithAck(ClientEvent.MessagePost, { room, clientId: newClientId(), kind, body } as never);
}

function accepted(answer: MessagePostAnswer): Envelope {
  if (!answer.ok) throw new Error(`post refused: ${answer.error.code}: ${answer.error.message}`);
  return answer.message;
}

let reportSeq = 0;
function report(fields: Partial<Report> & Pick<Report, 'room' | 'reported'>): Report {
  reportSeq++;
  return {
    id: `r${String(reportSeq).padStart(6, '0')}`,
    reporter: 'reporter-id-000000001',
    reason: 'spam',
    dm: false,
    at: 1_700_000_000_000 + reportSeq,
    ...fields,
  };
}

const badRequest = (message: RegExp) => ({
  ok: false,
  error: { code: 'bad_request', message: expect.stringMatching(message) },
});

describe('without ADMIN_TOKEN', () => {
  it('answers /admin and /admin/api/* exactly as any unknown path', async () => {
    const { url } = await startServer({ adminToken: null });
    const unknown = await fetch(`${url}/no-such-path`);
    const expected = { status: unknown.status, body: (await unknown.text()).replace('/no-such-path', '') };
    expect(expected.status).toBe(404);
    for (const path of ['/admin', '/admin/console.js', '/admin/api/reports', '/admin/api/x']) {
      const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect({ status: response.status, body: (await response.text()).replace(path, '') }).toEqual(expected);
    }
  });
});

describe('access', () => {
  it('refuses a call without the token or with a wrong one, 401 with WWW-Authenticate, unknown paths too', async () => {
    const { url } = await relay();
    for (const token of [null, 'wrong', `${TOKEN}x`, TOKEN.slice(1)]) {
      const answer = await call(url, '/reports', { token });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(answer.json).toMatchObject({ ok: false, error: { message: expect.stringContaining('Bearer') } });
    }
    expect((await call(url, '/no-such-call', { token: null })).status).toBe(401);
    expect((await call(url, '/no-such-call')).status).toBe(404);
    expect((await call(url, '/reports')).status).toBe(200);
  });

  it('after too many failures refuses every call from that address, the right token too, with Retry-After', async () => {
    const { url } = await relay({ adminFailuresPerHour: 3 });
    for (let i = 0; i < 3; i++) expect((await call(url, '/bans', { token: 'guess' })).status).toBe(401);
    const limited = await call(url, '/bans', { token: 'guess' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(1000);
    expect(limited.json).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', retryAfterMs: expect.any(Number) },
    });
    expect((await call(url, '/bans')).status).toBe(429);
  });

  it('does not spend the failure budget on calls with the right token', async () => {
    const { url } = await relay({ adminFailuresPerHour: 2 });
    for (let i = 0; i < 20; i++) expect((await call(url, '/bans')).status).toBe(200);
    expect((await call(url, '/bans', { token: 'guess' })).status).toBe(401);
    expect((await call(url, '/bans')).status).toBe(200);
  });

  it('serves the console page to anyone, under a strict policy, never framed or cached', async () => {
    const { url } = await relay();
    const page = await fetch(`${url}/admin`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('/admin/console.js');
    expect(html).not.toMatch(/<script>|style=/);
    for (const file of ['console.js', 'console.css']) {
      const response = await fetch(`${url}/admin/${file}`);
      expect(response.status).toBe(200);
      expect((await response.text()).length).toBeGreaterThan(1000);
    }
  });
});

describe('reports', () => {
  it('lists them newest first, by reported user or room, in pages; and grouped by user', async () => {
    const { url, stores } = await relay();
    const [room, other] = [newRoom(), newRoom()];
    const mallory = 'mallory-id-00000000001';
    const eve = 'eve-id-000000000000001';
    const seeded = [
      report({ room, reported: mallory, reason: 'harassment', reporter: 'alice-id-0000000000001' }),
      report({ room: other, reported: eve }),
      report({ room, reported: mallory, reason: 'spam', reporter: 'bob-id-00000000000001', note: 'links' }),
      report({ room: other, reported: mallory, reason: 'spam', dm: true, text: 'buy now' }),
    ];
    for (const one of seeded) await stores.moderation.addReport(one);
    const ids = (answer: { json: { reports: Report[] } }) => answer.json.reports.map((one) => one.id);
    const [a, b, c, d] = seeded.map((one) => one.id);

    expect(ids(await call(url, '/reports'))).toEqual([d, c, b, a]);
    expect((await call(url, '/reports')).json.reports[0]).toEqual(seeded[3]);
    expect(ids(await call(url, `/reports?reported=${mallory}`))).toEqual([d, c, a]);
    expect(ids(await call(url, `/reports?room=${room}`))).toEqual([c, a]);
    expect(ids(await call(url, '/reports?limit=2'))).toEqual([d, c]);
    expect(ids(await call(url, `/reports?limit=2&before=${c}`))).toEqual([b, a]);

    const grouped = await call(url, '/reports/by-user');
    expect(grouped.json.users).toEqual([
      {
        reported: mallory,
        count: 3,
        reporters: 3,
        reasons: { harassment: 1, spam: 2 },
        rooms: 2,
        latestAt: seeded[3]?.at,
      },
      { reported: eve, count: 1, reporters: 1, reasons: { spam: 1 }, rooms: 1, latestAt: seeded[1]?.at },
    ]);

    expect((await call(url, '/reports?reported=x')).json).toEqual(badRequest(/^query\.reported: /));
    expect((await call(url, '/reports?room=nothex')).status).toBe(400);
    expect((await call(url, '/reports?limit=many')).json).toEqual(badRequest(/^query\.limit: /));
    expect((await call(url, '/reports?what=1')).status).toBe(400);
  });

  it('gives the messages around a reported one from history, for its context', async () => {
    const { url } = await relay();
    const key = newRoom();
    const ann = await joinedV2(url, key, { name: 'Ann' });
    const sent: Envelope[] = [];
    for (let i = 0; i < 9; i++) sent.push(accepted(await post(ann.socket, key, 'text', { text: `m${i}` })));
    const middle = sent[4]?.id ?? '';

    const around = await call(url, `/rooms/${key}/messages?around=${middle}&limit=2`);
    expect(around.status).toBe(200);
    expect(around.json.around).toBe(middle);
    expect(around.json.messages.map((message: { body: { text: string } }) => message.body.text)).toEqual([
      'm2',
      'm3',
      'm4',
      'm5',
      'm6',
    ]);
    const newest = await call(url, `/rooms/${key}/messages?limit=3`);
    expect(newest.json.messages.map((message: { body: { text: string } }) => message.body.text)).toEqual([
      'm6',
      'm7',
      'm8',
    ]);

    expect((await call(url, `/rooms/${key}/messages?around=nosuchmessage`)).status).toBe(404);
    expect((await call(url, `/rooms/${'A'.repeat(64)}/messages`)).json).toEqual(badRequest(/^path\.room: /));
    expect((await call(url, `/rooms/${key}/messages?around=${'x'.repeat(65)}`)).status).toBe(400);
  });
});

describe("a moderator's delete", () => {
  it('removes a message for everyone, live and in history, marked as by a moderator; audited', async () => {
    const { url } = await relay();
    const key = newRoom();
    const ann = await joinedV2(url, key, { name: 'Ann' });
    const bob = await joinedV2(url, key, { name: 'Bob' });
    const cy = await joined(url, key, { name: 'Cy' });
    const cyHears = record(cy.socket, ServerEvent.MessagePosted);
    const bobSees = next(bob.socket, ServerEvent.MessagePosted);
    const message = accepted(await post(ann.socket, key, 'text', { text: 'something awful' }));
    expect((await bobSees).id).toBe(message.id);

    const annHears = next(ann.socket, ServerEvent.MessagePosted, (envelope) => envelope.kind === 'delete');
    const bobHears = next(bob.socket, ServerEvent.MessagePosted, (envelope) => envelope.kind === 'delete');
    const answer = await call(url, `/rooms/${key}/messages/${message.id}/delete`, {
      method: 'POST',
      operator: ' Olga ',
    });
    expect(answer.status).toBe(200);
    expect(answer.json.message).toMatchObject({ id: message.id, body: null, deletedBy: 'moderator', reactions: [] });
    const pushed = await bobHears;
    expect(pushed).toMatchObject({
      room: key,
      kind: 'delete',
      from: MODERATOR,
      clientId: `mod-${pushed.id}`,
      body: { target: message.id, by: 'moderator' },
    });
    expect(await annHears).toEqual(pushed);

    const later = await joinedV2(url, key, { name: 'Dee' });
    expect(later.history.find((one) => one.id === message.id)).toMatchObject({
      body: null,
      deletedAt: pushed.at,
      deletedBy: 'moderator',
    });
    expect(cyHears).toEqual([]);

    expect((await call(url, `/rooms/${key}/messages/${message.id}/delete`, { method: 'POST' })).status).toBe(409);
    expect((await call(url, `/rooms/${key}/messages/nosuchmessage/delete`, { method: 'POST' })).status).toBe(404);
    expect((await call(url, `/rooms/${newRoom()}/messages/${message.id}/delete`, { method: 'POST' })).status).toBe(404);
    expect((await call(url, `/rooms/bad/messages/${message.id}/delete`, { method: 'POST' })).status).toBe(400);

    const audit = await call(url, '/audit');
    expect(audit.json.entries).toEqual([
      {
        id: expect.any(String),
        at: expect.any(Number),
        actor: 'Olga (127.0.0.1)',
        action: 'message.delete',
        target: `${key}/${message.id}`,
        detail: { author: ann.self.id, kind: 'text' },
      },
    ]);
  });

  it("takes an image message's image with it", async () => {
    const { url } = await relay();
    const key = newRoom();
    const token = newToken();
    const ann = await joinedV2(url, key, { name: 'Ann', token });
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3c3' } })
      .png()
      .toBuffer();
    const upload = await fetch(`${url}/images?room=${key}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: new Uint8Array(png),
    });
    const { image } = (await upload.json()) as { image: { id: string } };
    const message = accepted(
      await post(ann.socket, key, 'image', { id: image.id, width: 8, height: 8, thumbWidth: 8, thumbHeight: 8 }),
    );
    expect((await fetch(`${url}/images/${image.id}`)).status).toBe(200);
    expect((await call(url, `/rooms/${key}/messages/${message.id}/delete`, { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${url}/images/${image.id}`)).status).toBe(404);
  });
});

describe('bans', () => {
  it("closes a banned user's connections at once, telling v2 ones why first; lists and lifts it", async () => {
    const { url } = await relay();
    const key = newRoom();
    const token = newToken();
    const bob = await joinedV2(url, key, { name: 'Bob', token });
    const bobV1 = await joined(url, key, { name: 'Bob', token });
    const ann = await joinedV2(url, key, { name: 'Ann' });
    const order: string[] = [];
    const told = next(bob.socket, ServerEvent.SessionBanned);
    void told.then(() => order.push('banned'));
    const closed = disconnection(bob.socket as never).then((result) => (order.push('closed'), result));
    const closedV1 = disconnection(bobV1.socket);
    const annEvents = record(ann.socket, ServerEvent.SessionBanned);

    const answer = await call(url, '/bans', {
      method: 'POST',
      body: { user: bob.self.id, minutes: 90, reason: '  spam links ' },
      operator: 'Olga',
    });
    expect(answer.status).toBe(200);
    // Bob's id in the room stands for him: the ban is on the person, in every room.
    const person = userIdFromToken(token);
    expect(bob.self.id).not.toBe(person);
    expect(answer.json).toEqual({
      ban: { user: person, at: expect.any(Number), until: answer.json.ban.at + 90 * 60_000, reason: 'spam links' },
      disconnected: 2,
    });
    expect(await told).toEqual({
      message: expect.stringMatching(/^banned until .* UTC \(90 min\): spam links$/),
      retryAfterMs: 90 * 60_000,
    });
    expect((await closed).reason).toBe('io server disconnect');
    expect((await closedV1).reason).toBe('io server disconnect');
    expect(order).toEqual(['banned', 'closed']);
    expect(ann.socket.connected).toBe(true);
    expect(annEvents).toEqual([]);

    expect((await call(url, '/bans')).json.bans).toEqual([answer.json.ban]);
    expect((await call(url, `/bans/${bob.self.id}`, { method: 'DELETE' })).json).toEqual({ ok: true });
    expect((await call(url, '/bans')).json.bans).toEqual([]);
    expect((await call(url, `/bans/${bob.self.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(
      (await call(url, '/audit')).json.entries.map((entry: { action: string; target: string }) => [
        entry.action,
        entry.target,
      ]),
    ).toEqual([
      ['ban.remove', person],
      ['ban.add', person],
    ]);
  });

  it('bans an address or a range, closing every connection from it; lifted by its URL-encoded form', async () => {
    const { url } = await relay();
    const key = newRoom();
    const ann = await joinedV2(url, key, { name: 'Ann' });
    const closed = disconnection(ann.socket as never);
    const answer = await call(url, '/bans', { method: 'POST', body: { address: ' 127.0.0.0/8 ', minutes: 1 } });
    expect(answer.json).toMatchObject({ ban: { address: '127.0.0.0/8' }, disconnected: 1 });
    expect((await closed).reason).toBe('io server disconnect');
    expect((await call(url, '/bans')).json.bans).toMatchObject([{ address: '127.0.0.0/8' }]);
    expect((await call(url, `/bans/address/${encodeURIComponent('127.0.0.0/8')}`, { method: 'DELETE' })).json).toEqual({
      ok: true,
    });
    expect((await call(url, '/bans')).json.bans).toEqual([]);
    expect((await call(url, '/bans/address/not-an-address', { method: 'DELETE' })).status).toBe(400);

    const other = await call(url, '/bans', { method: 'POST', body: { address: '203.0.113.7', minutes: 5 } });
    expect(other.json).toMatchObject({ ban: { address: '203.0.113.7' }, disconnected: 0 });
  });

  it('refuses a ban that names nobody, both, a bad address or a bad length', async () => {
    const { url } = await relay();
    const user = 'some-user-id-000000001';
    const bans = async (body: unknown) => (await call(url, '/bans', { method: 'POST', body })).json;
    expect(await bans({ minutes: 5 })).toEqual(badRequest(/exactly one of user and address/));
    expect(await bans({ user, address: '203.0.113.7', minutes: 5 })).toEqual(badRequest(/exactly one/));
    expect(await bans({ address: '203.0.113.300', minutes: 5 })).toEqual(badRequest(/^body\.address: /));
    expect(await bans({ user, minutes: 0 })).toEqual(badRequest(/^body\.minutes: /));
    expect(await bans({ user, minutes: 525_601 })).toEqual(badRequest(/^body\.minutes: /));
    expect(await bans({ user, minutes: 1.5 })).toEqual(badRequest(/^body\.minutes: /));
    expect(await bans({ user, minutes: 5, reason: 'x'.repeat(201) })).toEqual(badRequest(/^body\.reason: /));
    expect(await bans({ user: 'short', minutes: 5 })).toEqual(badRequest(/^body\.user: /));
    expect(await bans({ user, minutes: 5, extra: true })).toEqual(badRequest(/^body/));
    const notJson = await fetch(`${url}/admin/api/bans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    expect((await call(url, '/bans')).json.bans).toEqual([]);
    expect((await call(url, '/audit')).json.entries).toEqual([]);
  });
});

describe('room modes', () => {
  it('pushes slow mode and read-only to the room’s v2 connections, and answers the mode', async () => {
    const { url } = await relay();
    const key = newRoom();
    const ann = await joinedV2(url, key, { name: 'Ann' });
    const cy = await joined(url, key, { name: 'Cy' });
    const cyHears = record(cy.socket, ServerEvent.RoomMode);

    let pushed = next(ann.socket, ServerEvent.RoomMode);
    const slow = await call(url, `/rooms/${key}/slow-mode`, { method: 'PUT', body: { seconds: 30 } });
    expect(slow.json).toEqual({ room: key, mode: { slowModeSeconds: 30, readOnly: false } });
    expect(await pushed).toEqual({ room: key, mode: { slowModeSeconds: 30, readOnly: false } });

    pushed = next(ann.socket, ServerEvent.RoomMode);
    expect((await call(url, `/rooms/${key}/read-only`, { method: 'PUT', body: { readOnly: true } })).status).toBe(200);
    expect(await pushed).toEqual({ room: key, mode: { slowModeSeconds: 30, readOnly: true } });
    expect((await call(url, `/rooms/${key}/mode`)).json).toEqual({
      room: key,
      mode: { slowModeSeconds: 30, readOnly: true },
      operator: { slowModeSeconds: 30, readOnly: true },
    });

    pushed = next(ann.socket, ServerEvent.RoomMode);
    await call(url, `/rooms/${key}/slow-mode`, { method: 'PUT', body: { seconds: 0 } });
    await call(url, `/rooms/${key}/read-only`, { method: 'PUT', body: { readOnly: false } });
    expect(await pushed).toEqual({ room: key, mode: { slowModeSeconds: 0, readOnly: true } });
    expect((await call(url, `/rooms/${key}/mode`)).json.mode).toEqual({ slowModeSeconds: 0, readOnly: false });

    const put = async (path: string, body: unknown) =>
      (await call(url, `/rooms/${key}/${path}`, { method: 'PUT', body })).json;
    expect(await put('slow-mode', { seconds: 3601 })).toEqual(badRequest(/^body\.seconds: /));
    expect(await put('slow-mode', { seconds: -1 })).toEqual(badRequest(/^body\.seconds: /));
    expect(await put('slow-mode', {})).toEqual(badRequest(/^body/));
    expect(await put('read-only', { readOnly: 'yes' })).toEqual(badRequest(/^body\.readOnly: /));
    await sleep(50);
    expect(cyHears).toEqual([]);

    const actions = (await call(url, '/audit')).json.entries.map((entry: { action: string; detail: unknown }) => [
      entry.action,
      entry.detail,
    ]);
    expect(actions).toEqual([
      ['room.read-only', { readOnly: false }],
      ['room.slow-mode', { seconds: 0 }],
      ['room.read-only', { readOnly: true }],
      ['room.slow-mode', { seconds: 30 }],
    ]);
    expect((await call(url, '/audit?limit=2')).json.entries).toHaveLength(2);
    expect((await call(url, '/audit?limit=x')).status).toBe(400);
  });
});

describe('several nodes on one Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.dispose());

  const node = async (): Promise<TestServer> =>
    reachedRedis(await startServer({ adminToken: TOKEN, redisUrl: redis.url }));

  it('a delete and a ban made on one node reach users on another at once', async () => {
    const [one, two] = [await node(), await node()];
    const key = newRoom();
    const ann = await joinedV2(two.url, key, { name: 'Ann' });
    const bob = await joinedV2(two.url, key, { name: 'Bob' });
    const message = accepted(await post(bob.socket, key, 'text', { text: 'spam spam' }));

    const deleted = next(ann.socket, ServerEvent.MessagePosted, (envelope) => envelope.kind === 'delete');
    expect((await call(one.url, `/rooms/${key}/messages/${message.id}/delete`, { method: 'POST' })).status).toBe(200);
    expect(await deleted).toMatchObject({ from: MODERATOR, body: { target: message.id, by: 'moderator' } });

    const told = next(bob.socket, ServerEvent.SessionBanned);
    const closed = disconnection(bob.socket as never);
    const ban = await call(one.url, '/bans', { method: 'POST', body: { user: bob.self.id, minutes: 10 } });
    expect(ban.json.disconnected).toBe(1);
    expect((await told).retryAfterMs).toBe(10 * 60_000);
    expect((await closed).reason).toBe('io server disconnect');
    expect(ann.socket.connected).toBe(true);
  });
});
