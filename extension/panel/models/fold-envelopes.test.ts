import { describe, expect, it } from 'vitest';
import { EDIT_WINDOW_MS, type Envelope, type Message } from '../../../protocol/index.ts';
import { ALICE, BOB, CAROL, change, chat, direct, folded, picture, textOf } from '../testing/fixtures.ts';
import { foldEnvelopes, type MessagesById } from './fold-envelopes.ts';

/** Folds `envelopes` into a fresh conversation, as Alice sees it. */
function fold(envelopes: readonly Envelope[], start: readonly Message[] = [], viewer = ALICE.id): MessagesById {
  const messages: MessagesById = new Map(start.map((message) => [message.id, message]));
  foldEnvelopes(messages, envelopes, viewer);
  return messages;
}

describe('messages', () => {
  it('adds a text message with no reactions yet', () => {
    const hello = chat(BOB, 'hello');
    expect([...fold([hello]).values()]).toEqual([{ ...hello, reactions: [] }]);
  });

  it('adds an image message with its sizes', () => {
    const image = picture(BOB);
    expect(fold([image]).get(image.id)).toEqual({ ...image, reactions: [] });
  });

  it('keeps a message once when it comes twice, in the state it has reached', () => {
    const hello = chat(BOB, 'hello');
    const like = change(ALICE, 'reaction', { target: hello.id, emoji: '👍', on: true, count: 1 });
    const messages = fold([hello, like, hello]);
    expect(messages.size).toBe(1);
    expect(messages.get(hello.id)?.reactions).toEqual([{ emoji: '👍', count: 1, mine: true }]);
  });
});

describe('reactions', () => {
  const target = chat(BOB, 'otters!');

  it("counts with the relay's count and knows which are the viewer's", () => {
    const messages = fold([
      target,
      change(CAROL, 'reaction', { target: target.id, emoji: '🦦', on: true, count: 1 }),
      change(ALICE, 'reaction', { target: target.id, emoji: '🦦', on: true, count: 2 }),
      change(BOB, 'reaction', { target: target.id, emoji: '🎉', on: true, count: 1 }),
    ]);
    expect(messages.get(target.id)?.reactions).toEqual([
      { emoji: '🦦', count: 2, mine: true },
      { emoji: '🎉', count: 1, mine: false },
    ]);
  });

  it("takes a reaction back: the viewer's own goes from mine, and an emoji at zero goes", () => {
    const messages = fold([
      target,
      change(CAROL, 'reaction', { target: target.id, emoji: '🦦', on: true, count: 1 }),
      change(ALICE, 'reaction', { target: target.id, emoji: '🦦', on: true, count: 2 }),
      change(ALICE, 'reaction', { target: target.id, emoji: '🦦', on: false, count: 1 }),
    ]);
    expect(messages.get(target.id)?.reactions).toEqual([{ emoji: '🦦', count: 1, mine: false }]);
    const gone = fold(
      [change(CAROL, 'reaction', { target: target.id, emoji: '🦦', on: false, count: 0 })],
      [...messages.values()],
    );
    expect(gone.get(target.id)?.reactions).toEqual([]);
  });

  it('folds the same reaction twice to the same state', () => {
    const like = change(CAROL, 'reaction', { target: target.id, emoji: '👍', on: true, count: 1 });
    expect(fold([target, like, like]).get(target.id)?.reactions).toEqual([{ emoji: '👍', count: 1, mine: false }]);
  });

  it('counts the two people of a DM without a relay count', () => {
    const dm = direct(BOB, ALICE, 'psst');
    const theirs = change(BOB, 'reaction', { target: dm.id, emoji: '❤️', on: true }, { to: ALICE.id });
    const mine = change(ALICE, 'reaction', { target: dm.id, emoji: '❤️', on: true }, { to: BOB.id });
    const back = change(BOB, 'reaction', { target: dm.id, emoji: '❤️', on: false }, { to: ALICE.id });
    expect(fold([dm, theirs, mine]).get(dm.id)?.reactions).toEqual([{ emoji: '❤️', count: 2, mine: true }]);
    expect(fold([dm, theirs, mine, back]).get(dm.id)?.reactions).toEqual([{ emoji: '❤️', count: 1, mine: true }]);
    expect(fold([dm, theirs, theirs]).get(dm.id)?.reactions).toEqual([{ emoji: '❤️', count: 1, mine: false }]);
  });
});

describe('edits', () => {
  it("gives the author's message its new text and mentions, marked edited", () => {
    const original = chat(BOB, 'helo @Carol', { body: { mentions: [CAROL.id] } });
    const edit = change(BOB, 'edit', { target: original.id, text: 'hello @Alice', mentions: [ALICE.id] });
    const edited = fold([original, edit]).get(original.id);
    expect(textOf(edited)).toBe('hello @Alice');
    expect(edited?.body).toMatchObject({ mentions: [ALICE.id] });
    expect(edited?.editedAt).toBe(edit.at);
  });

  it('drops the mentions an edit leaves out', () => {
    const original = chat(BOB, 'hi @Carol', { body: { mentions: [CAROL.id] } });
    const edited = fold([original, change(BOB, 'edit', { target: original.id, text: 'hi all' })]).get(original.id);
    expect(edited?.body).toEqual({ text: 'hi all' });
  });

  it('ignores an edit by someone else, or after the window, or of an image', () => {
    const original = chat(BOB, 'mine');
    const image = picture(BOB);
    const messages = fold([
      original,
      image,
      change(CAROL, 'edit', { target: original.id, text: 'hijacked' }),
      change(BOB, 'edit', { target: original.id, text: 'too late' }, { at: original.at + EDIT_WINDOW_MS + 1 }),
      change(BOB, 'edit', { target: image.id, text: 'words' }),
    ]);
    expect(messages.get(original.id)).toEqual({ ...original, reactions: [] });
    expect(messages.get(image.id)).toEqual({ ...image, reactions: [] });
  });
});

describe('deletes', () => {
  it("turns the author's message into a tombstone, its text and reactions gone", () => {
    const original = chat(BOB, 'regret');
    const del = change(BOB, 'delete', { target: original.id });
    const messages = fold([
      original,
      change(ALICE, 'reaction', { target: original.id, emoji: '😮', on: true, count: 1 }),
      del,
    ]);
    expect(messages.get(original.id)).toMatchObject({ id: original.id, body: null, deletedAt: del.at, reactions: [] });
  });

  it('ignores a delete by someone else, and any change after a delete', () => {
    const original = chat(BOB, 'stays');
    expect(textOf(fold([original, change(CAROL, 'delete', { target: original.id })]).get(original.id))).toBe('stays');

    const deleted = fold([
      original,
      change(BOB, 'delete', { target: original.id }),
      change(BOB, 'edit', { target: original.id, text: 'back' }),
      change(ALICE, 'reaction', { target: original.id, emoji: '👍', on: true, count: 1 }),
      change(BOB, 'delete', { target: original.id }),
    ]).get(original.id);
    expect(deleted?.body).toBeNull();
    expect(deleted?.reactions).toEqual([]);
  });
});

describe('changes whose target is not shown', () => {
  it('invents no message for a change that comes before its target, and leaves the others alone', () => {
    const shown = chat(BOB, 'shown');
    const later = chat(BOB, 'not loaded yet');
    const messages = fold([
      shown,
      change(ALICE, 'reaction', { target: later.id, emoji: '👍', on: true, count: 1 }),
      change(BOB, 'edit', { target: later.id, text: 'edited' }),
      change(BOB, 'delete', { target: later.id }),
    ]);
    expect([...messages.keys()]).toEqual([shown.id]);
    expect(messages.get(shown.id)).toEqual({ ...shown, reactions: [] });
  });

  it('takes the target as the history folded it when it comes later, and folds what follows on top', () => {
    const late = chat(BOB, 'late');
    const early = change(ALICE, 'reaction', { target: late.id, emoji: '👍', on: true, count: 1 });
    const messages = fold([early]);
    // The relay's history holds the message with that reaction folded in.
    const fromHistory: Message = { ...folded(late), reactions: [{ emoji: '👍', count: 1, mine: true }] };
    messages.set(late.id, fromHistory);
    foldEnvelopes(
      messages,
      [late, change(CAROL, 'reaction', { target: late.id, emoji: '👍', on: true, count: 2 })],
      ALICE.id,
    );
    expect(messages.get(late.id)?.reactions).toEqual([{ emoji: '👍', count: 2, mine: true }]);
  });
});
