import { describe, expect, it } from 'vitest';
import {
  EDIT_WINDOW_MS,
  REACTION_EMOJI_MAX,
  REACTIONS_PER_MESSAGE_MAX,
  type ChatMessage,
  type Failure,
  type Member,
} from '../../protocol/index.ts';
import { ALICE, BOB, CAROL, ROOM, changeFrom, imageFrom, textFrom } from '../../protocol/testing/envelopes.ts';
import {
  applyToStored,
  countOf,
  readStored,
  storedOf,
  v1Of,
  viewOf,
  type StoredMessage,
  type StoredReaction,
} from './stored-message.ts';

/** `stored` after `change`, failing the test when it is refused. */
function applied(stored: StoredMessage, change: Parameters<typeof applyToStored>[1]): StoredMessage {
  const outcome = applyToStored(stored, change);
  if ('ok' in outcome) throw new Error(`refused: ${outcome.error.message}`);
  return outcome;
}

const react = (from: Member, stored: StoredMessage, emoji: string, on = true) =>
  changeFrom(from, 'reaction', { target: stored.id, emoji, on });

/** `count` distinct people, for filling a message with reactions. */
const people = (count: number, prefix: string): Member[] =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${String(i).padStart(16, '0')}`, name: `P${i}` }));

/** Twenty distinct emoji, one per regional-indicator pair. */
const flags = Array.from({ length: REACTION_EMOJI_MAX + 1 }, (_, i) => String.fromCodePoint(0x1f1e6 + i, 0x1f1e6 + i));

describe('readStored', () => {
  it('reads a v1 record (text, no kind) as a text message', () => {
    const v1: ChatMessage = { id: 'm1', clientId: 'client-1', room: ROOM, from: ALICE, text: 'old times', at: 5 };
    expect(readStored(v1)).toEqual({
      id: 'm1',
      clientId: 'client-1',
      room: ROOM,
      from: ALICE,
      at: 5,
      kind: 'text',
      body: { text: 'old times' },
    });
  });

  it('reads a v2 record as it was kept, reactions and tombstones included', () => {
    const liked = { ...storedOf(textFrom(ALICE, 'hi')), reactions: [{ emoji: '👍', users: [BOB.id] }] };
    expect(readStored(JSON.parse(JSON.stringify(liked)))).toEqual(liked);
    const picture = storedOf(imageFrom(ALICE));
    const tombstone = applied(picture, changeFrom(ALICE, 'delete', { target: picture.id }));
    expect(readStored(JSON.parse(JSON.stringify(tombstone)))).toEqual(tombstone);
  });
});

describe('viewOf', () => {
  const hello = storedOf(textFrom(ALICE, 'hello'));
  const reactions: StoredReaction[] = [
    { emoji: '👍', users: [BOB.id, CAROL.id] },
    { emoji: '🦦', users: [ALICE.id] },
  ];

  it("counts each emoji's people and marks the viewer's own", () => {
    const stored = { ...hello, reactions };
    expect(viewOf(stored, BOB.id)).toEqual({
      ...hello,
      reactions: [
        { emoji: '👍', count: 2, mine: true },
        { emoji: '🦦', count: 1, mine: false },
      ],
    });
    expect(viewOf(stored, ALICE.id).reactions).toEqual([
      { emoji: '👍', count: 2, mine: false },
      { emoji: '🦦', count: 1, mine: true },
    ]);
  });

  it('marks nobody’s for no viewer, and gives a message without reactions an empty list', () => {
    expect(viewOf({ ...hello, reactions }, null).reactions.map(({ mine }) => mine)).toEqual([false, false]);
    expect(viewOf(hello, BOB.id)).toEqual({ ...hello, reactions: [] });
  });

  it('never shows who reacted', () => {
    expect(JSON.stringify(viewOf({ ...hello, reactions }, null))).not.toContain(BOB.id);
  });
});

describe('v1Of', () => {
  it('gives v1 clients a text message in the v1 shape', () => {
    const hello = textFrom(ALICE, 'hello', {}, { mentions: [BOB.id], reply: { id: 'm1' } });
    expect(v1Of(storedOf(hello))).toEqual({
      id: hello.id,
      clientId: hello.clientId,
      room: ROOM,
      from: ALICE,
      at: hello.at,
      text: 'hello',
    });
  });

  it('gives the edited text, and leaves deleted messages and images out', () => {
    const hello = storedOf(textFrom(ALICE, 'hello'));
    const edited = applied(hello, changeFrom(ALICE, 'edit', { target: hello.id, text: 'hello again' }));
    expect(v1Of(edited)).toEqual({ ...v1Of(hello), text: 'hello again' });
    expect(v1Of(applied(hello, changeFrom(ALICE, 'delete', { target: hello.id })))).toBeNull();
    expect(v1Of(storedOf(imageFrom(ALICE)))).toBeNull();
  });
});

describe('applyToStored: reactions', () => {
  const hello = storedOf(textFrom(ALICE, 'hello'));

  it('keeps who reacted with what, each person once per emoji', () => {
    let stored = applied(hello, react(BOB, hello, '👍'));
    stored = applied(stored, react(CAROL, stored, '👍'));
    stored = applied(stored, react(BOB, stored, '🦦'));
    expect(stored.reactions).toEqual([
      { emoji: '👍', users: [BOB.id, CAROL.id] },
      { emoji: '🦦', users: [BOB.id] },
    ]);
    const again = react(BOB, stored, '👍');
    expect(applyToStored(stored, again)).toBe(stored);
    expect(countOf(stored, '👍')).toBe(2);
  });

  it('takes a reaction back, and an emoji nobody gives any more goes', () => {
    let stored = applied(hello, react(BOB, hello, '👍'));
    stored = applied(stored, react(CAROL, stored, '👍'));
    stored = applied(stored, react(BOB, stored, '👍', false));
    expect(stored.reactions).toEqual([{ emoji: '👍', users: [CAROL.id] }]);
    stored = applied(stored, react(CAROL, stored, '👍', false));
    expect(stored.reactions).toEqual([]);
    expect(countOf(stored, '👍')).toBe(0);
  });

  it('answers the message unchanged for an un-react of a reaction never given', () => {
    expect(applyToStored(hello, react(BOB, hello, '👍', false))).toBe(hello);
  });

  it(`holds at most ${REACTION_EMOJI_MAX} different emoji`, () => {
    let stored = hello;
    for (const emoji of flags.slice(0, REACTION_EMOJI_MAX)) stored = applied(stored, react(BOB, stored, emoji));
    const refused = applyToStored(stored, react(CAROL, stored, flags[REACTION_EMOJI_MAX] as string));
    expect(refused).toEqual({
      ok: false,
      error: { code: 'bad_request', message: `a message holds at most ${REACTION_EMOJI_MAX} different emoji` },
    });
    expect(countOf(applied(stored, react(CAROL, stored, flags[0] as string)), flags[0] as string)).toBe(2);
  });

  it(`holds at most ${REACTIONS_PER_MESSAGE_MAX} reactions, and still takes one back at the bound`, () => {
    const crowd = people(REACTIONS_PER_MESSAGE_MAX, 'p');
    const full: StoredMessage = { ...hello, reactions: [{ emoji: '👍', users: crowd.map(({ id }) => id) }] };
    const refusal = {
      ok: false,
      error: { code: 'bad_request', message: `a message holds at most ${REACTIONS_PER_MESSAGE_MAX} reactions` },
    };
    expect(applyToStored(full, react(BOB, full, '👍'))).toEqual(refusal);
    expect(applyToStored(full, react(BOB, full, '🦦'))).toEqual(refusal);
    const fewer = applied(full, react(crowd[0] as Member, full, '👍', false));
    expect(countOf(fewer, '👍')).toBe(REACTIONS_PER_MESSAGE_MAX - 1);
    expect(countOf(applied(fewer, react(BOB, fewer, '🦦')), '🦦')).toBe(1);
  });

  it('refuses a reaction to a deleted message', () => {
    const tombstone = applied(hello, changeFrom(ALICE, 'delete', { target: hello.id }));
    expect(applyToStored(tombstone, react(BOB, tombstone, '👍'))).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'that message was deleted' },
    });
  });
});

describe('applyToStored: edits and deletes', () => {
  const liked = (): StoredMessage => ({
    ...storedOf(textFrom(ALICE, 'hello', {}, { mentions: [BOB.id] })),
    reactions: [{ emoji: '👍', users: [BOB.id] }],
  });

  it('edits the text and mentions, and keeps who reacted', () => {
    const stored = liked();
    const edit = changeFrom(ALICE, 'edit', { target: stored.id, text: 'hello Carol', mentions: [CAROL.id] });
    expect(applied(stored, edit)).toEqual({
      ...stored,
      body: { text: 'hello Carol', mentions: [CAROL.id] },
      editedAt: edit.at,
    });
  });

  it('deletes to a tombstone with no reactions kept', () => {
    const stored = liked();
    const remove = changeFrom(ALICE, 'delete', { target: stored.id });
    const { reactions: _gone, ...head } = stored;
    expect(applied(stored, remove)).toEqual({ ...head, body: null, deletedAt: remove.at });
  });

  it('refuses what the fold refuses, with its reason', () => {
    const stored = liked();
    const refusal = (message: string): Failure => ({ ok: false, error: { code: 'bad_request', message } });
    expect(applyToStored(stored, changeFrom(BOB, 'edit', { target: stored.id, text: 'x' }))).toEqual(
      refusal('only its author can edit a message'),
    );
    expect(applyToStored(stored, changeFrom(BOB, 'delete', { target: stored.id }))).toEqual(
      refusal('only its author can delete a message'),
    );
    const late = changeFrom(ALICE, 'edit', { target: stored.id, text: 'x' }, { at: stored.at + EDIT_WINDOW_MS + 1 });
    expect(applyToStored(stored, late)).toEqual(refusal('a message can be edited for 15 minutes after it was sent'));
    const picture = storedOf(imageFrom(ALICE));
    expect(applyToStored(picture, changeFrom(ALICE, 'edit', { target: picture.id, text: 'x' }))).toEqual(
      refusal('only text messages can be edited'),
    );
  });
});
