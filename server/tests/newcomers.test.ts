/**
 * New identities earn trust (issue #11): for its first NEWCOMER_MINUTES an identity sends
 * slowly, posts no links and writes into a lane of its own, so that a crowd of fresh tokens
 * cannot drown a room or push its history out of a newcomer's view. Run at the defaults.
 */
import { describe, expect, it } from 'vitest';
import { ClientEvent } from '../../protocol/index.ts';
import { loadConfig } from '../config.ts';
import { userIdFromToken } from '../identity.ts';
import { createMemoryStores } from '../stores/memory.ts';
import { connect, connecting, joined, newClientId, newRoom, newToken, outcome, serversPerTest } from './harness.ts';

const serverWith = serversPerTest();
const defaults = loadConfig({});
const HOUR = 3_600_000;

/** A relay at the default hold-back and per-address budgets, and a way to make veterans. */
async function relay(overrides = {}) {
  const config = { ...defaults, ...overrides };
  const stores = createMemoryStores(config);
  const server = await serverWith(
    {
      newcomerMinutes: defaults.newcomerMinutes,
      newIdentitiesPerIp: defaults.newIdentitiesPerIp,
      maxConnectionsPerIp: defaults.maxConnectionsPerIp,
      ...overrides,
    },
    stores,
  );
  /** A token this relay first saw an hour ago. */
  const veteran = async (): Promise<string> => {
    const token = newToken();
    await stores.identities.record(userIdFromToken(token), Date.now() - HOUR);
    return token;
  };
  return { server, veteran };
}

describe('a newcomer', () => {
  it('is told in the join answer how long it is held back, and a veteran is not', async () => {
    const { server, veteran } = await relay();
    const room = newRoom();
    const fresh = await connect(server.url);
    const answer = await fresh.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(answer).toMatchObject({ ok: true, newcomer: { messagesPerMinute: defaults.newcomerMessagesPerMinute } });
    const endsInMs = answer.ok ? (answer.newcomer?.endsInMs ?? 0) : 0;
    expect(endsInMs).toBeGreaterThan(defaults.newcomerMinutes * 60_000 - 5000);
    expect(endsInMs).toBeLessThanOrEqual(defaults.newcomerMinutes * 60_000);

    const old = await connect(server.url, { token: await veteran() });
    const oldAnswer = await old.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(oldAnswer.ok && 'newcomer' in oldAnswer).toBe(false);
  });

  it('sends two at once and then at its slower rate, room messages and DMs alike', async () => {
    const { server, veteran } = await relay();
    const room = newRoom();
    const bob = await joined(server.url, room, { token: await veteran(), name: 'Bob' });
    const fresh = await joined(server.url, room, { name: 'Fresh' });
    const send = (text: string) =>
      fresh.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text });
    expect(await send('one')).toMatchObject({ ok: true });
    const dm = await fresh.socket.emitWithAck(ClientEvent.DmSend, {
      room,
      to: bob.self.id,
      clientId: newClientId(),
      text: 'two',
    });
    expect(dm).toMatchObject({ ok: true });
    const third = await send('three');
    expect(third).toMatchObject({ ok: false, error: { code: 'rate_limited', limit: 'newcomer_send' } });
    const waitMs = third.ok ? 0 : (third.error.retryAfterMs ?? 0);
    expect(waitMs).toBeGreaterThan(5000);
    expect(waitMs).toBeLessThanOrEqual(60_000 / defaults.newcomerMessagesPerMinute);
    // The veteran is not slowed.
    for (let i = 0; i < 5; i++) {
      const said = await bob.socket.emitWithAck(ClientEvent.MessageSend, {
        room,
        clientId: newClientId(),
        text: `b${i}`,
      });
      expect(said).toMatchObject({ ok: true });
    }
  });

  it('may not post a link until it is trusted; a veteran may', async () => {
    const { server, veteran } = await relay();
    const room = newRoom();
    const fresh = await joined(server.url, room);
    const refused = await fresh.socket.emitWithAck(ClientEvent.MessageSend, {
      room,
      clientId: newClientId(),
      text: 'cheap stuff at www.example.com',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', limit: 'newcomer_links' } });
    expect(refused.ok ? 0 : refused.error.retryAfterMs).toBeGreaterThan(defaults.newcomerMinutes * 60_000 - 5000);
    // A refused send costs no newcomer token: two plain messages still go through at once.
    for (const text of ['plain one', 'plain two']) {
      expect(
        await fresh.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text }),
      ).toMatchObject({
        ok: true,
      });
    }
    const old = await joined(server.url, room, { token: await veteran() });
    const link = { room, clientId: newClientId(), text: 'docs at https://example.com/guide' };
    expect(await old.socket.emitWithAck(ClientEvent.MessageSend, link)).toMatchObject({ ok: true });
  });
});

describe('a crowd of fresh identities', () => {
  it('cannot hide a room’s real history from a newcomer', { timeout: 30_000 }, async () => {
    // A short history per room, so that without the lanes the spam would push the room out.
    const { server, veteran } = await relay({ historyPerRoom: 40, sendBurst: 100 });
    const room = newRoom();
    const regular = await joined(server.url, room, { token: await veteran(), name: 'Regular' });
    const real: string[] = [];
    for (let i = 0; i < 30; i++) {
      const text = `real ${i}`;
      const said = await regular.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text });
      expect(said).toMatchObject({ ok: true });
      real.push(text);
    }

    // Fresh tokens from one address until the relay refuses one, each spamming ten messages.
    let spam = 0;
    let identities = 0;
    for (;;) {
      const attempt = connecting(server.url, { name: `Spam ${identities}` });
      const result = await outcome(attempt);
      if (result.kind !== 'connected') {
        expect(result).toMatchObject({
          kind: 'refused',
          message: 'rate_limited',
          data: { code: 'rate_limited', limit: 'new_identities_per_address' },
        });
        break;
      }
      identities++;
      await attempt.emitWithAck(ClientEvent.RoomJoin, { room });
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          attempt.emitWithAck(ClientEvent.MessageSend, {
            room,
            clientId: newClientId(),
            text: `spam ${identities}-${i}`,
          }),
        ),
      );
      spam += answers.filter((answer) => answer.ok).length;
    }
    expect(identities).toBe(defaults.newIdentitiesPerIp);
    expect(spam).toBeLessThanOrEqual(2 * identities);

    const reader = await connect(server.url, { token: await veteran(), name: 'Reader' });
    const view = await reader.emitWithAck(ClientEvent.RoomJoin, { room });
    if (!view.ok) throw new Error(view.error.message);
    const texts = view.history.map((message) => message.text);
    expect(texts.filter((text) => text.startsWith('real'))).toEqual(real);
    expect(texts.filter((text) => text.startsWith('spam')).length).toBeLessThanOrEqual(defaults.joinHistoryLimit / 5);
  });
});
