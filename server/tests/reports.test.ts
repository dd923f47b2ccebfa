/**
 * `report:send` (issue #14, docs/protocol.md "Moderation and consent") against the real relay:
 * who may report whom and in which room, what a report keeps (the room message as the history
 * holds it, a DM's words only when given), its budget, and that v1 has no such request.
 */
import { describe, expect, it } from 'vitest';
import {
  ClientEvent,
  REPORT_NOTE_MAX_CHARS,
  type Envelope,
  type MessagePostAnswer,
  type ReportSendRequest,
} from '../../protocol/index.ts';
import { loadConfig } from '../config.ts';
import { userIdFromToken } from '../identity.ts';
import { createMemoryStores } from '../stores/memory.ts';
import type { Stores } from '../stores/types.ts';
import { type ClientV2, joined, joinedV2, newClientId, newRoom, newToken, raw, serversPerTest } from './harness.ts';

const serverWith = serversPerTest();

async function relay(overrides: Parameters<typeof serverWith>[0] = {}): Promise<{ url: string; stores: Stores }> {
  const stores = createMemoryStores(loadConfig({ STORAGE: 'memory' }));
  const { url } = await serverWith(overrides, stores);
  return { url, stores };
}

const report = (socket: ClientV2, request: ReportSendRequest) => socket.emitWithAck(ClientEvent.ReportSend, request);

function accepted(answer: MessagePostAnswer): Envelope {
  if (!answer.ok) throw new Error(`post refused: ${answer.error.code}: ${answer.error.message}`);
  return answer.message;
}

const post = (socket: ClientV2, room: string, text: string, to?: string) =>
  socket
    .emitWithAck(ClientEvent.MessagePost, {
      room,
      clientId: newClientId(),
      kind: 'text',
      body: { text },
      ...(to === undefined ? {} : { to }),
    })
    .then(accepted);

describe('report:send', () => {
  it('keeps a room message with the report as the history holds it, edits included', async () => {
    const { url, stores } = await relay();
    const room = newRoom();
    const tokens = { alice: newToken(), bob: newToken() };
    const alice = await joinedV2(url, room, { name: 'Alice', token: tokens.alice });
    const bob = await joinedV2(url, room, { name: 'Bob', token: tokens.bob });
    const message = await post(bob.socket, room, 'something nasty');
    await bob.socket.emitWithAck(ClientEvent.MessagePost, {
      room,
      clientId: newClientId(),
      kind: 'edit',
      body: { target: message.id, text: 'something nastier' },
    });
    const answer = await report(alice.socket, {
      room,
      user: bob.self.id,
      reason: 'harassment',
      note: 'he keeps at it',
      messageId: message.id,
    });
    expect(answer).toEqual({ ok: true, id: expect.any(String) });
    const [kept, ...others] = await stores.moderation.reports({ limit: 10 });
    expect(others).toEqual([]);
    expect(kept).toMatchObject({
      id: answer.ok ? answer.id : '',
      room,
      // The people, not their ids in the room: an operator bans the person.
      reported: userIdFromToken(tokens.bob),
      reporter: userIdFromToken(tokens.alice),
      reason: 'harassment',
      note: 'he keeps at it',
      messageId: message.id,
      dm: false,
      message: { id: message.id, from: bob.self, body: { text: 'something nastier' }, reactions: [] },
    });
    expect(kept?.text).toBeUndefined();
    expect(Math.abs((kept?.at ?? 0) - Date.now())).toBeLessThan(5000);
  });

  it('reports a person alone, and a message the history no longer holds by its id', async () => {
    const { url, stores } = await relay();
    const room = newRoom();
    const alice = await joinedV2(url, room);
    const bob = await joinedV2(url, room);
    expect(await report(alice.socket, { room, user: bob.self.id, reason: 'spam' })).toMatchObject({ ok: true });
    const gone = '0mx7edt140000dcc7';
    expect(await report(alice.socket, { room, user: bob.self.id, reason: 'spam', messageId: gone })).toMatchObject({
      ok: true,
    });
    const [byId, alone] = await stores.moderation.reports({ limit: 10 });
    expect(byId).toMatchObject({ messageId: gone, dm: false });
    expect(byId?.message).toBeUndefined();
    expect(alone?.messageId).toBeUndefined();
  });

  it('refuses a message that is not the reported person’s, a report of oneself, and text without dm', async () => {
    const { url, stores } = await relay();
    const room = newRoom();
    const alice = await joinedV2(url, room);
    const bob = await joinedV2(url, room);
    const alices = await post(alice.socket, room, 'mine');
    const badRequest = (words: string) => ({
      ok: false,
      error: { code: 'bad_request', message: expect.stringContaining(words) },
    });
    expect(await report(alice.socket, { room, user: bob.self.id, reason: 'spam', messageId: alices.id })).toEqual(
      badRequest('not from the person reported'),
    );
    expect(await report(alice.socket, { room, user: alice.self.id, reason: 'spam' })).toEqual(badRequest('yourself'));
    expect(await report(alice.socket, { room, user: bob.self.id, reason: 'spam', text: 'words' })).toEqual(
      badRequest('text'),
    );
    expect(
      await report(alice.socket, {
        room,
        user: bob.self.id,
        reason: 'spam',
        note: 'x'.repeat(REPORT_NOTE_MAX_CHARS + 1),
      }),
    ).toEqual(badRequest('note'));
    expect(await raw(alice.socket, ClientEvent.ReportSend, { room, user: bob.self.id, reason: 'rude' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await stores.moderation.reports({ limit: 10 })).toEqual([]);
  });

  it('takes a note of REPORT_NOTE_MAX_CHARS code points, emoji counted as one', async () => {
    const { url, stores } = await relay();
    const room = newRoom();
    const alice = await joinedV2(url, room);
    const bob = await joinedV2(url, room);
    const note = '😡'.repeat(REPORT_NOTE_MAX_CHARS);
    expect(await report(alice.socket, { room, user: bob.self.id, reason: 'other', note })).toMatchObject({ ok: true });
    expect((await stores.moderation.reports({ limit: 1 }))[0]?.note).toBe(note);
  });

  it('keeps a DM’s words only when the reporter includes them', async () => {
    const { url, stores } = await relay();
    const room = newRoom();
    const alice = await joinedV2(url, room);
    const bob = await joinedV2(url, room);
    const sent = await post(bob.socket, room, 'a rude DM', alice.self.id);
    const base = { room, user: bob.self.id, reason: 'harassment' as const, messageId: sent.id, dm: true };
    expect(await report(alice.socket, base)).toMatchObject({ ok: true });
    expect(await report(alice.socket, { ...base, text: 'a rude DM' })).toMatchObject({ ok: true });
    const [withText, withoutText] = await stores.moderation.reports({ limit: 10 });
    expect(withText).toMatchObject({ dm: true, messageId: sent.id, text: 'a rude DM' });
    expect(withText?.message).toBeUndefined();
    expect(withoutText).toMatchObject({ dm: true, messageId: sent.id });
    expect(withoutText?.text).toBeUndefined();
  });

  it('needs the room joined, or a conversation with the person there', async () => {
    const { url } = await relay();
    const room = newRoom();
    const alice = await joinedV2(url, room);
    const bob = await joinedV2(url, room);
    const carol = await joinedV2(url, room);
    await post(bob.socket, room, 'hello', alice.self.id);
    await alice.socket.emitWithAck(ClientEvent.RoomLeave, { room });
    // Alice left, but her conversation with Bob goes on: she may report him, not Carol.
    expect(await report(alice.socket, { room, user: bob.self.id, reason: 'spam' })).toMatchObject({ ok: true });
    expect(await report(alice.socket, { room, user: carol.self.id, reason: 'spam' })).toMatchObject({
      ok: false,
      error: { code: 'not_joined' },
    });
    const stranger = await joinedV2(url, newRoom());
    expect(await report(stranger.socket, { room, user: bob.self.id, reason: 'spam' })).toMatchObject({
      ok: false,
      error: { code: 'not_joined' },
    });
  });

  it('draws on REPORTS_PER_HOUR, refused rate_limited with limit reports', async () => {
    const { url, stores } = await relay({ reportsPerHour: 2 });
    const room = newRoom();
    const alice = await joinedV2(url, room);
    const bob = await joinedV2(url, room);
    expect(await report(alice.socket, { room, user: bob.self.id, reason: 'spam' })).toMatchObject({ ok: true });
    expect(await report(alice.socket, { room, user: bob.self.id, reason: 'spam' })).toMatchObject({ ok: true });
    const third = await report(alice.socket, { room, user: bob.self.id, reason: 'spam' });
    expect(third).toMatchObject({ ok: false, error: { code: 'rate_limited', limit: 'reports' } });
    if (third.ok) throw new Error('unreachable');
    expect(third.error.retryAfterMs).toBeGreaterThan(60_000);
    expect(await stores.moderation.reports({ limit: 10 })).toHaveLength(2);
  });

  it('is protocol v2: a v1 connection is answered bad_request', async () => {
    const { url } = await relay();
    const room = newRoom();
    const v1 = await joined(url, room);
    const answer = await raw(v1.socket, ClientEvent.ReportSend, {
      room,
      user: newToken().slice(0, 22),
      reason: 'spam',
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('v2') } });
  });
});
