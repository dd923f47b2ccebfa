/**
 * Protocol v2's one message model (issue #12, docs/protocol.md "Protocol v2") against the real
 * relay: every kind posted through `message:post` in rooms and DMs, who may change what, the
 * history folded, v1 clients served alongside, retries and the reaction budget.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClientEvent,
  EDIT_WINDOW_MS,
  MENTIONS_MAX,
  ServerEvent,
  type Bodies,
  type Envelope,
  type Kind,
  type Message,
  type MessagePostAnswer,
  type RoomKey,
} from '../../protocol/index.ts';
import { userIdFromToken } from '../identity.ts';
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
  reachedRedis,
} from './harness.ts';
import { startRedis, type TestRedis } from './redis-server.ts';

const server = serverForFile();
const serverWith = serversPerTest();

/** Posts one envelope's worth from `socket`; `to` makes it a DM. */
function post<K extends Kind>(
  socket: ClientV2,
  room: RoomKey,
  kind: K,
  body: Bodies[K],
  { to, clientId = newClientId() }: { to?: string; clientId?: string } = {},
): Promise<MessagePostAnswer> {
  const request = { room, clientId, kind, body, ...(to === undefined ? {} : { to }) };
  return socket.emitWithAck(ClientEvent.MessagePost, request as never);
}

/** The envelope of an accepted post; fails the test with the refusal otherwise. */
function accepted(answer: MessagePostAnswer): Envelope {
  if (!answer.ok) throw new Error(`post refused: ${answer.error.code}: ${answer.error.message}`);
  return answer.message;
}

const refusal = (code: string, message: RegExp | string) => ({
  ok: false,
  error: {
    code,
    message: typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message),
  },
});

/** The room's history as `socket` reads it through `room:history`. */
async function historyOf(socket: ClientV2, room: RoomKey): Promise<Message[]> {
  const answer = await socket.emitWithAck(ClientEvent.RoomHistory, { room });
  if (!answer.ok) throw new Error(`history refused: ${answer.error.message}`);
  return answer.messages;
}

/** Ann and Bob (v2) in a fresh room, and Cy, a v1 client, with them; each with its token, to come back. */
async function room(url = server.url) {
  const key = newRoom();
  const tokens = { ann: newToken(), bob: newToken() };
  const ann = await joinedV2(url, key, { name: 'Ann', token: tokens.ann });
  const bob = await joinedV2(url, key, { name: 'Bob', token: tokens.bob });
  const cy = await joined(url, key, { name: 'Cy' });
  return { key, tokens, ann, bob, cy };
}

/** A message as anyone sees it, without which reactions are the viewer's own. */
const unmarked = ({ reactions, ...message }: Message) => ({
  ...message,
  reactions: reactions.map(({ emoji, count }) => ({ emoji, count })),
});

describe('session:welcome', () => {
  it('tells a v2 connection, first, the kinds this relay accepts, the edit window and who it is; v1 gets none', async () => {
    const token = newToken();
    const { welcome } = await connectV2(server.url, { name: '  Ann  ', token });
    const { self } = await joinedV2(server.url, newRoom(), { name: 'Ann', token });
    expect(welcome).toEqual({
      v: 2,
      kinds: ['text', 'image', 'reaction', 'edit', 'delete'],
      editWindowMs: EDIT_WINDOW_MS,
      user: { id: userIdFromToken(token), name: 'Ann' },
    });
    // The room is shown an id of its own, never the person's.
    expect(self.id).not.toBe(userIdFromToken(token));
    const v1 = await joined(server.url, newRoom());
    const welcomes = record(v1.socket, ServerEvent.SessionWelcome);
    await sleep(100);
    expect(welcomes).toEqual([]);
  });

  it('refuses a kind it does not list, naming the field, instead of leaving the client waiting', async () => {
    const { key, ann } = await room();
    const answer = await raw(ann.socket, ClientEvent.MessagePost, {
      room: key,
      clientId: newClientId(),
      kind: 'poll',
      body: { question: 'lunch?' },
    });
    expect(answer).toEqual(refusal('bad_request', /^kind\b/));
  });

  it('refuses message:post from a v1 connection, saying it is v2', async () => {
    const { key, cy } = await room();
    const answer = await raw(cy.socket, ClientEvent.MessagePost, {
      room: key,
      clientId: newClientId(),
      kind: 'text',
      body: { text: 'hi' },
    });
    expect(answer).toEqual(refusal('bad_request', 'protocol v2'));
  });
});

describe('text', () => {
  it('goes to the room as an envelope for v2 and as a v1 message for v1, not back to its sender', async () => {
    const { key, ann, bob, cy } = await room();
    const atAnn = record(ann.socket, ServerEvent.MessagePosted);
    const atBob = next(bob.socket, ServerEvent.MessagePosted);
    const atCy = next(cy.socket, ServerEvent.MessageNew);
    const cyEnvelopes = record(cy.socket, ServerEvent.MessagePosted);
    const bobV1 = record(bob.socket, ServerEvent.MessageNew);
    const sent = accepted(await post(ann.socket, key, 'text', { text: 'hello' }));
    expect(sent).toEqual({
      id: expect.any(String),
      clientId: expect.any(String),
      room: key,
      from: ann.self,
      at: expect.any(Number),
      kind: 'text',
      body: { text: 'hello' },
    });
    expect(await atBob).toEqual(sent);
    expect(await atCy).toEqual({
      id: sent.id,
      clientId: sent.clientId,
      room: key,
      from: ann.self,
      at: sent.at,
      text: 'hello',
    });
    await sleep(50);
    expect([atAnn, cyEnvelopes, bobV1]).toEqual([[], [], []]);
  });

  it('keeps mentions as user ids, at most MENTIONS_MAX, each once', async () => {
    const { key, ann, bob } = await room();
    const sent = accepted(await post(ann.socket, key, 'text', { text: 'hi Bob', mentions: [bob.self.id] }));
    expect(sent.body).toEqual({ text: 'hi Bob', mentions: [bob.self.id] });
    const many = Array.from({ length: MENTIONS_MAX + 1 }, (_, n) => `user${String(n).padStart(12, '0')}`);
    expect(await post(ann.socket, key, 'text', { text: 'all', mentions: many })).toEqual(
      refusal('bad_request', /^body\.mentions\b/),
    );
    expect(await post(ann.socket, key, 'text', { text: 'x', mentions: [bob.self.id, bob.self.id] })).toEqual(
      refusal('bad_request', /^body\.mentions\b/),
    );
    expect(await post(ann.socket, key, 'text', { text: 'x', mentions: ['@Bob'] })).toEqual(
      refusal('bad_request', /^body\.mentions\b/),
    );
  });

  it("fills a reply's author and snippet from the history, whatever the client claimed", async () => {
    const { key, ann, bob } = await room();
    const long = `${'a'.repeat(150)} end`;
    const original = accepted(await post(ann.socket, key, 'text', { text: long }));
    const reply = accepted(
      await post(bob.socket, key, 'text', {
        text: 'agreed',
        reply: { id: original.id, from: bob.self, snippet: 'words Ann never wrote' },
      }),
    );
    expect(reply.body).toEqual({
      text: 'agreed',
      reply: { id: original.id, from: ann.self, snippet: `${'a'.repeat(140)}…` },
    });
    const orphan = accepted(
      await post(bob.socket, key, 'text', { text: 'huh', reply: { id: 'gone1234', snippet: 'made up' } }),
    );
    expect(orphan.body).toEqual({ text: 'huh', reply: { id: 'gone1234' } });
    expect(await post(bob.socket, key, 'text', { text: 'x', reply: { id: 'has spaces' } })).toEqual(
      refusal('bad_request', /^body\.reply\.id\b/),
    );
  });

  it("relays a DM reply with its original's id only: the reader fills the preview from its own conversation", async () => {
    const { key, ann, bob } = await room();
    const arrives = next(bob.socket, ServerEvent.MessagePosted);
    const forged = { id: 'm1234567', from: bob.self, snippet: 'words Bob never wrote' };
    const sent = accepted(
      await post(ann.socket, key, 'text', { text: 'you said it', reply: forged }, { to: bob.self.id }),
    );
    expect(sent.body).toEqual({ text: 'you said it', reply: { id: 'm1234567' } });
    expect((await arrives).body).toEqual({ text: 'you said it', reply: { id: 'm1234567' } });
  });

  it('carries a page quote like any text, and refuses one that breaks its rules', async () => {
    const { key, ann, bob } = await room();
    const arrives = next(bob.socket, ServerEvent.MessagePosted);
    const quote = { text: 'the passage', prefix: 'before', suffix: 'after' };
    const sent = accepted(await post(ann.socket, key, 'text', { text: 'look', quote }));
    expect((await arrives).body).toEqual({ text: 'look', quote });
    expect(sent.body).toEqual({ text: 'look', quote });
    expect(await post(ann.socket, key, 'text', { text: 'x', quote: { text: 'two\nlines' } })).toEqual(
      refusal('bad_request', /^body\.quote\.text\b/),
    );
    expect(await post(ann.socket, key, 'text', { text: 'x', quote: { text: 'q', url: 'https://x' } as never })).toEqual(
      refusal('bad_request', /^body\.quote\b/),
    );
  });

  it('goes as a DM to the addressee in the shape of each connection, and is not kept', async () => {
    const { key, ann, bob, cy } = await room();
    const atBob = next(bob.socket, ServerEvent.MessagePosted);
    const sent = accepted(await post(ann.socket, key, 'text', { text: 'psst' }, { to: bob.self.id }));
    expect(sent).toMatchObject({ to: bob.self.id, kind: 'text', body: { text: 'psst' } });
    expect(await atBob).toEqual(sent);
    const atCy = next(cy.socket, ServerEvent.DmNew);
    const toCy = accepted(await post(ann.socket, key, 'text', { text: 'hey Cy' }, { to: cy.self.id }));
    expect(await atCy).toEqual({
      id: toCy.id,
      clientId: toCy.clientId,
      room: key,
      from: ann.self,
      to: cy.self.id,
      at: toCy.at,
      text: 'hey Cy',
    });
    expect(await historyOf(ann.socket, key)).toEqual([]);
    expect(await post(ann.socket, key, 'text', { text: 'me' }, { to: ann.self.id })).toEqual(
      refusal('bad_request', 'yourself'),
    );
  });
});

describe('edit and delete', () => {
  it("refuse another's message, and leave it as it was", async () => {
    const { key, ann, bob } = await room();
    const original = accepted(await post(ann.socket, key, 'text', { text: 'mine' }));
    expect(await post(bob.socket, key, 'edit', { target: original.id, text: 'yours now' })).toEqual(
      refusal('bad_request', 'only its author can edit'),
    );
    expect(await post(bob.socket, key, 'delete', { target: original.id })).toEqual(
      refusal('bad_request', 'only its author can delete'),
    );
    expect((await historyOf(ann.socket, key)).map((m) => m.body)).toEqual([{ text: 'mine' }]);
  });

  it('refuse a message the room does not keep', async () => {
    const { key, ann } = await room();
    const elsewhere = newRoom();
    await ann.socket.emitWithAck(ClientEvent.RoomJoin, { room: elsewhere });
    const there = accepted(await post(ann.socket, elsewhere, 'text', { text: 'there' }));
    for (const target of ['nosuchid', there.id]) {
      expect(await post(ann.socket, key, 'edit', { target, text: 'x' })).toEqual(
        refusal('bad_request', 'not in this room'),
      );
      expect(await post(ann.socket, key, 'delete', { target })).toEqual(refusal('bad_request', 'not in this room'));
      expect(await post(ann.socket, key, 'reaction', { target, emoji: '👍', on: true })).toEqual(
        refusal('bad_request', 'not in this room'),
      );
    }
  });

  it('edit the text (and mentions) of your own message for everyone, shown as edited', async () => {
    const { key, ann, bob } = await room();
    const original = accepted(await post(ann.socket, key, 'text', { text: 'helo', mentions: [bob.self.id] }));
    const arrives = next(bob.socket, ServerEvent.MessagePosted);
    const edit = accepted(await post(ann.socket, key, 'edit', { target: original.id, text: 'hello' }));
    expect(edit).toMatchObject({ kind: 'edit', from: ann.self, body: { target: original.id, text: 'hello' } });
    expect(await arrives).toEqual(edit);
    const [message] = await historyOf(bob.socket, key);
    expect(message).toEqual({ ...original, body: { text: 'hello' }, editedAt: edit.at, reactions: [] });
  });

  it('refuse an edit after the 15-minute window, and allow one at its end', async () => {
    let clock = Date.now();
    const { url } = await serverWith({}, undefined, { now: () => clock });
    const { key, ann } = await room(url);
    const original = accepted(await post(ann.socket, key, 'text', { text: 'first' }));
    clock += EDIT_WINDOW_MS;
    accepted(await post(ann.socket, key, 'edit', { target: original.id, text: 'second' }));
    clock += 1;
    expect(await post(ann.socket, key, 'edit', { target: original.id, text: 'third' })).toEqual(
      refusal('bad_request', 'can be edited for 15 minutes'),
    );
    // Deleting has no window.
    clock += 86_400_000;
    accepted(await post(ann.socket, key, 'delete', { target: original.id }));
    const [message] = await historyOf(ann.socket, key);
    expect(message).toMatchObject({ id: original.id, body: null, deletedAt: clock });
  });

  it('delete your own message for everyone: a tombstone in v2 history, gone from v1 history', async () => {
    const { key, ann, bob, cy } = await room();
    const kept = accepted(await post(ann.socket, key, 'text', { text: 'stays' }));
    const original = accepted(await post(ann.socket, key, 'text', { text: 'oops' }));
    accepted(await post(bob.socket, key, 'reaction', { target: original.id, emoji: '😀', on: true }));
    const arrives = next(bob.socket, ServerEvent.MessagePosted);
    const deletion = accepted(await post(ann.socket, key, 'delete', { target: original.id }));
    expect(await arrives).toEqual(deletion);
    const history = await historyOf(bob.socket, key);
    expect(history[1]).toEqual({
      id: original.id,
      clientId: original.clientId,
      room: key,
      from: ann.self,
      at: original.at,
      kind: 'text',
      body: null,
      deletedAt: deletion.at,
      reactions: [],
    });
    const v1 = await cy.socket.emitWithAck(ClientEvent.RoomHistory, { room: key });
    expect(v1.ok && v1.messages.map((m) => m.text)).toEqual(['stays']);
    expect(v1.ok && v1.messages[0]?.id).toBe(kept.id);
    for (const change of [
      post(ann.socket, key, 'edit', { target: original.id, text: 'back' }),
      post(ann.socket, key, 'delete', { target: original.id }),
      post(bob.socket, key, 'reaction', { target: original.id, emoji: '👍', on: true }),
    ])
      expect(await change).toEqual(refusal('bad_request', 'was deleted'));
  });
});

describe('reactions', () => {
  it('count once per person and emoji, toggle off, and say the count after each change', async () => {
    const { key, ann, bob } = await room();
    const target = accepted(await post(ann.socket, key, 'text', { text: 'react to me' })).id;
    const react = (who: ClientV2, emoji: string, on: boolean) =>
      post(who, key, 'reaction', { target, emoji, on }).then(accepted);
    expect((await react(ann.socket, '👍', true)).body).toEqual({ target, emoji: '👍', on: true, count: 1 });
    const seen = next(ann.socket, ServerEvent.MessagePosted);
    expect((await react(bob.socket, '👍', true)).body).toMatchObject({ count: 2 });
    expect((await seen).body).toMatchObject({ emoji: '👍', on: true, count: 2 });
    expect((await react(bob.socket, '👍', true)).body).toMatchObject({ count: 2 });
    expect((await react(bob.socket, '🎉', true)).body).toMatchObject({ count: 1 });

    expect((await historyOf(ann.socket, key))[0]?.reactions).toEqual([
      { emoji: '👍', count: 2, mine: true },
      { emoji: '🎉', count: 1, mine: false },
    ]);
    expect((await historyOf(bob.socket, key))[0]?.reactions).toEqual([
      { emoji: '👍', count: 2, mine: true },
      { emoji: '🎉', count: 1, mine: true },
    ]);

    expect((await react(ann.socket, '👍', false)).body).toMatchObject({ on: false, count: 1 });
    expect((await react(ann.socket, '👍', false)).body).toMatchObject({ count: 1 });
    expect((await react(bob.socket, '🎉', false)).body).toMatchObject({ count: 0 });
    expect((await historyOf(ann.socket, key))[0]?.reactions).toEqual([{ emoji: '👍', count: 1, mine: false }]);
  });

  it('refuse what is not one emoji', async () => {
    const { key, ann } = await room();
    const target = accepted(await post(ann.socket, key, 'text', { text: 'x' })).id;
    for (const emoji of ['', 'ok', '👍👍', '<b>'])
      expect(await post(ann.socket, key, 'reaction', { target, emoji, on: true })).toEqual(
        refusal('bad_request', /^body\.emoji\b/),
      );
  });

  it('go to a DM as posted, without a count (one the client sent is dropped), since the relay keeps no DM', async () => {
    const { key, ann, bob } = await room();
    const dm = accepted(await post(ann.socket, key, 'text', { text: 'private' }, { to: bob.self.id }));
    const arrives = next(ann.socket, ServerEvent.MessagePosted);
    const reaction = accepted(
      await post(bob.socket, key, 'reaction', { target: dm.id, emoji: '👍', on: true, count: 99 }, { to: ann.self.id }),
    );
    expect(reaction.body).toEqual({ target: dm.id, emoji: '👍', on: true });
    expect(await arrives).toEqual(reaction);
  });

  it(`have their own budget, REACTIONS_PER_MINUTE, refused as rate_limited "react"; sends go on`, async () => {
    const { url } = await serverWith({ reactionsPerMinute: 3 });
    const { key, ann } = await room(url);
    const target = accepted(await post(ann.socket, key, 'text', { text: 'x' })).id;
    for (const emoji of ['👍', '🎉', '😀'])
      accepted(await post(ann.socket, key, 'reaction', { target, emoji, on: true }));
    const refused = await post(ann.socket, key, 'reaction', { target, emoji: '👀', on: true });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'rate_limited',
        message: expect.stringContaining('reacting too fast'),
        retryAfterMs: expect.any(Number),
        limit: 'react',
      },
    });
    accepted(await post(ann.socket, key, 'text', { text: 'still talking' }));
    expect((await historyOf(ann.socket, key))[0]?.reactions.map((r) => r.emoji)).toEqual(['👍', '🎉', '😀']);
  });
});

describe('images', () => {
  async function uploadTo(url: string, key: RoomKey, token: string): Promise<string> {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
      .png()
      .toBuffer();
    const response = await fetch(`${url}/images?room=${key}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: new Uint8Array(png),
    });
    const answer = (await response.json()) as { ok: boolean; image: { id: string } };
    if (!answer.ok) throw new Error(`upload refused: ${JSON.stringify(answer)}`);
    return answer.image.id;
  }

  it("post the uploader's own image with the sizes the relay measured, not in DMs, and delete it", async () => {
    const { key, tokens, ann, bob } = await room();
    const id = await uploadTo(server.url, key, tokens.ann);
    const claimed = { id, width: 4000, height: 4000, thumbWidth: 1, thumbHeight: 1, alt: 'a red square' };
    expect(await post(bob.socket, key, 'image', claimed)).toEqual(refusal('bad_request', /^body\.id\b/));
    expect(await post(ann.socket, key, 'image', claimed, { to: bob.self.id })).toEqual(
      refusal('bad_request', 'cannot be sent in a DM'),
    );
    const arrives = next(bob.socket, ServerEvent.MessagePosted);
    const image = accepted(await post(ann.socket, key, 'image', claimed));
    expect(image.body).toEqual({ id, width: 40, height: 30, thumbWidth: 40, thumbHeight: 30, alt: 'a red square' });
    expect(await arrives).toEqual(image);
    expect(await post(ann.socket, key, 'edit', { target: image.id, text: 'caption' })).toEqual(
      refusal('bad_request', 'only text messages'),
    );
    accepted(await post(ann.socket, key, 'delete', { target: image.id }));
    expect((await historyOf(bob.socket, key))[0]).toMatchObject({ kind: 'image', body: null });
    expect((await fetch(`${server.url}/images/${id}`)).status).toBe(404);
  });
});

describe('history, folded', () => {
  it('gives a newcomer and a reconnecting client each message in the same current state', async () => {
    const { key, tokens, ann, bob } = await room();
    const first = accepted(await post(ann.socket, key, 'text', { text: 'one' }));
    const second = accepted(await post(bob.socket, key, 'text', { text: 'two', reply: { id: first.id } }));
    const third = accepted(await post(ann.socket, key, 'text', { text: 'three' }));
    accepted(await post(ann.socket, key, 'edit', { target: first.id, text: 'one, edited' }));
    accepted(await post(bob.socket, key, 'reaction', { target: first.id, emoji: '👍', on: true }));
    accepted(await post(ann.socket, key, 'reaction', { target: second.id, emoji: '🎉', on: true }));
    accepted(await post(ann.socket, key, 'delete', { target: third.id }));

    const newcomer = await joinedV2(server.url, key, { name: 'Dee' });
    ann.socket.disconnect();
    const back = await joinedV2(server.url, key, { name: 'Ann', token: tokens.ann });
    const caughtUp = await back.socket.emitWithAck(ClientEvent.RoomHistory, { room: key, after: first.id });
    const page = await historyOf(newcomer.socket, key);

    expect(newcomer.history).toEqual(page);
    expect(
      page.map(({ id, body, editedAt, deletedAt, reactions }) => ({ id, body, editedAt, deletedAt, reactions })),
    ).toEqual([
      {
        id: first.id,
        body: { text: 'one, edited' },
        editedAt: expect.any(Number),
        deletedAt: undefined,
        reactions: [{ emoji: '👍', count: 1, mine: false }],
      },
      {
        id: second.id,
        body: { text: 'two', reply: { id: first.id, from: ann.self, snippet: 'one' } },
        editedAt: undefined,
        deletedAt: undefined,
        reactions: [{ emoji: '🎉', count: 1, mine: false }],
      },
      { id: third.id, body: null, editedAt: undefined, deletedAt: expect.any(Number), reactions: [] },
    ]);
    expect(back.history.map(unmarked)).toEqual(page.map(unmarked));
    expect(back.history[1]?.reactions).toEqual([{ emoji: '🎉', count: 1, mine: true }]);
    expect(caughtUp.ok && caughtUp.messages).toEqual(back.history.slice(1));
  });

  it('reads the same from SQLite, the default durable store, after a restart', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'samepage-v2-'));
    try {
      const first = await serverWith({ storage: 'sqlite', dataDir });
      const { key, tokens, ann, bob } = await room(first.url);
      const message = accepted(await post(ann.socket, key, 'text', { text: 'durable' }));
      accepted(await post(ann.socket, key, 'edit', { target: message.id, text: 'durable, edited' }));
      accepted(await post(bob.socket, key, 'reaction', { target: message.id, emoji: '👍', on: true }));
      const before = await historyOf(bob.socket, key);
      await first.close();

      const second = await serverWith({ storage: 'sqlite', dataDir });
      const reader = await joinedV2(second.url, key, { name: 'Bob', token: tokens.bob });
      expect(reader.history.map(({ body, reactions }) => ({ body, reactions }))).toEqual([
        { body: { text: 'durable, edited' }, reactions: [{ emoji: '👍', count: 1, mine: true }] },
      ]);
      expect(reader.history).toEqual(before);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('v1 clients beside v2', () => {
  it('send with message:send and read plain text messages, edited text included, nothing else', async () => {
    const { key, ann, bob, cy } = await room();
    const pushed = record(cy.socket, ServerEvent.MessageNew);
    const fromCy = await cy.socket.emitWithAck(ClientEvent.MessageSend, {
      room: key,
      clientId: newClientId(),
      text: 'from v1',
    });
    expect(fromCy).toEqual({
      ok: true,
      message: {
        id: expect.any(String),
        clientId: expect.any(String),
        room: key,
        from: expect.any(Object),
        at: expect.any(Number),
        text: 'from v1',
      },
    });
    const atAnn = await historyOf(ann.socket, key);
    expect(atAnn.map((m) => [m.kind, m.body])).toEqual([['text', { text: 'from v1' }]]);

    const original = accepted(await post(ann.socket, key, 'text', { text: 'draft', mentions: [bob.self.id] }));
    accepted(await post(ann.socket, key, 'edit', { target: original.id, text: 'final' }));
    accepted(await post(bob.socket, key, 'reaction', { target: original.id, emoji: '👍', on: true }));
    const gone = accepted(await post(bob.socket, key, 'text', { text: 'gone' }));
    accepted(await post(bob.socket, key, 'delete', { target: gone.id }));
    await sleep(100);
    expect(pushed.map((m) => m.text)).toEqual(['draft', 'gone']);

    const late = await joined(server.url, key, { name: 'Old' });
    const join = await late.socket.emitWithAck(ClientEvent.RoomJoin, { room: key });
    expect(join.ok && join.history.map((m) => Object.keys(m).sort())).toEqual(
      [0, 1].map(() => ['at', 'clientId', 'from', 'id', 'room', 'text']),
    );
    expect(join.ok && join.history.map((m) => m.text)).toEqual(['from v1', 'final']);
  });
});

describe('retries', () => {
  it('answer the same envelope for the same clientId, delivered once, for every kind', async () => {
    const { key, ann, bob } = await room();
    const posted = record(bob.socket, ServerEvent.MessagePosted);
    const original = accepted(await post(ann.socket, key, 'text', { text: 'original' }));
    const cases: Array<[Kind, Bodies[Kind]]> = [
      ['text', { text: 'again', mentions: [bob.self.id] }],
      ['text', { text: 'a reply', reply: { id: original.id } }],
      ['reaction', { target: original.id, emoji: '👍', on: true }],
      ['edit', { target: original.id, text: 'edited' }],
    ];
    for (const [kind, body] of cases) {
      const clientId = newClientId();
      const first = accepted(await post(ann.socket, key, kind, body, { clientId }));
      const retry = accepted(await post(ann.socket, key, kind, body, { clientId }));
      expect(retry, kind).toEqual(first);
    }
    const clientId = newClientId();
    const removal = accepted(await post(ann.socket, key, 'delete', { target: original.id }, { clientId }));
    expect(accepted(await post(ann.socket, key, 'delete', { target: original.id }, { clientId }))).toEqual(removal);
    expect(await post(ann.socket, key, 'text', { text: 'other' }, { clientId })).toEqual(
      refusal('bad_request', 'clientId was already used'),
    );
    await sleep(100);
    expect(posted).toHaveLength(1 + cases.length + 1);
    expect((await historyOf(ann.socket, key)).map((m) => m.id)).toHaveLength(3);
  });
});

describe('several nodes on one Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.dispose());

  const node = async (): Promise<string> => (await reachedRedis(await serverWith({ redisUrl: redis.url }))).url;

  it('relay envelopes across nodes, count reactions given at once on both, and fold the same history', async () => {
    const [a, b] = [await node(), await node()];
    const key = newRoom();
    const ann = await joinedV2(a, key, { name: 'Ann' });
    const bob = await joinedV2(b, key, { name: 'Bob' });
    const arrives = next(bob.socket, ServerEvent.MessagePosted);
    const message = accepted(await post(ann.socket, key, 'text', { text: 'across' }));
    expect(await arrives).toEqual(message);

    const reactors = await Promise.all(
      Array.from({ length: 6 }, (_, n) => joinedV2(n % 2 === 0 ? a : b, key, { name: `R${n}` })),
    );
    const answers = await Promise.all(
      reactors.map(({ socket }) => post(socket, key, 'reaction', { target: message.id, emoji: '👍', on: true })),
    );
    expect(answers.filter((answer) => !answer.ok)).toEqual([]);
    accepted(await post(bob.socket, key, 'text', { text: 're', reply: { id: message.id } }));
    accepted(await post(ann.socket, key, 'edit', { target: message.id, text: 'across, edited' }));

    const [atA, atB] = [await historyOf(ann.socket, key), await historyOf(bob.socket, key)];
    expect(atA[0]).toMatchObject({ body: { text: 'across, edited' }, reactions: [{ emoji: '👍', count: 6 }] });
    expect(atB.map(unmarked)).toEqual(atA.map(unmarked));
    expect(atB[1]?.body).toEqual({ text: 're', reply: { id: message.id, from: ann.self, snippet: 'across' } });
  });
});
