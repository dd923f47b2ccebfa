import { browser } from 'wxt/browser';
import { describe, expect, it } from 'vitest';
import { foldChange, type ChangeEnvelope, type Envelope, type Message } from '../../protocol/index.ts';
import { ALICE, BOB, CAROL, OTHER_PAGE_ROOM, PAGE_ROOM, dm, dmText } from '../testing/envelopes.ts';
import { createDmArchive } from './dm-archive.ts';

const DAY = 86_400_000;

const isChange = (envelope: Envelope): envelope is ChangeEnvelope => !['text', 'image'].includes(envelope.kind);

const textOf = (envelope: Envelope): string => (envelope.kind === 'text' ? envelope.body.text : envelope.kind);

describe('the DM archive', () => {
  it("keeps every conversation of a room in send order, and gives only that room's", async () => {
    const archive = createDmArchive();
    const [hi, ho, hey, elsewhere] = [
      dmText(BOB, ALICE, 'hi'),
      dmText(ALICE, BOB, 'ho'),
      dmText(CAROL, ALICE, 'hey'),
      dmText(BOB, ALICE, 'elsewhere', { room: OTHER_PAGE_ROOM }),
    ];
    await Promise.all([ho, hey, elsewhere, hi].map((message) => archive.keep(message)));
    await archive.keep(hi);
    expect(await archive.load(PAGE_ROOM)).toEqual([hi, ho, hey]);
    expect(await createDmArchive().load(OTHER_PAGE_ROOM)).toEqual([elsewhere]);
  });

  it('keeps the reactions, edits and deletes of a conversation, so a panel folds it as it was', async () => {
    const archive = createDmArchive();
    const hi = dmText(BOB, ALICE, 'hi');
    const reply = dm(ALICE, BOB, 'text', { text: 'hello', reply: { id: hi.id } });
    const changes = [
      dm(ALICE, BOB, 'reaction', { target: hi.id, emoji: '👍', on: true }),
      dm(BOB, ALICE, 'edit', { target: hi.id, text: 'hi there' }),
      dm(ALICE, BOB, 'delete', { target: reply.id }),
    ];
    for (const envelope of [hi, reply, ...changes]) await archive.keep(envelope);

    const kept = await createDmArchive().load(PAGE_ROOM);
    expect(kept).toEqual([hi, reply, ...changes]);
    // What the panel makes of it: the kept envelopes carry everything its fold needs.
    const asMessage = (envelope: Envelope<'text'>): Message => ({ ...envelope, reactions: [] });
    let folded = [asMessage(hi), asMessage(reply)];
    for (const change of kept.filter(isChange)) {
      folded = folded.map((message) =>
        message.id === change.body.target ? foldChange(message, change, ALICE.id) : message,
      );
    }
    expect(folded[0]).toMatchObject({
      body: { text: 'hi there' },
      editedAt: changes[1]?.at,
      reactions: [{ emoji: '👍', count: 1, mine: true }],
    });
    expect(folded[1]).toMatchObject({ body: null, deletedAt: changes[2]?.at });
  });

  it('keeps the newest envelopes of a conversation up to its bound', async () => {
    const archive = createDmArchive({ perConversation: 3 });
    for (let index = 0; index < 5; index++) {
      await archive.keep(dmText(index % 2 === 0 ? ALICE : BOB, index % 2 === 0 ? BOB : ALICE, `#${index}`));
    }
    expect((await archive.load(PAGE_ROOM)).map(textOf)).toEqual(['#2', '#3', '#4']);
  });

  it('drops what does not look like a kept DM, as an older version of the extension stored it', async () => {
    const archive = createDmArchive();
    const kept = dmText(BOB, ALICE, 'current');
    await archive.keep(kept);
    const [key] = Object.keys(await browser.storage.local.get(null)).filter((name) => name.startsWith('dm:'));
    const { [key as string]: stored } = await browser.storage.local.get(key as string);
    const v1 = { id: 'd000000', clientId: 'c', room: PAGE_ROOM, from: BOB, to: ALICE.id, at: 1, text: 'old shape' };
    await browser.storage.local.set({ [key as string]: [v1, ...(stored as Envelope[])] });
    expect(await archive.load(PAGE_ROOM)).toEqual([kept]);
  });

  it('drops a conversation nobody wrote to for longer than its age limit', async () => {
    let now = Date.UTC(2025, 0, 1);
    const archive = createDmArchive({ maxAgeMs: 30 * DAY, now: () => now });
    await archive.keep(dmText(BOB, ALICE, 'old news'));
    now += 20 * DAY;
    const recent = dmText(CAROL, ALICE, 'recent');
    await archive.keep(recent);
    now += 15 * DAY;
    expect(await archive.load(PAGE_ROOM)).toEqual([recent]);
    expect(Object.keys(await browser.storage.local.get(null)).filter((key) => key.startsWith('dm:'))).toHaveLength(1);
  });
});
