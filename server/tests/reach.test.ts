/**
 * Reaching people (issue #13, docs/protocol.md "Reaching people") against the real relay: a
 * conversation begun in a room goes on after either person leaves it, while both are online;
 * a stranger with an id still cannot DM anyone; `dm:status` says who of the people one may DM
 * is online and nothing about anyone else; grants outlive a restart (SQLite) and span nodes
 * (Redis).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClientEvent,
  DM_STATUS_USERS_MAX,
  ServerEvent,
  type DmStatusAnswer,
  type Envelope,
  type MessagePostAnswer,
  type RoomKey,
  type UserId,
} from '../../protocol/index.ts';
import { userIdFromToken } from '../identity.ts';
import { GRANT_RETENTION_MS } from '../stores/types.ts';
import {
  type ClientV2,
  connectV2,
  joined,
  joinedV2,
  newClientId,
  newRoom,
  newToken,
  next,
  raw,
  record,
  serverForFile,
  serversPerTest,
  sleep,
  type TestServer,
  reachedRedis,
} from './harness.ts';
import { healthy, spawnServer } from './process.ts';
import { startRedis, type TestRedis } from './redis-server.ts';
import { personIn, sendSealed } from './sealed-peers.ts';

const server = serverForFile();
const serverWith = serversPerTest();

/** A text DM from `socket` to `to` in `room`. */
function dm(socket: ClientV2, room: RoomKey, to: UserId, text: string): Promise<MessagePostAnswer> {
  return socket.emitWithAck(ClientEvent.MessagePost, {
    room,
    clientId: newClientId(),
    to,
    kind: 'text',
    body: { text },
  });
}

function accepted(answer: MessagePostAnswer): Envelope {
  if (!answer.ok) throw new Error(`post refused: ${answer.error.code}: ${answer.error.message}`);
  return answer.message;
}

const refusal = (code: string, message: string) => ({
  ok: false,
  error: { code, message: expect.stringContaining(message) },
});

const OFFLINE = refusal('not_here', 'offline');

async function leave(socket: ClientV2, room: RoomKey): Promise<void> {
  expect(await socket.emitWithAck(ClientEvent.RoomLeave, { room })).toEqual({ ok: true });
}

function status(socket: ClientV2, users: UserId[]): Promise<DmStatusAnswer> {
  return socket.emitWithAck(ClientEvent.DmStatus, { users });
}

/** The next DM text `socket` is pushed. */
const nextDm = (socket: ClientV2, text: string) =>
  next(socket, ServerEvent.MessagePosted, (envelope) => envelope.kind === 'text' && envelope.body.text === text);

/**
 * Ann and Bob (v2) meet in a room and Ann DMs Bob, which gives them a grant there; answers both
 * with their tokens, to come back.
 */
async function conversation(url = server.url) {
  const room = newRoom();
  const tokens = { ann: newToken(), bob: newToken() };
  const ann = await joinedV2(url, room, { name: 'Ann', token: tokens.ann });
  const bob = await joinedV2(url, room, { name: 'Bob', token: tokens.bob });
  const heard = nextDm(bob.socket, 'hello');
  accepted(await dm(ann.socket, room, bob.self.id, 'hello'));
  await heard;
  return { room, tokens, ann, bob };
}

describe('a conversation begun in a room', () => {
  it('goes on after the sender leaves the room, and the other replies after leaving too', async () => {
    const { room, ann, bob } = await conversation();
    await leave(ann.socket, room);
    const atBob = nextDm(bob.socket, 'still there?');
    const sent = accepted(await dm(ann.socket, room, bob.self.id, 'still there?'));
    expect(await atBob).toEqual(sent);
    expect(sent).toMatchObject({ room, to: bob.self.id, from: ann.self });

    await leave(bob.socket, room);
    const atAnn = nextDm(ann.socket, 'yes, from elsewhere');
    const reply = accepted(await dm(bob.socket, room, ann.self.id, 'yes, from elsewhere'));
    expect(await atAnn).toEqual(reply);
  });

  it('reaches a person whose only connection joined no room at all (a hub with every panel closed)', async () => {
    const { room, tokens, ann, bob } = await conversation();
    bob.socket.disconnect();
    const hub = await connectV2(server.url, { name: 'Bob', token: tokens.bob });
    // Its own id, which no room is shown: Bob's id in the room is another.
    expect(hub.welcome.user).toEqual({ id: userIdFromToken(tokens.bob), name: 'Bob' });
    expect(bob.self.id).not.toBe(hub.welcome.user?.id);
    const atHub = nextDm(hub.socket, 'are you around?');
    accepted(await dm(ann.socket, room, bob.self.id, 'are you around?'));
    await atHub;
    // And Bob answers from it, in the room's name, without joining it.
    const atAnn = nextDm(ann.socket, 'I am');
    accepted(await dm(hub.socket, room, ann.self.id, 'I am'));
    await atAnn;
  });

  it('says the other is offline once they have no connection left, and reaches them when they are back', async () => {
    const { room, tokens, ann, bob } = await conversation();
    await leave(ann.socket, room);
    bob.socket.disconnect();
    await sleep(100);
    const answer = await dm(ann.socket, room, bob.self.id, 'anyone?');
    expect(answer).toEqual(OFFLINE);
    if (answer.ok) return;
    expect(answer.error.message).toMatch(/back online/);

    const back = await connectV2(server.url, { name: 'Bob', token: tokens.bob });
    const atBob = nextDm(back.socket, 'welcome back');
    accepted(await dm(ann.socket, room, bob.self.id, 'welcome back'));
    await atBob;
  });

  it('holds only in the room it began in, and only for the two of them', async () => {
    const { room, ann, bob } = await conversation();
    await leave(ann.socket, room);
    const elsewhere = newRoom();
    expect(await dm(ann.socket, elsewhere, bob.self.id, 'other room')).toEqual(refusal('not_joined', 'join the room'));
    // Carol is in the room with Bob but never had a conversation with Ann.
    const carol = await joinedV2(server.url, room, { name: 'Carol' });
    expect(await dm(ann.socket, room, carol.self.id, 'hi Carol')).toEqual(refusal('not_joined', 'join the room'));
  });

  it('relays typing under the grant to the other only, and a stranger typing at someone goes nowhere', async () => {
    const { room, ann, bob } = await conversation();
    await leave(ann.socket, room);
    await leave(bob.socket, room);
    const atBob = record(bob.socket, ServerEvent.Typing);
    const stranger = await connectV2(server.url, { name: 'Mallory' });
    stranger.socket.emit(ClientEvent.Typing, { room, to: bob.self.id });
    ann.socket.emit(ClientEvent.Typing, { room, to: bob.self.id });
    await next(bob.socket, ServerEvent.Typing);
    await sleep(100);
    expect(atBob).toEqual([{ room, from: ann.self.id, to: bob.self.id }]);
  });
});

describe('a stranger', () => {
  it('cannot DM someone with an id seen elsewhere: not_joined without the room, not_here in it', async () => {
    const { room, ann } = await conversation();
    const carol = await connectV2(server.url, { name: 'Carol' });
    expect(await dm(carol.socket, room, ann.self.id, 'psst')).toEqual(refusal('not_joined', 'join the room'));
    // In the room after Ann left it: Ann is no longer there, and Carol never talked with her.
    await leave(ann.socket, room);
    const inRoom = await joinedV2(server.url, room, { name: 'Carol' });
    expect(await dm(inRoom.socket, room, ann.self.id, 'psst')).toEqual(refusal('not_here', 'no longer on this page'));
  });

  it('cannot use a v1 connection to DM under a grant: dm:send keeps v1 rule', async () => {
    const room = newRoom();
    const annToken = newToken();
    const ann = await joined(server.url, room, { name: 'Ann', token: annToken });
    const bob = await joinedV2(server.url, room, { name: 'Bob' });
    const first = await ann.socket.emitWithAck(ClientEvent.DmSend, {
      room,
      to: bob.self.id,
      clientId: newClientId(),
      text: 'v1 hello',
    });
    expect(first).toMatchObject({ ok: true });
    // Bob's v2 reply makes sure the pair holds a grant, whoever began.
    accepted(await dm(bob.socket, room, ann.self.id, 'hello back'));
    expect(await ann.socket.emitWithAck(ClientEvent.RoomLeave, { room })).toEqual({ ok: true });
    const second = await ann.socket.emitWithAck(ClientEvent.DmSend, {
      room,
      to: bob.self.id,
      clientId: newClientId(),
      text: 'after leaving',
    });
    expect(second).toEqual(refusal('not_joined', 'join the room'));
  });

  it('a v1 connection hears nothing of a DM under a grant, which is not in a room it is in', async () => {
    const { room, tokens, ann, bob } = await conversation();
    const bobV1 = await joined(server.url, newRoom(), { name: 'Bob', token: tokens.bob });
    const v1Dms = record(bobV1.socket, ServerEvent.DmNew);
    await leave(bob.socket, room);
    const atBob = nextDm(bob.socket, 'v2 only');
    accepted(await dm(ann.socket, room, bob.self.id, 'v2 only'));
    await atBob;
    await sleep(100);
    expect(v1Dms).toEqual([]);
  });
});

describe('a grant, by the chat clock', () => {
  it('lapses 30 days after the last DM under it, and each DM renews it', async () => {
    let now = Date.now();
    const started = await serverWith({}, undefined, { now: () => now });
    const { room, ann, bob } = await conversation(started.url);
    await leave(ann.socket, room);
    now += 20 * 86_400_000;
    accepted(await dm(ann.socket, room, bob.self.id, 'day 20'));
    now += GRANT_RETENTION_MS - 1000;
    accepted(await dm(bob.socket, room, ann.self.id, 'day 49, renewed on day 20'));
    await leave(bob.socket, room);
    now += GRANT_RETENTION_MS + 1000;
    expect(await dm(ann.socket, room, bob.self.id, 'too late')).toEqual(refusal('not_joined', 'join the room'));
    expect(await status(ann.socket, [bob.self.id])).toEqual({ ok: true, online: [], closed: [] });
  });
});

describe('dm:status', () => {
  it('reports online the people one shares a room with or has a conversation with, and never a stranger', async () => {
    const { room, tokens, ann, bob } = await conversation();
    // Dee: a conversation with Ann, then offline.
    const dee = await joinedV2(server.url, room, { name: 'Dee' });
    accepted(await dm(dee.socket, room, ann.self.id, 'hi Ann'));
    dee.socket.disconnect();
    // Eve: in another room Ann is in, never DM'd. Mallory: online, shares nothing with Ann.
    const other = newRoom();
    await ann.socket.emitWithAck(ClientEvent.RoomJoin, { room: other });
    const eve = await joinedV2(server.url, other, { name: 'Eve' });
    const mallory = await joinedV2(server.url, newRoom(), { name: 'Mallory' });
    await leave(ann.socket, room);
    await leave(bob.socket, room);
    await sleep(50);

    const asked = [bob.self.id, dee.self.id, eve.self.id, mallory.self.id, ann.self.id];
    expect(await status(ann.socket, asked)).toEqual({ ok: true, online: [bob.self.id, eve.self.id], closed: [] });
    // Bob's side of the grant is his too; Eve he has nothing with.
    expect(await status(bob.socket, [ann.self.id, eve.self.id])).toEqual({
      ok: true,
      online: [ann.self.id],
      closed: [],
    });
    // Mallory learns nothing of Ann, however she asks.
    expect(await status(mallory.socket, [ann.self.id, ann.self.id])).toEqual({ ok: true, online: [], closed: [] });

    bob.socket.disconnect();
    await sleep(50);
    expect(await status(ann.socket, [bob.self.id])).toEqual({ ok: true, online: [], closed: [] });
    const back = await connectV2(server.url, { name: 'Bob', token: tokens.bob });
    expect(await status(ann.socket, [bob.self.id])).toEqual({ ok: true, online: [bob.self.id], closed: [] });
    back.socket.disconnect();
  });

  it('reports no grant partner on v3 online, whose DMs wait for them, and one on v2 alone still', async () => {
    const room = newRoom();
    const ann = await personIn(server.url, room, 'Ann');
    const bob = await personIn(server.url, room, 'Bob');
    accepted(await sendSealed(ann, bob.self, room, 'hello'));
    await leave(ann.socket, room);
    await leave(bob.socket, room);
    expect(await status(ann.socket, [bob.self.id])).toEqual({ ok: true, online: [], closed: [] });
    // An older connection of his besides changes nothing: he is on v3 still.
    const old = await connectV2(server.url, { name: 'Bob', token: bob.token });
    expect(await status(ann.socket, [bob.self.id])).toEqual({ ok: true, online: [], closed: [] });
    // His DMs wait in his mailbox, so a sealed DM goes all the same.
    expect(await sendSealed(ann, bob.self, room, 'still there?')).toMatchObject({ ok: true, delivery: 'sent' });
    bob.socket.disconnect();
    await sleep(50);
    // Now on v2 alone: a DM to him goes only while he is online, so that is told.
    expect(await status(ann.socket, [bob.self.id])).toEqual({ ok: true, online: [bob.self.id], closed: [] });
    old.socket.disconnect();
  });

  it('refuses more than 50 people, an empty list and a v1 connection as bad_request', async () => {
    const ann = await connectV2(server.url);
    const many = Array.from({ length: DM_STATUS_USERS_MAX + 1 }, () => `user${newToken().slice(0, 20)}`);
    expect(await raw(ann.socket, ClientEvent.DmStatus, { users: many })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await raw(ann.socket, ClientEvent.DmStatus, { users: [] })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await raw(ann.socket, ClientEvent.DmStatus, { users: ['not an id'] })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    const v1 = await joined(server.url, newRoom());
    expect(await raw(v1.socket, ClientEvent.DmStatus, { users: [ann.welcome.user?.id] })).toEqual(
      refusal('bad_request', 'protocol v2'),
    );
  });

  it('draws on its own budget: past it, rate_limited naming dm_status with the wait', async () => {
    const started = await serverWith({ dmStatusPerMinute: 3 });
    const { room, ann, bob } = await conversation(started.url);
    for (let n = 0; n < 3; n++) expect(await status(ann.socket, [bob.self.id])).toMatchObject({ ok: true });
    const refused = await status(ann.socket, [bob.self.id]);
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', limit: 'dm_status' } });
    if (refused.ok) return;
    expect(refused.error.retryAfterMs).toBeGreaterThan(10_000);
    expect(refused.error.retryAfterMs).toBeLessThanOrEqual(20_000);
    // Sending is not held back by it.
    accepted(await dm(ann.socket, room, bob.self.id, 'still sending'));
  });
});

describe('grants kept in SQLite, the default store', () => {
  let dataDir = '';
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('survive the relay being killed and started again', { timeout: 60_000 }, async ({ onTestFinished }) => {
    dataDir = mkdtempSync(join(tmpdir(), 'samepage-reach-'));
    const env = { STORAGE: 'sqlite', DATA_DIR: dataDir };
    const first = await spawnServer(env, onTestFinished);
    await healthy(first);
    const { room, tokens, ann, bob } = await conversation(first.url);
    first.child.kill('SIGKILL');
    await first.exited;
    ann.socket.disconnect();
    bob.socket.disconnect();

    const second = await spawnServer({ ...env, PORT: new URL(first.url).port }, onTestFinished);
    await healthy(second);
    const annBack = await connectV2(second.url, { name: 'Ann', token: tokens.ann });
    const bobBack = await connectV2(second.url, { name: 'Bob', token: tokens.bob });
    expect(await status(annBack.socket, [bob.self.id])).toEqual({ ok: true, online: [bob.self.id], closed: [] });
    const atBob = nextDm(bobBack.socket, 'after the restart');
    accepted(await dm(annBack.socket, room, bob.self.id, 'after the restart'));
    await atBob;
  });
});

describe('grants across nodes sharing Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.dispose());

  const node = async (): Promise<TestServer> => reachedRedis(await serverWith({ redisUrl: redis.url }));

  it('carry a DM from a node to the other after both left the room, and say who is online there', async () => {
    const [one, two] = [await node(), await node()];
    const room = newRoom();
    const ann = await joinedV2(one.url, room, { name: 'Ann' });
    const bob = await joinedV2(two.url, room, { name: 'Bob' });
    accepted(await dm(ann.socket, room, bob.self.id, 'hello across'));
    await leave(ann.socket, room);
    await leave(bob.socket, room);
    // Carol, on the other node, shares another room with Ann; Mallory shares nothing.
    const other = newRoom();
    await ann.socket.emitWithAck(ClientEvent.RoomJoin, { room: other });
    const carol = await joinedV2(two.url, other, { name: 'Carol' });
    const mallory = await connectV2(two.url, { name: 'Mallory' });

    const atBob = nextDm(bob.socket, 'still across');
    accepted(await dm(ann.socket, room, bob.self.id, 'still across'));
    await atBob;
    const atAnn = nextDm(ann.socket, 'back across');
    accepted(await dm(bob.socket, room, ann.self.id, 'back across'));
    await atAnn;
    const everyone = [bob.self.id, carol.self.id, mallory.welcome.user?.id ?? ''];
    expect(await status(ann.socket, everyone)).toEqual({ ok: true, online: [bob.self.id, carol.self.id], closed: [] });

    bob.socket.disconnect();
    await sleep(100);
    expect(await dm(ann.socket, room, bob.self.id, 'gone?')).toEqual(OFFLINE);
    expect(await status(ann.socket, [bob.self.id])).toEqual({ ok: true, online: [], closed: [] });
  });
});
