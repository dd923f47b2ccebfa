/**
 * Room modes (issue #14, docs/protocol.md "Moderation and consent") against the real relay:
 * a read-only room takes nothing but its members' deletes of their own messages; slow mode
 * spaces out each person's texts and images in the room but not reactions or DMs; a room that
 * gets hot slows itself down and tells its v2 connections when that starts and ends; a v2 join
 * answer carries the mode; v1 connections read only v1 codes and are never pushed `room:mode`.
 */
import { describe, expect, it } from 'vitest';
import {
  ClientEvent,
  ServerEvent,
  type Envelope,
  type MessagePostAnswer,
  type RoomKey,
  type UserId,
} from '../../protocol/index.ts';
import { loadConfig } from '../config.ts';
import { createMemoryStores } from '../stores/memory.ts';
import type { Stores } from '../stores/types.ts';
import {
  type ClientV2,
  joined,
  joinedV2,
  newClientId,
  newRoom,
  next,
  record,
  serversPerTest,
  sleep,
} from './harness.ts';

const serverWith = serversPerTest();

/** A server whose moderation store the test can set, as the operator's API does. */
async function relay(overrides: Parameters<typeof serverWith>[0] = {}): Promise<{ url: string; stores: Stores }> {
  const stores = createMemoryStores(loadConfig({ STORAGE: 'memory' }));
  const { url } = await serverWith({ autoSlowModePerSecond: 0, ...overrides }, stores);
  return { url, stores };
}

function text(socket: ClientV2, room: RoomKey, words: string, to?: UserId): Promise<MessagePostAnswer> {
  return socket.emitWithAck(ClientEvent.MessagePost, {
    room,
    clientId: newClientId(),
    kind: 'text',
    body: { text: words },
    ...(to === undefined ? {} : { to }),
  });
}

function accepted(answer: MessagePostAnswer): Envelope {
  if (!answer.ok) throw new Error(`post refused: ${answer.error.code}: ${answer.error.message}`);
  return answer.message;
}

const READ_ONLY = { ok: false, error: { code: 'read_only', message: 'a moderator made this room read-only' } };

describe('read-only rooms', () => {
  it('refuse every post but a person deleting their own message, to v2 and (as bad_request) to v1', async () => {
    const { url, stores } = await relay();
    const room = newRoom();
    const alice = await joinedV2(url, room, { name: 'Alice' });
    const bob = await joinedV2(url, room, { name: 'Bob' });
    const old = accepted(await text(alice.socket, room, 'before'));
    const bobs = accepted(await text(bob.socket, room, 'mine'));
    await stores.moderation.setRoomMode(room, { readOnly: true });

    expect(await text(alice.socket, room, 'after')).toEqual(READ_ONLY);
    const post = (kind: string, body: unknown) =>
      alice.socket.emitWithAck(ClientEvent.MessagePost, { room, clientId: newClientId(), kind, body } as never);
    expect(await post('reaction', { target: old.id, emoji: '👍', on: true })).toEqual(READ_ONLY);
    expect(await post('edit', { target: old.id, text: 'changed' })).toEqual(READ_ONLY);
    // Someone else's message stays: a delete's own rules still apply.
    expect(await post('delete', { target: bobs.id })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await post('delete', { target: old.id })).toMatchObject({ ok: true });

    const v1 = await joined(url, room);
    const refused = await v1.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'hi' });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'a moderator made this room read-only' },
    });

    await stores.moderation.setRoomMode(room, { readOnly: false });
    accepted(await text(alice.socket, room, 'open again'));
  });

  it('do not stop DMs between their members', async () => {
    const { url, stores } = await relay();
    const room = newRoom();
    const alice = await joinedV2(url, room);
    const bob = await joinedV2(url, room);
    await stores.moderation.setRoomMode(room, { readOnly: true });
    accepted(await text(alice.socket, room, 'a DM', bob.self.id));
  });
});

describe('the join answer', () => {
  it('carries the mode to v2 when it is not the default, and never to v1', async () => {
    const { url, stores } = await relay();
    const room = newRoom();
    const plain = await joinedV2(url, room);
    const answer = await plain.socket.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(answer.ok && 'mode' in answer).toBe(false);
    await stores.moderation.setRoomMode(room, { slowModeSeconds: 30, readOnly: true });
    const again = await plain.socket.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(again).toMatchObject({ ok: true, mode: { slowModeSeconds: 30, readOnly: true } });
    const v1 = await joined(url, room);
    const v1Answer = await v1.socket.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(v1Answer.ok && 'mode' in v1Answer).toBe(false);
  });
});

describe('slow mode', () => {
  it('spaces out each person’s texts in the room, not reactions, DMs or other people', async () => {
    const { url, stores } = await relay();
    const room = newRoom();
    const alice = await joinedV2(url, room);
    const bob = await joinedV2(url, room);
    await stores.moderation.setRoomMode(room, { slowModeSeconds: 1 });
    const first = accepted(await text(alice.socket, room, 'one'));
    const second = await text(alice.socket, room, 'two');
    expect(second).toMatchObject({ ok: false, error: { code: 'rate_limited', limit: 'slow_mode' } });
    if (second.ok) throw new Error('unreachable');
    expect(second.error.retryAfterMs).toBeGreaterThan(0);
    expect(second.error.retryAfterMs).toBeLessThanOrEqual(1000);
    accepted(await text(bob.socket, room, 'bob is not slowed by alice'));
    const reaction = await alice.socket.emitWithAck(ClientEvent.MessagePost, {
      room,
      clientId: newClientId(),
      kind: 'reaction',
      body: { target: first.id, emoji: '👍', on: true },
    });
    expect(reaction).toMatchObject({ ok: true });
    accepted(await text(alice.socket, room, 'a DM is not slowed', bob.self.id));
    await sleep((second.error.retryAfterMs ?? 1000) + 50);
    accepted(await text(alice.socket, room, 'three'));
  });

  it('follows a change of seconds at once', async () => {
    const { url, stores } = await relay();
    const room = newRoom();
    const alice = await joinedV2(url, room);
    await stores.moderation.setRoomMode(room, { slowModeSeconds: 600 });
    accepted(await text(alice.socket, room, 'one'));
    const refused = await text(alice.socket, room, 'two');
    expect(refused).toMatchObject({ ok: false, error: { limit: 'slow_mode' } });
    if (refused.ok) throw new Error('unreachable');
    expect(refused.error.retryAfterMs).toBeGreaterThan(590_000);
    await stores.moderation.setRoomMode(room, { slowModeSeconds: 0 });
    accepted(await text(alice.socket, room, 'off'));
  });
});

describe('automatic slow mode', () => {
  it('switches on under a burst, pushes room:mode to v2 only, and goes off after calm', async () => {
    const { url } = await relay({
      autoSlowModePerSecond: 1,
      autoSlowModeSeconds: 30,
      autoSlowModeCalmSeconds: 1,
      sendBurst: 100,
    });
    const room = newRoom();
    const alice = await joinedV2(url, room);
    const watcher = await joinedV2(url, room);
    const v1 = await joined(url, room);
    const v1Modes = record(v1.socket, ServerEvent.RoomMode);
    const modes = record(watcher.socket, ServerEvent.RoomMode);
    // The bucket holds ten seconds' worth: ten posts pass quietly, the eleventh (or a later one,
    // on a slow machine where the bucket refilled meanwhile) tips the room over and is still taken.
    const on = next(watcher.socket, ServerEvent.RoomMode);
    // Alice is pushed the change before her post's answer, on the same connection.
    const aliceModes = record(alice.socket, ServerEvent.RoomMode);
    let posts = 0;
    while (aliceModes.length === 0 && posts < 20) accepted(await text(alice.socket, room, `burst ${posts++}`));
    expect(posts).toBeGreaterThanOrEqual(11);
    expect(await on).toEqual({ room, mode: { slowModeSeconds: 30, readOnly: false, auto: true } });
    // Slow mode counts from each person's first post under it.
    accepted(await text(alice.socket, room, 'first under slow mode'));
    const slowed = await text(alice.socket, room, 'slowed now');
    expect(slowed).toMatchObject({ ok: false, error: { code: 'rate_limited', limit: 'slow_mode' } });
    const joinAnswer = await watcher.socket.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(joinAnswer).toMatchObject({ mode: { slowModeSeconds: 30, auto: true } });

    const off = await next(watcher.socket, ServerEvent.RoomMode, () => true, 3000);
    expect(off).toEqual({ room, mode: { slowModeSeconds: 0, readOnly: false } });
    expect(modes).toHaveLength(2);
    expect(v1Modes).toEqual([]);
    accepted(await text(alice.socket, room, 'calm again'));
  });

  it('stays off with AUTO_SLOW_MODE_PER_SECOND=0', async () => {
    const { url } = await relay({ autoSlowModePerSecond: 0, sendBurst: 100 });
    const room = newRoom();
    const alice = await joinedV2(url, room);
    const modes = record(alice.socket, ServerEvent.RoomMode);
    for (let i = 0; i < 30; i++) accepted(await text(alice.socket, room, `post ${i}`));
    await sleep(100);
    expect(modes).toEqual([]);
  });
});
