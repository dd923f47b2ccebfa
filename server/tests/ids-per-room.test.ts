/**
 * Ids per room (issue #15, docs/protocol.md "Ids per room") against the real relay: the id a
 * person is shown by in a room is that room's own, for every version of observer, stable across
 * reconnects, restarts (SQLite) and nodes (Redis); and every id a client sends back still reaches
 * the person: DMs, blocks (in every room), reports, `dm:status`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvent, ServerEvent, type MessagePostAnswer, type RoomKey, type UserId } from '../../protocol/index.ts';
import { userIdFromToken } from '../identity.ts';
import {
  type Client,
  type ClientV2,
  joined,
  joinedV2,
  newClientId,
  newRoom,
  newToken,
  next,
  reachedRedis,
  record,
  serverForFile,
  serversPerTest,
  sleep,
  type TestServer,
} from './harness.ts';
import { healthy, spawnServer } from './process.ts';
import { startRedis, type TestRedis } from './redis-server.ts';

const server = serverForFile();
const serverWith = serversPerTest();

function post(socket: ClientV2, room: RoomKey, text: string, to?: UserId): Promise<MessagePostAnswer> {
  return socket.emitWithAck(ClientEvent.MessagePost, {
    room,
    clientId: newClientId(),
    kind: 'text',
    body: { text },
    ...(to === undefined ? {} : { to }),
  });
}

const enter = async (socket: ClientV2 | Client, room: RoomKey) => {
  const answer = await (socket as ClientV2).emitWithAck(ClientEvent.RoomJoin, { room });
  if (!answer.ok) throw new Error(`join refused: ${answer.error.code}`);
  return answer;
};

const joinedId = (socket: ClientV2 | Client, room: RoomKey) =>
  next(socket as ClientV2, ServerEvent.PresenceUpdate, (update) => update.room === room && !!update.joined).then(
    (update) => update.joined?.id,
  );

describe('ids per room', () => {
  it('shows one person by an unrelated id in each room, to v2 and v1 observers alike', async () => {
    const [a, b] = [newRoom(), newRoom()];
    const token = newToken();
    const eve = await joinedV2(server.url, a, { name: 'Eve' });
    await enter(eve.socket, b);
    const mal = await joined(server.url, a, { name: 'Mal' });
    await enter(mal.socket, b);

    const seen = [joinedId(eve.socket, a), joinedId(eve.socket, b), joinedId(mal.socket, a), joinedId(mal.socket, b)];
    const ann = await joinedV2(server.url, a, { name: 'Ann', token });
    const inB = await enter(ann.socket, b);
    const [idA, idB] = [ann.self.id, inB.self.id];
    expect(idA).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(idB).not.toBe(idA);
    expect([idA, idB]).not.toContain(userIdFromToken(token));
    expect(await Promise.all(seen)).toEqual([idA, idB, idA, idB]);
    expect(ann.welcome.user?.id).toBe(userIdFromToken(token));

    // A room message carries the sender's id in that room, to either version.
    const heard = Promise.all([
      next(eve.socket, ServerEvent.MessagePosted, (m) => m.room === b),
      next(mal.socket, ServerEvent.MessageNew, (m) => m.room === b),
    ]);
    const sent = await post(ann.socket, b, 'hello b');
    expect(sent.ok && sent.message.from).toEqual({ id: idB, name: 'Ann' });
    const [toEve, toMal] = await heard;
    expect(toEve.from.id).toBe(idB);
    expect(toMal.from.id).toBe(idB);

    // The member list, the history and typing say the same.
    const again = await joinedV2(server.url, b, { name: 'Zed' });
    expect((await enter(again.socket, b)).members.map((m) => m.id)).toContain(idB);
    expect(again.history.map((m) => m.from.id)).toEqual([idB]);
    const typing = next(eve.socket, ServerEvent.Typing, (t) => t.room === a);
    ann.socket.emit(ClientEvent.Typing, { room: a });
    expect((await typing).from).toBe(idA);

    // And the same id comes back with a new connection.
    ann.socket.disconnect();
    const back = await joinedV2(server.url, a, { name: 'Ann', token });
    expect(back.self.id).toBe(idA);
    const v1 = await joined(server.url, b, { name: 'Ann', token });
    expect(v1.self.id).toBe(idB);
  });

  it('delivers a DM to the person an id stands for, in its own room only', async () => {
    const [a, b] = [newRoom(), newRoom()];
    const ann = await joinedV2(server.url, a, { name: 'Ann' });
    const annInB = (await enter(ann.socket, b)).self;
    const bob = await joinedV2(server.url, a, { name: 'Bob' });
    const bobInB = (await enter(bob.socket, b)).self;

    const atAnn = next(ann.socket, ServerEvent.MessagePosted, (m) => m.to !== undefined);
    const sent = await post(bob.socket, a, 'psst', ann.self.id);
    expect(sent.ok && sent.message).toMatchObject({ room: a, from: bob.self, to: ann.self.id });
    expect(await atAnn).toMatchObject({ room: a, from: bob.self, to: ann.self.id, body: { text: 'psst' } });

    // Ann's id in room A names nobody in room B.
    expect(await post(bob.socket, b, 'wrong room', ann.self.id)).toMatchObject({
      ok: false,
      error: { code: 'not_here' },
    });
    expect((await post(bob.socket, b, 'right room', annInB.id)).ok).toBe(true);
    // Nor can she DM herself by the id she has in the room.
    expect(await post(ann.socket, b, 'me', annInB.id)).toMatchObject({ ok: false, error: { code: 'bad_request' } });

    // v1 addresses the same ids.
    const v1 = await joined(server.url, a, { name: 'Vee' });
    const atBob = next(bob.socket, ServerEvent.MessagePosted, (m) => m.to === bob.self.id);
    const answer = await v1.socket.emitWithAck(ClientEvent.DmSend, {
      room: a,
      to: bob.self.id,
      clientId: newClientId(),
      text: 'from v1',
    });
    expect(answer).toMatchObject({ ok: true, message: { from: v1.self, to: bob.self.id } });
    expect((await atBob).from).toEqual(v1.self);
    expect(bobInB.id).not.toBe(bob.self.id);
  });

  it('holds a block made with an id of one room against that person in every room', async () => {
    const [a, b] = [newRoom(), newRoom()];
    const ann = await joinedV2(server.url, a, { name: 'Ann' });
    const annInB = (await enter(ann.socket, b)).self;
    const bob = await joinedV2(server.url, a, { name: 'Bob' });
    await enter(bob.socket, b);
    const carol = await joinedV2(server.url, b, { name: 'Carol' });

    expect(
      await ann.socket.emitWithAck(ClientEvent.PrivacySet, { blocked: [bob.self.id], dms: 'everyone', contacts: [] }),
    ).toEqual({ ok: true });
    const atAnn = record(ann.socket, ServerEvent.MessagePosted);
    // Bob's DM in room B is taken as any DM is (a block does not show), and reaches nobody.
    expect(await post(bob.socket, b, 'hi in b', annInB.id)).toMatchObject({ ok: true });
    expect(await bob.socket.emitWithAck(ClientEvent.DmStatus, { users: [annInB.id] })).toEqual({
      ok: true,
      online: [annInB.id],
      closed: [],
    });
    // Carol is not blocked: she reaches Ann in room B.
    const fromCarol = next(ann.socket, ServerEvent.MessagePosted, (envelope) => envelope.from.id !== bob.self.id);
    expect((await post(carol.socket, b, 'hi ann', annInB.id)).ok).toBe(true);
    await fromCarol;
    await sleep(100);
    expect(atAnn.map((envelope) => envelope.body)).toEqual([{ text: 'hi ann' }]);
  });

  it('answers dm:status about an id in its own room only', async () => {
    const [a, b] = [newRoom(), newRoom()];
    const ann = await joinedV2(server.url, a, { name: 'Ann' });
    const annInB = (await enter(ann.socket, b)).self;
    // Bob shares room A with Ann, not room B: her id in B tells him nothing.
    const bob = await joinedV2(server.url, a, { name: 'Bob' });
    expect(await bob.socket.emitWithAck(ClientEvent.DmStatus, { users: [ann.self.id, annInB.id] })).toEqual({
      ok: true,
      online: [ann.self.id],
      closed: [],
    });
  });
});

describe('ids per room kept in SQLite, the default store', () => {
  let dataDir = '';
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('are the same after the relay is killed and started again', { timeout: 60_000 }, async ({ onTestFinished }) => {
    dataDir = mkdtempSync(join(tmpdir(), 'samepage-ids-'));
    const env = { STORAGE: 'sqlite', DATA_DIR: dataDir };
    const first = await spawnServer(env, onTestFinished);
    await healthy(first);
    const room = newRoom();
    const [annToken, bobToken] = [newToken(), newToken()];
    const before = await joinedV2(first.url, room, { name: 'Ann', token: annToken });
    const bobBefore = await joinedV2(first.url, room, { name: 'Bob', token: bobToken });
    first.child.kill('SIGKILL');
    await first.exited;
    before.socket.disconnect();
    bobBefore.socket.disconnect();

    const second = await spawnServer({ ...env, PORT: new URL(first.url).port }, onTestFinished);
    await healthy(second);
    const bob = await joinedV2(second.url, room, { name: 'Bob', token: bobToken });
    expect(bob.self.id).toBe(bobBefore.self.id);
    // An id kept from before the restart still names Ann: Bob blocks her with it before she is back.
    expect(
      await bob.socket.emitWithAck(ClientEvent.PrivacySet, {
        blocked: [before.self.id],
        dms: 'everyone',
        contacts: [],
      }),
    ).toEqual({ ok: true });
    const ann = await joinedV2(second.url, room, { name: 'Ann', token: annToken });
    expect(ann.self.id).toBe(before.self.id);
    const atBob = record(bob.socket, ServerEvent.MessagePosted);
    expect(await post(ann.socket, room, 'hi', bob.self.id)).toMatchObject({ ok: true });
    await sleep(200);
    expect(atBob).toEqual([]);
  });
});

describe('ids per room across nodes sharing Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.dispose());

  const node = async (): Promise<TestServer> => reachedRedis(await serverWith({ redisUrl: redis.url }));

  it('are the same on every node, and a DM to one sent on another node arrives', async () => {
    const [one, two] = [await node(), await node()];
    const room = newRoom();
    const token = newToken();
    const annOnOne = await joinedV2(one.url, room, { name: 'Ann', token });
    const annOnTwo = await joinedV2(two.url, room, { name: 'Ann', token });
    expect(annOnTwo.self.id).toBe(annOnOne.self.id);
    const other = newRoom();
    expect((await enter(annOnTwo.socket, other)).self.id).not.toBe(annOnOne.self.id);

    const bob = await joinedV2(two.url, room, { name: 'Bob' });
    expect((await enter(bob.socket, room)).members.map((m) => m.id)).toContain(annOnOne.self.id);
    const atAnn = next(annOnOne.socket, ServerEvent.MessagePosted, (m) => m.to === annOnOne.self.id);
    expect((await post(bob.socket, room, 'across', annOnOne.self.id)).ok).toBe(true);
    expect((await atAnn).from).toEqual(bob.self);
  });
});
