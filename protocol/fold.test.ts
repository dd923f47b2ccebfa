import { describe, expect, it } from 'vitest';
import { changeProblem, foldChange, mentions } from './fold.ts';
import { EDIT_WINDOW_MS } from './limits.ts';
import type { Message } from './messages.ts';
import { ALICE, BOB, CAROL, changeFrom, imageFrom, messageOf, textFrom } from './testing/envelopes.ts';

const EDIT_LIMIT = 'a message can be edited for 15 minutes after it was sent';

/** A tombstone of a message Alice deleted. */
function deleted(): Message {
  const hello = messageOf(textFrom(ALICE, 'hello'));
  return foldChange(hello, changeFrom(ALICE, 'delete', { target: hello.id }), ALICE.id);
}

describe('changeProblem', () => {
  const hello = messageOf(textFrom(ALICE, 'hello'));
  const picture = messageOf(imageFrom(ALICE));

  it("lets only a text message's author edit it, within the edit window", () => {
    const edit = (from = ALICE, at = hello.at + 1) =>
      changeFrom(from, 'edit', { target: hello.id, text: 'hi' }, { at });
    expect(changeProblem(hello, edit())).toBeNull();
    expect(changeProblem(hello, edit(ALICE, hello.at + EDIT_WINDOW_MS))).toBeNull();
    expect(changeProblem(hello, edit(ALICE, hello.at + EDIT_WINDOW_MS + 1))).toBe(EDIT_LIMIT);
    expect(changeProblem(hello, edit(BOB))).toBe('only its author can edit a message');
  });

  it('refuses to edit an image, even its author', () => {
    const edit = changeFrom(ALICE, 'edit', { target: picture.id, text: 'caption' });
    expect(changeProblem(picture, edit)).toBe('only text messages can be edited');
  });

  it('lets only its author delete a message, text or image', () => {
    expect(changeProblem(hello, changeFrom(ALICE, 'delete', { target: hello.id }))).toBeNull();
    expect(changeProblem(picture, changeFrom(ALICE, 'delete', { target: picture.id }))).toBeNull();
    expect(changeProblem(hello, changeFrom(BOB, 'delete', { target: hello.id }))).toBe(
      'only its author can delete a message',
    );
  });

  it('lets anyone react, the author too, and long after the edit window', () => {
    const late = hello.at + 10 * EDIT_WINDOW_MS;
    for (const from of [ALICE, BOB]) {
      const like = changeFrom(from, 'reaction', { target: hello.id, emoji: '👍', on: true }, { at: late });
      expect(changeProblem(hello, like)).toBeNull();
    }
  });

  it('refuses every change to a deleted message', () => {
    const tombstone = deleted();
    const target = tombstone.id;
    expect(changeProblem(tombstone, changeFrom(BOB, 'reaction', { target, emoji: '👍', on: true }))).toBe(
      'that message was deleted',
    );
    expect(changeProblem(tombstone, changeFrom(ALICE, 'edit', { target, text: 'back' }))).toBe(
      'that message was deleted',
    );
    expect(changeProblem(tombstone, changeFrom(ALICE, 'delete', { target }))).toBe('that message was deleted');
  });
});

describe('foldChange: edit', () => {
  it('replaces the text and mentions and marks when it was edited', () => {
    const hello = messageOf(textFrom(ALICE, 'hello', {}, { mentions: [BOB.id] }));
    const edit = changeFrom(ALICE, 'edit', { target: hello.id, text: 'hello Carol', mentions: [CAROL.id] });
    expect(foldChange(hello, edit, BOB.id)).toEqual({
      ...hello,
      body: { text: 'hello Carol', mentions: [CAROL.id] },
      editedAt: edit.at,
    });
  });

  it('drops the mentions when the edit has none, and keeps the rest of the body', () => {
    const original = messageOf(textFrom(ALICE, 'hi Bob', {}, { mentions: [BOB.id], reply: { id: 'm1' } }));
    const edit = changeFrom(ALICE, 'edit', { target: original.id, text: 'hi all' });
    expect(foldChange(original, edit, ALICE.id).body).toEqual({ text: 'hi all', reply: { id: 'm1' } });
  });

  it('keeps the latest editedAt when edits arrive out of order', () => {
    const hello = messageOf(textFrom(ALICE, 'hello'));
    const first = changeFrom(ALICE, 'edit', { target: hello.id, text: 'one' });
    const second = changeFrom(ALICE, 'edit', { target: hello.id, text: 'two' });
    const both = foldChange(foldChange(hello, second, ALICE.id), first, ALICE.id);
    expect(both.editedAt).toBe(second.at);
  });

  it('leaves the message as it was when the edit may not apply', () => {
    const hello = messageOf(textFrom(ALICE, 'hello'));
    const byBob = changeFrom(BOB, 'edit', { target: hello.id, text: 'pwned' });
    const late = changeFrom(ALICE, 'edit', { target: hello.id, text: 'late' }, { at: hello.at + EDIT_WINDOW_MS + 1 });
    expect(foldChange(hello, byBob, BOB.id)).toBe(hello);
    expect(foldChange(hello, late, ALICE.id)).toBe(hello);
    const picture = messageOf(imageFrom(ALICE));
    expect(foldChange(picture, changeFrom(ALICE, 'edit', { target: picture.id, text: 'x' }), ALICE.id)).toBe(picture);
  });
});

describe('foldChange: delete', () => {
  it('leaves a tombstone: no body, when it was deleted, no reactions', () => {
    const like = (message: Message) =>
      changeFrom(BOB, 'reaction', { target: message.id, emoji: '👍', on: true, count: 1 });
    for (const original of [messageOf(textFrom(ALICE, 'hello')), messageOf(imageFrom(ALICE))]) {
      const liked = foldChange(original, like(original), BOB.id);
      expect(liked.reactions).toHaveLength(1);
      const remove = changeFrom(ALICE, 'delete', { target: original.id });
      expect(foldChange(liked, remove, BOB.id)).toEqual({
        ...original,
        body: null,
        deletedAt: remove.at,
        reactions: [],
      });
    }
  });

  it("ignores someone else's delete", () => {
    const hello = messageOf(textFrom(ALICE, 'hello'));
    expect(foldChange(hello, changeFrom(BOB, 'delete', { target: hello.id }), BOB.id)).toBe(hello);
  });
});

describe('foldChange: reaction with the relay’s count (a room)', () => {
  const hello = messageOf(textFrom(ALICE, 'hello'));
  const react = (from = BOB, on = true, count = 1, emoji = '🦦') =>
    changeFrom(from, 'reaction', { target: hello.id, emoji, on, count });

  it("takes the relay's count and marks the viewer's own", () => {
    const one = foldChange(hello, react(BOB, true, 1), ALICE.id);
    expect(one.reactions).toEqual([{ emoji: '🦦', count: 1, mine: false }]);
    const two = foldChange(one, react(ALICE, true, 2), ALICE.id);
    expect(two.reactions).toEqual([{ emoji: '🦦', count: 2, mine: true }]);
    const three = foldChange(two, react(CAROL, true, 1, '🎉'), ALICE.id);
    expect(three.reactions).toEqual([
      { emoji: '🦦', count: 2, mine: true },
      { emoji: '🎉', count: 1, mine: false },
    ]);
  });

  it("un-reacting takes the viewer's mark away, and a count of zero removes the chip", () => {
    const two = foldChange(foldChange(hello, react(BOB, true, 1), ALICE.id), react(ALICE, true, 2), ALICE.id);
    const one = foldChange(two, react(ALICE, false, 1), ALICE.id);
    expect(one.reactions).toEqual([{ emoji: '🦦', count: 1, mine: false }]);
    expect(foldChange(one, react(BOB, false, 0), ALICE.id).reactions).toEqual([]);
  });

  it("keeps the viewer's mark when someone else's reaction changes the count", () => {
    const mine = foldChange(hello, react(ALICE, true, 1), ALICE.id);
    expect(foldChange(mine, react(BOB, true, 2), ALICE.id).reactions).toEqual([{ emoji: '🦦', count: 2, mine: true }]);
  });
});

describe('foldChange: reaction without a count (a DM)', () => {
  const hello = messageOf(textFrom(ALICE, 'hello', { to: BOB.id }));
  const react = (from = BOB, on = true) => changeFrom(from, 'reaction', { target: hello.id, emoji: '👍', on });

  it('counts each person once per emoji, however often it comes', () => {
    const fromBob = foldChange(foldChange(hello, react(BOB), ALICE.id), react(BOB), ALICE.id);
    expect(fromBob.reactions).toEqual([{ emoji: '👍', count: 1, mine: false }]);
    const both = foldChange(foldChange(fromBob, react(ALICE), ALICE.id), react(ALICE), ALICE.id);
    expect(both.reactions).toEqual([{ emoji: '👍', count: 2, mine: true }]);
  });

  it('un-reacting to zero removes the chip', () => {
    const both = foldChange(foldChange(hello, react(BOB), ALICE.id), react(ALICE), ALICE.id);
    const mineOnly = foldChange(both, react(BOB, false), ALICE.id);
    expect(mineOnly.reactions).toEqual([{ emoji: '👍', count: 1, mine: true }]);
    expect(foldChange(mineOnly, react(ALICE, false), ALICE.id).reactions).toEqual([]);
  });

  it('an un-react of a reaction never given adds nothing', () => {
    expect(foldChange(hello, react(BOB, false), ALICE.id).reactions).toEqual([]);
    expect(foldChange(hello, react(ALICE, false), ALICE.id).reactions).toEqual([]);
  });

  it('leaves a deleted message without reactions', () => {
    const tombstone = deleted();
    const like = changeFrom(BOB, 'reaction', { target: tombstone.id, emoji: '👍', on: true });
    expect(foldChange(tombstone, like, BOB.id)).toBe(tombstone);
  });
});

describe('mentions', () => {
  it('is true for the people a text message mentions, only', () => {
    const hello = messageOf(textFrom(ALICE, 'hi Bob', {}, { mentions: [BOB.id] }));
    expect(mentions(hello, BOB.id)).toBe(true);
    expect(mentions(hello, CAROL.id)).toBe(false);
    expect(mentions(messageOf(textFrom(ALICE, 'hi')), BOB.id)).toBe(false);
  });

  it('follows an edit, and a deleted message or an image mentions no one', () => {
    const hello = messageOf(textFrom(ALICE, 'hi Bob', {}, { mentions: [BOB.id] }));
    const edited = foldChange(
      hello,
      changeFrom(ALICE, 'edit', { target: hello.id, text: 'hi Carol', mentions: [CAROL.id] }),
      BOB.id,
    );
    expect([mentions(edited, BOB.id), mentions(edited, CAROL.id)]).toEqual([false, true]);
    const gone = foldChange(hello, changeFrom(ALICE, 'delete', { target: hello.id }), BOB.id);
    expect(mentions(gone, BOB.id)).toBe(false);
    expect(mentions(messageOf(imageFrom(ALICE)), BOB.id)).toBe(false);
  });
});
