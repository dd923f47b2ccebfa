/**
 * Repeated text (issue #14, docs/protocol.md "Moderation and consent") against the real relay:
 * the same text, compared without case and with runs of spaces as one, is taken REPEAT_MAX
 * times within REPEAT_WINDOW_MS of the first, in rooms and DMs and from v1 alike; the next is
 * refused until the window ends, costing no other budget and leaving its clientId free.
 */
import { describe, expect, it } from 'vitest';
import {
  ClientEvent,
  REPEAT_MAX,
  REPEAT_WINDOW_MS,
  type MessagePostAnswer,
  type RoomKey,
  type UserId,
} from '../../protocol/index.ts';
import { sameTextKey } from '../chat/repeats.ts';
import { loadConfig } from '../config.ts';
import { createMemoryStores } from '../stores/memory.ts';
import { type ClientV2, joined, joinedV2, newClientId, newRoom, serversPerTest, sleep } from './harness.ts';

const serverWith = serversPerTest();

function text(
  socket: ClientV2,
  room: RoomKey,
  words: string,
  { to, clientId = newClientId() }: { to?: UserId; clientId?: string } = {},
) {
  return socket.emitWithAck(ClientEvent.MessagePost, {
    room,
    clientId,
    kind: 'text',
    body: { text: words },
    ...(to === undefined ? {} : { to }),
  });
}

const ok = (answer: MessagePostAnswer) => expect(answer).toMatchObject({ ok: true });
const REPEATED = { ok: false, error: { code: 'rate_limited', limit: 'repeated_text' } };

describe('the same text', () => {
  it('counts as one however it is cased and spaced', () => {
    expect(sameTextKey('  Hello   World\n')).toBe(sameTextKey('hello world'));
    expect(sameTextKey('HELLO\tworld')).toBe(sameTextKey('hello world'));
    expect(sameTextKey('hello world!')).not.toBe(sameTextKey('hello world'));
  });
});

describe('repeated text', () => {
  it('refuses the fourth within the window, in any room or DM, until the window of the first ends', async () => {
    let clock = Date.now();
    const { url } = await serverWith({ sendBurst: 100 }, undefined, { now: () => clock });
    const [here, there] = [newRoom(), newRoom()];
    const alice = await joinedV2(url, here);
    await alice.socket.emitWithAck(ClientEvent.RoomJoin, { room: there });
    const bob = await joinedV2(url, here);
    expect(REPEAT_MAX).toBe(3);
    ok(await text(alice.socket, here, 'Buy now'));
    clock += 60_000;
    ok(await text(alice.socket, there, '  buy   NOW '));
    ok(await text(alice.socket, here, 'buy now', { to: bob.self.id }));
    const refused = await text(alice.socket, there, 'BUY NOW');
    expect(refused).toMatchObject(REPEATED);
    if (refused.ok) throw new Error('unreachable');
    expect(refused.error.retryAfterMs).toBe(REPEAT_WINDOW_MS - 60_000);
    expect(await text(alice.socket, here, 'buy now', { to: bob.self.id })).toMatchObject(REPEATED);
    // Other people are not counted with her.
    ok(await text(bob.socket, here, 'buy now'));
    clock += REPEAT_WINDOW_MS - 60_000;
    ok(await text(alice.socket, here, 'buy now'));
  });

  it('starts counting again after other text', async () => {
    const { url } = await serverWith({ sendBurst: 100 });
    const room = newRoom();
    const alice = await joinedV2(url, room);
    for (let i = 0; i < REPEAT_MAX; i++) ok(await text(alice.socket, room, 'again'));
    ok(await text(alice.socket, room, 'something else'));
    for (let i = 0; i < REPEAT_MAX; i++) ok(await text(alice.socket, room, 'again'));
    expect(await text(alice.socket, room, 'again')).toMatchObject(REPEATED);
  });

  it('costs no send token and leaves its clientId free', async () => {
    const { url } = await serverWith({ sendBurst: REPEAT_MAX + 2, sendPerSecond: 1 });
    const room = newRoom();
    const alice = await joinedV2(url, room);
    for (let i = 0; i < REPEAT_MAX; i++) ok(await text(alice.socket, room, 'spam'));
    const clientId = newClientId();
    for (let i = 0; i < 5; i++) expect(await text(alice.socket, room, 'spam', { clientId })).toMatchObject(REPEATED);
    // Two tokens are left of the burst: the five refusals took none.
    ok(await text(alice.socket, room, 'not spam', { clientId }));
    ok(await text(alice.socket, room, 'still not spam'));
    expect(await text(alice.socket, room, 'one too fast')).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', limit: 'send' },
    });
  });

  it('applies to v1 sends, refused rate_limited', async () => {
    const { url } = await serverWith({ sendBurst: 100 });
    const room = newRoom();
    const { socket } = await joined(url, room);
    const send = () => socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: 'v1 spam' });
    for (let i = 0; i < REPEAT_MAX; i++) expect(await send()).toMatchObject({ ok: true });
    expect(await send()).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', retryAfterMs: expect.any(Number) },
    });
  });

  it('does not count reactions as text', async () => {
    const { url } = await serverWith({ sendBurst: 100, reactionsPerMinute: 100 });
    const room = newRoom();
    const alice = await joinedV2(url, room);
    const first = await text(alice.socket, room, 'same');
    if (!first.ok) throw new Error('refused');
    for (let i = 0; i < REPEAT_MAX + 1; i++) {
      const on = i % 2 === 0;
      ok(
        await alice.socket.emitWithAck(ClientEvent.MessagePost, {
          room,
          clientId: newClientId(),
          kind: 'reaction',
          body: { target: first.message.id, emoji: '👍', on },
        }),
      );
    }
    ok(await text(alice.socket, room, 'same'));
  });

  it('counts a send retried with its clientId once, as the client’s outbox retries one refused for a rate', async () => {
    const stores = createMemoryStores(loadConfig({ STORAGE: 'memory' }));
    const { url } = await serverWith({ sendBurst: 100 }, stores);
    const room = newRoom();
    const alice = await joinedV2(url, room);
    await stores.moderation.setRoomMode(room, { slowModeSeconds: 1 });
    ok(await text(alice.socket, room, 'ok'));
    const clientId = newClientId();
    const slowed = await text(alice.socket, room, 'ok', { clientId });
    expect(slowed).toMatchObject({ ok: false, error: { limit: 'slow_mode' } });
    await sleep(1050);
    ok(await text(alice.socket, room, 'ok', { clientId }));
    await sleep(1050);
    // The third 'ok', though the relay was asked four times.
    ok(await text(alice.socket, room, 'ok'));
    await sleep(1050);
    expect(await text(alice.socket, room, 'ok')).toMatchObject(REPEATED);
  });
});
