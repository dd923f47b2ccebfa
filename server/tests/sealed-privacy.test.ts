/**
 * Nothing readable on the relay (issue #15): a DM's words, sealed as docs/protocol.md says, cross
 * one relay on SQLite and two nodes on Redis, and their addressee opens them; then the database
 * files, the logs at trace level, the Socket.IO stream and every key of Redis are searched for
 * them. Each search also finds what it should (the ciphertext, the log lines), so a search that
 * looks in the wrong place fails. And a DM to someone whose browser is closed waits for them
 * through a restart of the relay.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvent, ServerEvent, type Envelope, type MessagePostAnswer } from '../../protocol/index.ts';
import { userIdFromToken } from '../identity.ts';
import { type ClientV2, joinedV2, newClientId, newRoom, next, reachedRedis, serversPerTest, sleep } from './harness.ts';
import { freePort, healthy, spawnServer } from './process.ts';
import { startRedis, type TestRedis } from './redis-server.ts';
import { newRoomKeys, type RoomKeys } from './seal.ts';
import { nextSealed, openAs, personIn, sendSealed, type Person } from './sealed-peers.ts';

const CANARY = 'my phone is 555-0100';
/** What a v2 client still sends in clear: the relay must not keep it either. */
const V2_CANARY = 'my old phone is 555-0199';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-sealed-'));
  dirs.push(dir);
  return dir;
}

function accepted(answer: MessagePostAnswer): Envelope {
  if (!answer.ok) throw new Error(`post refused: ${answer.error.code}: ${answer.error.message}`);
  return answer.message;
}

/** Every byte of every file in `dir` (the database, its WAL and shared memory), as latin1 text. */
function bytesOf(dir: string): string {
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name)).toString('latin1'))
    .join('\n');
}

/** A v3 connection of someone coming back: their token and their key pair in `room`. */
async function comeBack(url: string, room: string, who: Person): Promise<Person> {
  return personIn(url, room, who.name, { token: who.token, keys: who.keys });
}

/**
 * Ann and Bob on v3 in a room: a first sealed DM, opened by Bob and confirmed, gives them a
 * conversation grant; then Bob's browser closes and Ann seals the canary to him, which waits.
 */
async function dmWhileAway(url: string) {
  const room = newRoom();
  const ann = await personIn(url, room, 'Ann');
  const bob = await personIn(url, room, 'Bob');
  const live = nextSealed(bob.socket);
  accepted(await sendSealed(ann, bob.self, room, CANARY));
  const heard = await live;
  expect(await openAs(bob, heard)).toEqual({ kind: 'text', body: { text: CANARY } });
  const confirmed = await bob.socket.emitWithAck(ClientEvent.DmReceived, {
    receipts: [{ room, from: heard.from.id, id: heard.id }],
  });
  expect(confirmed).toEqual({ ok: true });
  bob.socket.disconnect();
  await sleep(100);
  const answer = await sendSealed(ann, bob.self, room, CANARY);
  expect(answer).toMatchObject({ ok: true, delivery: 'waiting' });
  return { room, ann, bob, live: heard, waiting: accepted(answer) };
}

/** Two v2 people exchange a plain DM of `text`, as v2 still may. */
async function plainDm(url: string, text: string): Promise<void> {
  const room = newRoom();
  const ann = await joinedV2(url, room, { name: 'Old Ann' });
  const bob = await joinedV2(url, room, { name: 'Old Bob' });
  const heard = next(bob.socket, ServerEvent.MessagePosted);
  const body = { text };
  const post = { room, clientId: newClientId(), to: bob.self.id, kind: 'text' as const, body };
  accepted(await ann.socket.emitWithAck(ClientEvent.MessagePost, post));
  expect((await heard).body).toEqual(body);
}

describe('one relay on SQLite', () => {
  it(
    'keeps no DM words in its database or its logs, only the ciphertext',
    { timeout: 60_000 },
    async ({ onTestFinished }) => {
      const dataDir = tempDir();
      const relay = await spawnServer({ STORAGE: 'sqlite', DATA_DIR: dataDir, LOG_LEVEL: 'trace' }, onTestFinished);
      await healthy(relay);
      const { ann, waiting } = await dmWhileAway(relay.url);
      await plainDm(relay.url, V2_CANARY);
      ann.socket.disconnect();

      const onDisk = bytesOf(dataDir);
      if (waiting.kind !== 'sealed') throw new Error('expected a sealed DM');
      expect(onDisk).toContain(waiting.body.ct);
      expect(onDisk).not.toContain(CANARY);
      expect(onDisk).not.toContain(V2_CANARY);

      relay.child.kill('SIGTERM');
      await relay.exited;
      const logs = relay.stdout() + relay.stderr();
      // (the operator's logs name the person by their own id, not by their id in the room)
      expect(logs).toContain(userIdFromToken(ann.token));
      expect(logs).not.toContain(CANARY);
      expect(logs).not.toContain(V2_CANARY);
      expect(bytesOf(dataDir)).not.toContain(CANARY);
    },
  );

  it(
    'hands a DM to someone whose browser was closed once they are back, across a restart, once',
    {
      timeout: 60_000,
    },
    async ({ onTestFinished }) => {
      const env = { STORAGE: 'sqlite', DATA_DIR: tempDir(), PORT: String(await freePort()) };
      const first = await spawnServer(env, onTestFinished);
      await healthy(first);
      const { room, ann, bob, waiting } = await dmWhileAway(first.url);
      ann.socket.disconnect();
      first.child.kill('SIGKILL');
      await first.exited;

      const second = await spawnServer(env, onTestFinished);
      await healthy(second);
      const annBack = await comeBack(second.url, room, ann);
      const bobSocket = io(second.url, {
        transports: ['websocket'],
        auth: { v: 3, token: bob.token, name: 'Bob' },
        forceNew: true,
        reconnection: false,
      }) as unknown as ClientV2;
      onTestFinished(() => void bobSocket.disconnect());
      await new Promise((resolve, reject) => {
        bobSocket.once('connect', () => resolve(undefined));
        bobSocket.once('connect_error', reject);
      });
      const fetched = await bobSocket.emitWithAck(ClientEvent.DmFetch, {});
      expect(fetched).toEqual({ ok: true, messages: [waiting] });
      expect(await openAs(bob, waiting)).toEqual({ kind: 'text', body: { text: CANARY } });

      const delivered = next(annBack.socket, ServerEvent.DmDelivered);
      const receipts = [{ room, from: waiting.from.id, id: waiting.id }];
      expect(await bobSocket.emitWithAck(ClientEvent.DmReceived, { receipts })).toEqual({ ok: true });
      expect(await delivered).toEqual({ room, to: bob.self.id, ids: [waiting.id] });
      expect(await bobSocket.emitWithAck(ClientEvent.DmFetch, {})).toEqual({ ok: true, messages: [] });
    },
  );
});

describe('two nodes on Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.dispose());
  const startServer = serversPerTest();
  const node = async () => reachedRedis(await startServer({ redisUrl: redis.url }));

  /** Every key of Redis and what it holds, read by its type, as redis-cli prints it. */
  async function everything(): Promise<string> {
    const keys = (await redis.command(['--scan'])).split('\n').filter((key) => key !== '');
    const read: Record<string, (key: string) => string[]> = {
      string: (key) => ['GET', key],
      hash: (key) => ['HGETALL', key],
      list: (key) => ['LRANGE', key, '0', '-1'],
      set: (key) => ['SMEMBERS', key],
      zset: (key) => ['ZRANGE', key, '0', '-1', 'WITHSCORES'],
      stream: (key) => ['XRANGE', key, '-', '+'],
    };
    const contents = await Promise.all(
      keys.map(async (key) => {
        const type = (await redis.command(['TYPE', key])).trim();
        // A rate bucket may expire between the scan and the look.
        if (type === 'none') return '';
        const reader = read[type];
        if (!reader) throw new Error(`no reader for ${key} of type ${type}`);
        return `${key}\n${await redis.command(reader(key))}`;
      }),
    );
    return contents.join('\n');
  }

  it('carry a DM from a node to the other as ciphertext only, kept as such', { timeout: 30_000 }, async () => {
    const [a, b] = [await node(), await node()];
    const room = newRoom();
    const ann = await personIn(a.url, room, 'Ann');
    const bobKeys: RoomKeys = await newRoomKeys();
    const bob = await personIn(b.url, room, 'Bob', { keys: bobKeys });
    const live = nextSealed(bob.socket);
    const answer = await sendSealed(ann, bob.self, room, CANARY);
    expect(answer).toMatchObject({ ok: true, delivery: 'sent' });
    const sent = accepted(answer);
    expect(await openAs(bob, await live)).toEqual({ kind: 'text', body: { text: CANARY } });
    if (sent.kind !== 'sealed') throw new Error('expected a sealed DM');
    // Bob on the other node fetches it too, and his receipt reaches Ann on hers.
    const fetched = await bob.socket.emitWithAck(ClientEvent.DmFetch, {});
    expect(fetched).toEqual({ ok: true, messages: [sent] });
    const delivered = next(ann.socket, ServerEvent.DmDelivered);
    await bob.socket.emitWithAck(ClientEvent.DmReceived, { receipts: [{ room, from: ann.self.id, id: sent.id }] });
    expect(await delivered).toEqual({ room, to: bob.self.id, ids: [sent.id] });
    // One more, which waits for Bob once his browser is closed: the mailbox in Redis holds it.
    bob.socket.disconnect();
    await sleep(100);
    const waitingAnswer = await sendSealed(ann, bob.self, room, CANARY);
    expect(waitingAnswer).toMatchObject({ ok: true, delivery: 'waiting' });
    const waiting = accepted(waitingAnswer);
    if (waiting.kind !== 'sealed') throw new Error('expected a sealed DM');

    const stream = await redis.command(['XRANGE', 'samepage:socket.io', '-', '+']);
    expect(stream).toContain(sent.body.ct);
    expect(stream).not.toContain(CANARY);

    const all = await everything();
    expect(all).toContain(waiting.body.ct);
    expect(all).not.toContain(CANARY);

    await redis.command(['CONFIG', 'SET', 'rdbcompression', 'no']);
    await redis.command(['SAVE']);
    const dir = (await redis.command(['CONFIG', 'GET', 'dir'])).split('\n')[1] ?? '';
    const rdb = readFileSync(join(dir, 'dump.rdb')).toString('latin1');
    expect(rdb).toContain(waiting.body.ct);
    expect(rdb).not.toContain(CANARY);
  });
});
