import { describe, expect, it } from 'vitest';
import { EDIT_WINDOW_MS, type MessagePostAnswer, type PageQuote } from '../../../protocol/index.ts';
import { ALICE, BOB, CAROL, chat, folded, picture, type TextEnvelope } from '../testing/fixtures.ts';
import { createComposerState, mentionIds } from './composer-state.ts';
import { createMessageLog, type LogPost } from './message-log.ts';

/** Alice's composer over a real message log whose posts are recorded and never answered. */
function setup(history: readonly TextEnvelope[] = [], quotes: PageQuote[] = []) {
  const posts: LogPost[] = [];
  const log = createMessageLog(
    (post) => {
      posts.push(post);
      return new Promise<MessagePostAnswer>(() => {});
    },
    () => 'refused',
    () => ALICE.id,
  );
  log.merge(history.map(folded));
  const state = createComposerState(
    log,
    () => [ALICE, BOB, CAROL],
    () => quotes.shift() ?? null,
  );
  return { log, state, posts };
}

describe('replies', () => {
  it('sends the reply as a pointer to the original, then forgets it', () => {
    const original = chat(BOB, 'who likes otters?');
    const { log, state, posts } = setup([original]);
    state.reply(folded(original));
    expect(state.replyTo.value?.id).toBe(original.id);
    log.setDraft('me!');
    expect(state.submit()).toBe(true);
    expect(posts).toEqual([
      { clientId: expect.any(String), kind: 'text', body: { text: 'me!', reply: { id: original.id } } },
    ]);
    expect(state.replyTo.value).toBeNull();

    log.setDraft('and me');
    state.submit();
    expect(posts[1]?.body).toEqual({ text: 'and me' });
  });

  it('keeps the reply when the draft cannot go, and drops it on cancel', () => {
    const original = chat(BOB, 'hm?');
    const { log, state, posts } = setup([original]);
    state.reply(folded(original));
    log.setDraft('   ');
    expect(state.submit()).toBe(false);
    expect(state.replyTo.value?.id).toBe(original.id);
    state.cancelReply();
    log.setDraft('no reply');
    state.submit();
    expect(posts.map((post) => post.body)).toEqual([{ text: 'no reply' }]);
  });

  it('asks for focus each time a reply or an edit begins', () => {
    const original = chat(BOB, 'hm?');
    const mine = chat(ALICE, 'mine', { at: Date.now() });
    const { state } = setup([original, mine]);
    expect(state.focusRequests.value).toBe(0);
    state.reply(folded(original));
    state.reply(folded(original));
    state.edit(folded(mine));
    expect(state.focusRequests.value).toBe(3);
  });
});

describe('edits', () => {
  it('puts the text in the composer, sends an edit of it, and gives back what was being written', () => {
    const mine = chat(ALICE, 'helo', { at: Date.now() });
    const { log, state, posts } = setup([mine]);
    log.setDraft('half a thought');
    state.edit(folded(mine));
    expect(state.editing.value?.id).toBe(mine.id);
    expect(log.draft.value).toBe('helo');
    log.setDraft('hello');
    expect(state.submit()).toBe(true);
    expect(posts).toEqual([{ clientId: expect.any(String), kind: 'edit', body: { target: mine.id, text: 'hello' } }]);
    expect(state.editing.value).toBeNull();
    expect(log.draft.value).toBe('half a thought');
  });

  it('sends nothing for an edit emptied, and a cancel gives the draft back', () => {
    const mine = chat(ALICE, 'keep me', { at: Date.now() });
    const { log, state, posts } = setup([mine]);
    log.setDraft('draft');
    state.edit(folded(mine));
    log.setDraft('  ');
    expect(state.submit()).toBe(false);
    state.cancelEdit();
    expect(state.editing.value).toBeNull();
    expect(log.draft.value).toBe('draft');
    expect(posts).toEqual([]);
  });

  it('ends a reply when an edit begins, and an edit when a reply begins', () => {
    const theirs = chat(BOB, 'theirs');
    const mine = chat(ALICE, 'mine', { at: Date.now() });
    const { log, state } = setup([theirs, mine]);
    state.reply(folded(theirs));
    state.edit(folded(mine));
    expect(state.replyTo.value).toBeNull();
    state.reply(folded(theirs));
    expect(state.editing.value).toBeNull();
    expect(log.draft.value).toBe('');
  });

  it('edits the newest own text message still in its window (up-arrow)', () => {
    const now = Date.now();
    const older = chat(ALICE, 'older', { at: now - 60_000 });
    const newest = chat(ALICE, 'newest', { at: now - 30_000 });
    const theirs = chat(BOB, 'theirs', { at: now });
    const { log, state } = setup([older, newest, theirs]);
    log.merge([{ ...picture(ALICE, { at: now }), reactions: [] }]);
    expect(state.editLast(undefined)).toBe(false);
    expect(state.editLast(ALICE.id)).toBe(true);
    expect(state.editing.value?.id).toBe(newest.id);
    expect(log.draft.value).toBe('newest');
  });

  it('finds nothing to edit when our messages are past the window or deleted', () => {
    const now = Date.now();
    const old = chat(ALICE, 'old', { at: now - EDIT_WINDOW_MS - 1 });
    const gone = chat(ALICE, 'gone', { at: now });
    const { log, state } = setup([old]);
    log.merge([{ ...folded(gone), body: null, deletedAt: now }]);
    expect(state.editLast(ALICE.id)).toBe(false);
    expect(state.editing.value).toBeNull();
  });
});

describe('mentions', () => {
  it('carries the ids of the people picked whose names are still in the text', () => {
    const { log, state, posts } = setup();
    state.mention(BOB);
    state.mention(CAROL);
    state.mention(BOB);
    log.setDraft('@Bob look, not you Carol');
    state.submit();
    expect(posts[0]?.body).toEqual({ text: '@Bob look, not you Carol', mentions: [BOB.id] });

    log.setDraft('@Bob again?');
    state.submit();
    expect(posts[1]?.body).toEqual({ text: '@Bob again?' });
  });

  it('never takes a mention from the text alone', () => {
    const { log, state, posts } = setup();
    log.setDraft('@Bob typed by hand');
    state.submit();
    expect(posts[0]?.body).toEqual({ text: '@Bob typed by hand' });
    expect(mentionIds('@Bob @Carol', [BOB])).toEqual([BOB.id]);
  });

  it('keeps the mentions of a message being edited while their names stay', () => {
    const mine = chat(ALICE, 'hi @Bob and @Carol', { at: Date.now(), body: { mentions: [BOB.id, CAROL.id] } });
    const { log, state, posts } = setup([mine]);
    state.edit(folded(mine));
    log.setDraft('hi @Carol');
    state.submit();
    expect(posts[0]?.body).toEqual({ target: mine.id, text: 'hi @Carol', mentions: [CAROL.id] });
  });
});

describe('a quote of the page', () => {
  it('is taken once, by the message that goes, and not by a draft refused', () => {
    const quote: PageQuote = { text: 'Otters hold hands while they sleep' };
    const quotes = [quote];
    const { log, state, posts } = setup([], quotes);
    log.setDraft(' ');
    expect(state.submit()).toBe(false);
    expect(quotes).toEqual([quote]);

    log.setDraft('look at this');
    state.submit();
    log.setDraft('and this');
    state.submit();
    expect(posts.map((post) => post.body)).toEqual([{ text: 'look at this', quote }, { text: 'and this' }]);
  });
});
