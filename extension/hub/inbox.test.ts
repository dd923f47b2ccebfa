import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { useLocale } from '../testing/locale.ts';
import { ALICE, BOB, CAROL, dm, dmText, OTHER_PAGE_ROOM, PAGE_ROOM } from '../testing/envelopes.ts';
import { foldSighting, Inbox, shown, type KeptConversation } from './inbox.ts';

const keyAB = `${PAGE_ROOM}:${[ALICE.id, BOB.id].sort().join(':')}`;

/** Folds envelopes as Alice (self) sees them, none of them in view. */
function fold(...envelopes: Parameters<typeof foldSighting>[1]['envelope'][]): KeptConversation | undefined {
  let kept: KeptConversation | undefined;
  for (const envelope of envelopes) kept = foldSighting(kept, { envelope, self: ALICE.id, inView: false }) ?? kept;
  return kept;
}

describe('a conversation line', () => {
  it('names the other person, shows the newest line and counts what they sent', () => {
    const first = dmText(BOB, ALICE, 'hi there');
    const second = dmText(BOB, ALICE, 'are you\nstill   here?');
    expect(fold(first, second)).toEqual({
      key: keyAB,
      room: PAGE_ROOM,
      peer: BOB,
      last: { from: BOB.id, preview: 'are you still here?', at: second.at },
      unread: 2,
      lastId: second.id,
    });
  });

  it('shows "Photo" for an image, the new text after an edit of the last line, and "Message deleted"', () => {
    const image = dm(BOB, ALICE, 'image', { id: 'i'.repeat(22), width: 4, height: 4, thumbWidth: 4, thumbHeight: 4 });
    expect(fold(image)?.last.preview).toBe('Photo');
    const text = dmText(BOB, ALICE, 'tpyo');
    const edit = dm(BOB, ALICE, 'edit', { target: text.id, text: 'typo' });
    expect(fold(text, edit)).toMatchObject({ last: { preview: 'typo' }, unread: 1 });
    const older = dmText(BOB, ALICE, 'older');
    const newer = dmText(BOB, ALICE, 'newer');
    expect(fold(older, newer, dm(BOB, ALICE, 'edit', { target: older.id, text: 'x' }))?.last.preview).toBe('newer');
    expect(fold(older, newer, dm(BOB, ALICE, 'delete', { target: newer.id }))?.last.preview).toBe('Message deleted');
  });

  it('counts a message seen twice once, and ignores reactions', () => {
    const text = dmText(BOB, ALICE, 'once');
    const reaction = dm(BOB, ALICE, 'reaction', { target: text.id, emoji: '👍', on: true });
    expect(fold(text, text, reaction)).toMatchObject({ unread: 1, last: { preview: 'once' } });
  });

  it('is read when this person answers, and names the addressee of a conversation they start', () => {
    const sent = foldSighting(undefined, {
      envelope: dmText(ALICE, CAROL, 'hello Carol'),
      self: ALICE.id,
      peerName: 'Carol',
      inView: true,
      pageTitle: 'A page',
    });
    expect(sent).toMatchObject({ peer: CAROL, unread: 0, pageTitle: 'A page', last: { from: ALICE.id } });
    expect(fold(dmText(BOB, ALICE, 'one'), dmText(ALICE, BOB, 'answer'))).toMatchObject({ unread: 0, peer: BOB });
  });

  it('does not count what arrives while the conversation is in view', () => {
    const kept = foldSighting(undefined, { envelope: dmText(BOB, ALICE, 'seen'), self: ALICE.id, inView: true });
    expect(kept?.unread).toBe(0);
  });
});

describe('inbox', () => {
  it('keeps conversations newest first across instances, bounded, and reads one', async () => {
    const changes: KeptConversation[][] = [];
    const inbox = new Inbox((list) => changes.push(list), 2, 2);
    await inbox.record({ envelope: dmText(BOB, ALICE, 'b1'), self: ALICE.id, inView: false });
    await inbox.record({ envelope: dmText(CAROL, ALICE, 'c1'), self: ALICE.id, inView: false });
    await inbox.record({
      envelope: dmText(BOB, ALICE, 'b2', { room: OTHER_PAGE_ROOM }),
      self: ALICE.id,
      inView: false,
    });
    expect(changes).toHaveLength(3);

    const again = new Inbox(() => undefined, 2, 2);
    const list = shown(await again.list());
    expect(list.map((conversation) => conversation.last.preview)).toEqual(['b2', 'c1']);
    expect(list[0]).not.toHaveProperty('lastId');

    await again.read(list[1]?.key ?? '');
    expect((await new Inbox(() => undefined).list()).map((conversation) => conversation.unread)).toEqual([1, 0]);
  });

  it("shows the other person's current name once they are seen renamed", async () => {
    const inbox = new Inbox(() => undefined);
    await inbox.record({ envelope: dmText(BOB, ALICE, 'hi'), self: ALICE.id, inView: false });
    await inbox.record({ envelope: dmText(CAROL, ALICE, 'yo'), self: ALICE.id, inView: false });
    await inbox.renamed({ id: BOB.id, name: 'Robert' });
    const peers = (await new Inbox(() => undefined).list()).map(({ peer }) => peer);
    expect(peers).toEqual([CAROL, { id: BOB.id, name: 'Robert' }]);
  });

  it('reads what storage holds that is not a conversation as nothing', async () => {
    await browser.storage.local.set({ inbox: [{ key: 1 }, null, 'x'] });
    expect(await new Inbox(() => undefined).list()).toEqual([]);
  });
});

const sighting = (envelope: ReturnType<typeof dmText>) => ({ envelope, self: ALICE.id, inView: false });

describe('message requests (issue #14)', () => {
  it("makes a stranger's first DMs a request, and replying accepts it", () => {
    const first = dmText(BOB, ALICE, 'hello stranger');
    const request = foldSighting(undefined, sighting(first), false);
    expect(request).toMatchObject({ request: true, unread: 1 });
    const second = foldSighting(request ?? undefined, sighting(dmText(BOB, ALICE, 'still there?')), false);
    expect(second).toMatchObject({ request: true, unread: 2 });
    const reply = foldSighting(second ?? undefined, sighting(dmText(ALICE, BOB, 'hi!')), false);
    expect(reply).not.toHaveProperty('request');
    expect(foldSighting(undefined, sighting(dmText(BOB, ALICE, 'known')), true)).not.toHaveProperty('request');
    const inView = { envelope: dmText(BOB, ALICE, 'you opened me'), self: ALICE.id, inView: true };
    expect(foldSighting(undefined, inView, false)).not.toHaveProperty('request');
    expect(foldSighting(undefined, sighting(dmText(ALICE, CAROL, 'I start it')), false)).not.toHaveProperty('request');
  });

  it('says "Removed by a moderator" for a moderator\'s delete of the last line', () => {
    const text = dmText(BOB, ALICE, 'spam');
    expect(fold(text, dm(BOB, ALICE, 'delete', { target: text.id, by: 'moderator' }))?.last.preview).toBe(
      'Removed by a moderator',
    );
  });

  it('writes its words in the language of the messages', () => {
    useLocale('de');
    const image = dm(BOB, ALICE, 'image', { id: 'i'.repeat(22), width: 4, height: 4, thumbWidth: 4, thumbHeight: 4 });
    expect(fold(image)?.last.preview).toBe('Foto');
    expect(fold(image, dm(BOB, ALICE, 'delete', { target: image.id }))?.last.preview).toBe('Nachricht gelöscht');
    useLocale('ar');
    const mine = foldSighting(undefined, { envelope: dmText(ALICE, CAROL, 'hi'), self: ALICE.id, inView: true });
    expect(mine?.peer.name).toBe('شخص ما');
  });

  it('asks only for people never talked with, in any room', async () => {
    const inbox = new Inbox(() => undefined);
    await inbox.record(sighting(dmText(ALICE, BOB, 'I wrote first')));
    const fromBob = await inbox.record(sighting(dmText(BOB, ALICE, 'elsewhere', { room: OTHER_PAGE_ROOM })));
    expect(fromBob).not.toHaveProperty('request');
    const fromCarol = await inbox.record(sighting(dmText(CAROL, ALICE, 'hi, who are you?')));
    expect(fromCarol).toMatchObject({ request: true });
  });

  it('accepts a request: a conversation from then on, with nothing unread', async () => {
    const inbox = new Inbox(() => undefined);
    const request = await inbox.record(sighting(dmText(CAROL, ALICE, 'one')));
    await inbox.accept(request?.key ?? '');
    const [accepted] = await new Inbox(() => undefined).list();
    expect(accepted).toMatchObject({ unread: 0, peer: CAROL });
    expect(accepted).not.toHaveProperty('request');
    expect(await inbox.record(sighting(dmText(CAROL, ALICE, 'two')))).toMatchObject({ unread: 1 });
  });

  it('declines a request: it goes, a replay of it does not come back, a later DM asks again', async () => {
    const inbox = new Inbox(() => undefined);
    const first = dmText(CAROL, ALICE, 'buy my stuff');
    const request = await inbox.record(sighting(first));
    expect(await inbox.decline(request?.key ?? '')).toBe(true);
    expect(await new Inbox(() => undefined).list()).toEqual([]);
    expect(await inbox.record(sighting(first))).toBeNull();
    expect(await inbox.list()).toEqual([]);
    expect(await inbox.record(sighting(dmText(CAROL, ALICE, 'please?')))).toMatchObject({ request: true });
    await inbox.record(sighting(dmText(ALICE, BOB, 'accepted')));
    const accepted = (await inbox.list()).find((conversation) => conversation.peer.id === BOB.id);
    expect(await inbox.decline(accepted?.key ?? '')).toBe(false);
    expect(await inbox.list()).toHaveLength(2);
  });

  it('keeps at most its bound of requests, oldest dropped, and a flood never pushes out a conversation', async () => {
    const inbox = new Inbox(() => undefined, 2, 3);
    await inbox.record(sighting(dmText(ALICE, BOB, 'mine')));
    for (let index = 0; index < 6; index++) {
      const stranger = { id: `stranger${index}`.padEnd(22, 'x'), name: `Stranger ${index}` };
      await inbox.record(sighting(dmText(stranger, ALICE, `spam ${index}`)));
    }
    const list = await new Inbox(() => undefined, 2, 3).list();
    expect(list.filter((conversation) => conversation.request).map((c) => c.last.preview)).toEqual([
      'spam 5',
      'spam 4',
      'spam 3',
    ]);
    expect(list.filter((conversation) => !conversation.request).map((c) => c.peer.id)).toEqual([BOB.id]);
  });
});
