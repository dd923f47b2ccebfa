import { describe, expect, it } from 'vitest';
import type { Message, MessagePostAnswer } from '../../../protocol/index.ts';
import { ALICE, BOB, change, chat, folded, picture, textOf } from '../testing/fixtures.ts';
import type { LogPost } from './message-log.ts';
import { createMessageLog } from './message-log.ts';

it('keeps only the newest 500 messages of a long session', () => {
  const log = createMessageLog(
    () => new Promise(() => {}),
    () => '',
    () => BOB.id,
  );
  const all = Array.from({ length: 510 }, (_, index) => folded(chat(BOB, `#${index}`)));
  log.merge(all.slice(0, 300));
  log.merge(all.slice(300));
  expect(log.messages.value).toHaveLength(500);
  expect(textOf(log.messages.value[0])).toBe('#10');
  expect(textOf(log.messages.value.at(-1))).toBe('#509');
});

it('keeps older pages the person asked for beyond that bound, and knows the first message', () => {
  const log = createMessageLog(
    () => new Promise(() => {}),
    () => '',
    () => BOB.id,
  );
  const all = Array.from({ length: 600 }, (_, index) => folded(chat(BOB, `#${index}`)));
  log.merge(all.slice(100));
  log.mergeOlder(all.slice(0, 100));
  expect(log.messages.value).toHaveLength(600);
  expect(log.atStart.value).toBe(false);
  log.markStart(all[0]?.id ?? '');
  expect(log.atStart.value).toBe(true);
  log.merge([folded(chat(BOB, 'newer'))]);
  expect(textOf(log.messages.value[0])).toBe('#1');
  expect(log.atStart.value).toBe(false);
});

it('adopts sends held elsewhere once, and not those already delivered', () => {
  const delivered: Message = folded(chat(BOB, 'delivered', { clientId: 'delivered01' }));
  const asked: LogPost[] = [];
  const log = createMessageLog(
    (post) => {
      asked.push(post);
      return new Promise(() => {});
    },
    () => '',
    () => BOB.id,
  );
  log.merge([delivered]);
  const held = { clientId: 'held000001', kind: 'text' as const, body: { text: 'held' }, at: 5 };
  log.adopt([held, { clientId: 'delivered01', kind: 'text', body: { text: 'delivered' }, at: 1 }]);
  log.adopt([held]);
  expect(log.outbox.value).toEqual([{ ...held, state: 'pending' }]);
  expect(asked).toEqual([{ clientId: 'held000001', kind: 'text', body: { text: 'held' } }]);
});

describe('posting through the log', () => {
  /** A log whose posts wait for the test to answer them. */
  function setup() {
    const posts: { post: LogPost; answer(answer: MessagePostAnswer): void }[] = [];
    const log = createMessageLog(
      (post) => new Promise<MessagePostAnswer>((resolve) => posts.push({ post, answer: resolve })),
      (error, kind) => `${kind} refused: ${error.message}`,
      () => ALICE.id,
    );
    return { log, posts };
  }
  const settled = () => new Promise((resolve) => setTimeout(resolve));

  it('sends the trimmed draft as a text post with its extras, held as pending until accepted', async () => {
    const { log, posts } = setup();
    log.setDraft('  look  ');
    expect(log.send({ mentions: [BOB.id] })).toBe(true);
    expect(log.draft.value).toBe('');
    const [sent] = posts;
    expect(sent?.post).toEqual({
      clientId: expect.any(String),
      kind: 'text',
      body: { text: 'look', mentions: [BOB.id] },
    });
    expect(log.outbox.value.map((entry) => entry.state)).toEqual(['pending']);

    sent?.answer({ ok: true, message: chat(ALICE, 'look', { clientId: sent.post.clientId }) });
    await settled();
    expect(log.outbox.value).toEqual([]);
    expect(log.messages.value.map(textOf)).toEqual(['look']);
  });

  it('settles a pending message when its envelope comes from elsewhere first (another panel, the hub)', () => {
    const { log, posts } = setup();
    log.setDraft('echo');
    log.send();
    log.receive([chat(ALICE, 'echo', { clientId: posts[0]?.post.clientId ?? '' })]);
    expect(log.outbox.value).toEqual([]);
    expect(log.messages.value.map(textOf)).toEqual(['echo']);
  });

  it('holds an image as pending like a text', () => {
    const { log, posts } = setup();
    const { body } = picture(ALICE);
    log.sendImage(body);
    expect(posts[0]?.post).toEqual({ clientId: expect.any(String), kind: 'image', body });
    expect(log.outbox.value).toEqual([expect.objectContaining({ kind: 'image', body, state: 'pending' })]);
  });

  it('folds an accepted change, and says why a refused one was refused until the next', async () => {
    const { log, posts } = setup();
    const target = chat(BOB, 'otters');
    log.receive([target]);
    const refused = log.change('reaction', { target: target.id, emoji: '👍', on: true });
    posts[0]?.answer({ ok: false, error: { code: 'bad_request', message: 'no' } });
    expect(await refused).toBe(false);
    expect(log.problem.value).toBe('reaction refused: no');
    expect(log.outbox.value).toEqual([]);

    const liked = log.change('reaction', { target: target.id, emoji: '👍', on: true });
    expect(log.problem.value).toBeNull();
    const post = posts[1]?.post;
    if (post?.kind !== 'reaction') throw new Error('expected a reaction');
    posts[1]?.answer({
      ok: true,
      message: { ...change(ALICE, 'reaction', { ...post.body, count: 1 }), clientId: post.clientId },
    });
    expect(await liked).toBe(true);
    expect(log.messages.value[0]?.reactions).toEqual([{ emoji: '👍', count: 1, mine: true }]);
  });
});
