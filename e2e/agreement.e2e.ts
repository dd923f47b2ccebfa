/**
 * Issue #12's "done when": after reactions, an edit, a delete and a reply, two people agree on
 * what the room shows after a reload and after a relay restart (the shared relay, SQLite on
 * disk, killed as a crash would), and a third person who arrives later sees the same folded
 * history: the edited text, the tombstone, the reaction counts, the reply's quote.
 */
import type { Frame } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  connectionOf,
  deleteMessage,
  editMessage,
  messageWith,
  openPanel,
  pairOn,
  people,
  pointAt,
  relay,
  reply,
  sayAccepted,
  setName,
  siteUrl,
  until,
} from './support/panel.ts';

const users = people('alice', 'bob', 'carol');

afterAll(async () => {
  await relay('start');
});

/** What everyone on the page should see alike: each message's text, reply quote and reaction counts. */
const shared = (
  panel: Frame,
): Promise<Array<{ id: string; text: string; quote: string | null; reactions: string[] }>> =>
  panel.getByTestId('message').evaluateAll((nodes) =>
    nodes.map((node) => ({
      id: node.getAttribute('data-message-id') ?? '',
      text: node.querySelector('.message-text')?.textContent ?? '',
      quote: node.querySelector('[data-testid="message-quote"]')?.textContent ?? null,
      reactions: [...node.querySelectorAll('[data-testid="reaction"]')].map(
        (chip) => `${chip.getAttribute('data-emoji')} ${chip.getAttribute('data-count')}`,
      ),
    })),
  );

/** The reactions that are the viewer's own, per message text. */
const ownReactions = (panel: Frame): Promise<string[][]> =>
  panel
    .getByTestId('message')
    .evaluateAll((nodes) =>
      nodes.map((node) =>
        [...node.querySelectorAll('[data-testid="reaction"][aria-pressed="true"]')].map(
          (chip) => chip.getAttribute('data-emoji') ?? '',
        ),
      ),
    );

async function react(panel: Frame, text: string, emoji: string): Promise<void> {
  const message = messageWith(panel, text);
  await pointAt(message);
  await message.getByRole('button', { name: `React with ${emoji}` }).click();
}

const withoutIds = (shown: Awaited<ReturnType<typeof shared>>): Array<Omit<(typeof shown)[number], 'id'>> =>
  shown.map(({ id: _id, ...rest }) => rest);

describe('everyone agrees on the folded history', () => {
  it('after a reload, after a relay restart, and for someone who arrives later', async () => {
    const url = siteUrl('/article?scenario=agreement');
    const { pageA, pageB, panelA, panelB } = await pairOn(url, users.alice, users.bob);
    await setName(panelA, 'Alice');
    await setName(panelB, 'Bob');
    await sayAccepted(panelA, 'first, to edit');
    await sayAccepted(panelA, 'second, to delete');
    await sayAccepted(panelA, 'third, to react to');

    await react(panelB, 'third, to react to', '👍');
    await react(panelA, 'third, to react to', '👍');
    await react(panelA, 'third, to react to', '🎉');
    await react(panelB, 'first, to edit', '👍');
    // The reply's quote shows the original as it was when answered: edit after replying.
    await reply(panelB, 'first, to edit', 'an answer to the first');
    await until(async () => (await shared(panelA)).length, 4);
    await editMessage(panelA, 'first, to edit', 'first, as edited');
    await deleteMessage(panelA, 'second, to delete');

    const live = [
      { text: 'first, as edited (edited)', quote: null, reactions: ['👍 1'] },
      { text: 'message deleted', quote: null, reactions: [] },
      { text: 'third, to react to', quote: null, reactions: ['👍 2', '🎉 1'] },
      { text: 'an answer to the first', quote: 'Alice first, to edit', reactions: [] },
    ];
    await until(async () => withoutIds(await shared(panelA)), live);
    await until(async () => withoutIds(await shared(panelB)), live);
    const ids = (await shared(panelA)).map(({ id }) => id);
    expect((await shared(panelB)).map(({ id }) => id)).toEqual(ids);
    const ownA = [[], [], ['👍', '🎉'], []];
    const ownB = [['👍'], [], ['👍'], []];
    expect(await ownReactions(panelA)).toEqual(ownA);
    expect(await ownReactions(panelB)).toEqual(ownB);

    // A reload folds the room's history as the relay keeps it.
    await Promise.all([pageA.reload(), pageB.reload()]);
    const [reloadedA, reloadedB] = [await openPanel(users.alice, pageA), await openPanel(users.bob, pageB)];
    for (const panel of [reloadedA, reloadedB]) {
      await until(async () => (await shared(panel)).map(({ id }) => id), ids);
      expect(withoutIds(await shared(panel))).toEqual(live);
    }
    expect(await ownReactions(reloadedA)).toEqual(ownA);
    expect(await ownReactions(reloadedB)).toEqual(ownB);

    // A crash and a start on the same data: both reconnect to what the store kept, and go on.
    await relay('kill');
    await until(() => connectionOf(reloadedA), 'reconnecting');
    await relay('start');
    for (const panel of [reloadedA, reloadedB]) await until(() => connectionOf(panel), 'connected', 20_000);
    await react(reloadedB, 'third, to react to', '🎉');
    const after = live.map((message) =>
      message.text === 'third, to react to' ? { ...message, reactions: ['👍 2', '🎉 2'] } : message,
    );
    await until(async () => withoutIds(await shared(reloadedA)), after);
    await until(async () => withoutIds(await shared(reloadedB)), after);

    // Someone new reads the same history, from the restarted relay's store.
    const pageC = await users.carol.open(url);
    const panelC = await openPanel(users.carol, pageC);
    await until(async () => (await shared(panelC)).map(({ id }) => id), ids);
    expect(withoutIds(await shared(panelC))).toEqual(after);
    expect(await ownReactions(panelC)).toEqual([[], [], [], []]);
    expect(await panelC.getByTestId('message-deleted').count()).toBe(1);
    expect(await panelC.getByTestId('message-edited').count()).toBe(1);
  });
});
