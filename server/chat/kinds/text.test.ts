import { describe, expect, it } from 'vitest';
import { REPLY_SNIPPET_CHARS, type Envelope } from '../../../protocol/index.ts';
import {
  ALICE,
  BOB,
  CAROL,
  OTHER_ROOM,
  ROOM,
  changeFrom,
  imageFrom,
  textFrom,
} from '../../../protocol/testing/envelopes.ts';
import { loadConfig } from '../../config.ts';
import { createMemoryStores } from '../../stores/memory.ts';
import { applyToStored, storedOf } from '../stored-message.ts';
import { POLICIES } from './index.ts';
import { snippetOf } from '../../../protocol/index.ts';

function setup() {
  const deps = { stores: createMemoryStores(loadConfig({})) };
  const prepare = (envelope: Envelope<'text'>) => POLICIES.text.prepare(envelope, deps);
  return { deps, history: deps.stores.history, prepare };
}

describe('snippetOf', () => {
  it('keeps a short text whole and cuts a long one after its first code points', () => {
    const exact = 'a'.repeat(REPLY_SNIPPET_CHARS);
    expect(snippetOf(exact)).toBe(exact);
    expect(snippetOf(`${exact}b`)).toBe(`${exact}…`);
    // An astral character is one code point, never cut in half.
    const otters = '🦦'.repeat(REPLY_SNIPPET_CHARS + 1);
    expect(snippetOf(otters)).toBe(`${'🦦'.repeat(REPLY_SNIPPET_CHARS)}…`);
  });
});

describe('text policy: prepare', () => {
  it('answers a post that replies to nothing as it came', async () => {
    const { prepare } = setup();
    const hello = textFrom(ALICE, 'hello');
    expect(await prepare(hello)).toBe(hello);
  });

  it("completes a reply with the original's author and start, whatever the client said", async () => {
    const { history, prepare } = setup();
    const original = textFrom(ALICE, `${'x'.repeat(REPLY_SNIPPET_CHARS)}tail`);
    await history.append(storedOf(original));
    const forged = { id: original.id, from: CAROL, snippet: 'something Alice never said' };
    const reply = textFrom(BOB, 'indeed', {}, { reply: forged, mentions: [ALICE.id] });
    expect(await prepare(reply)).toEqual({
      ...reply,
      body: {
        text: 'indeed',
        mentions: [ALICE.id],
        reply: { id: original.id, from: ALICE, snippet: `${'x'.repeat(REPLY_SNIPPET_CHARS)}…` },
      },
    });
  });

  it("takes an image's alt text as its snippet, or nothing", async () => {
    const { history, prepare } = setup();
    const described = imageFrom(ALICE, {}, { alt: 'an otter on its back' });
    const bare = imageFrom(ALICE);
    await history.append(storedOf(described));
    await history.append(storedOf(bare));
    const replyTo = async (id: string) => {
      const prepared = await prepare(textFrom(BOB, 'cute', {}, { reply: { id } }));
      return 'id' in prepared ? prepared.body.reply : prepared;
    };
    expect(await replyTo(described.id)).toEqual({ id: described.id, from: ALICE, snippet: 'an otter on its back' });
    expect(await replyTo(bare.id)).toEqual({ id: bare.id, from: ALICE, snippet: '' });
  });

  it('shows nothing of a deleted original but who wrote it', async () => {
    const { history, prepare } = setup();
    const original = textFrom(ALICE, 'regrettable');
    const tombstone = applyToStored(storedOf(original), changeFrom(ALICE, 'delete', { target: original.id }));
    if ('ok' in tombstone) throw new Error(tombstone.error.message);
    await history.append(tombstone);
    const prepared = await prepare(textFrom(BOB, 'what?', {}, { reply: { id: original.id } }));
    expect('id' in prepared && prepared.body.reply).toEqual({ id: original.id, from: ALICE, snippet: '' });
  });

  it('sends a reply to a message the room does not keep with only its id', async () => {
    const { history, prepare } = setup();
    const elsewhere = textFrom(ALICE, 'in another room', { room: OTHER_ROOM });
    await history.append(storedOf(elsewhere));
    for (const id of ['m-never-sent', elsewhere.id]) {
      const reply = textFrom(BOB, 'hm', {}, { reply: { id, from: CAROL, snippet: 'forged' } });
      const prepared = await prepare(reply);
      expect('id' in prepared && prepared.body).toEqual({ text: 'hm', reply: { id } });
    }
  });
});

describe('text policy: keep', () => {
  it('appends the message to the lane it is given and answers it as it came', async () => {
    const { deps, history } = setup();
    const trusted = textFrom(ALICE, 'trusted');
    const newcomer = textFrom(BOB, 'newcomer', { room: OTHER_ROOM });
    expect(await POLICIES.text.keep(trusted, 'trusted', deps)).toBe(trusted);
    expect(await POLICIES.text.keep(newcomer, 'newcomer', deps)).toBe(newcomer);
    expect(await history.find(ROOM, trusted.id)).toEqual(trusted);
    expect(await history.find(OTHER_ROOM, newcomer.id)).toEqual(newcomer);
    // The newcomer lane fills at most a fifth of a page: none of four, one of five.
    expect(await history.recent(ROOM, 4)).toEqual([trusted]);
    expect(await history.recent(OTHER_ROOM, 4)).toEqual([]);
    expect(await history.recent(OTHER_ROOM, 5)).toEqual([newcomer]);
  });
});
