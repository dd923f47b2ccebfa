/**
 * Issue #12's messages as two people meet them in real Chromium, in a room and in a DM: the
 * order of quick sends, replies (to an original that only older history holds, too), mentions,
 * edit and delete, reactions. On a relay of their own that gives a joining panel only the last
 * five messages, so "older history" is a few messages away; slow mode and the per-address
 * limits are off as on the shared relay, and renames (each test names both people again); the
 * send rate is the real default.
 */
import { mkdirSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnRelay, type OwnRelay } from './support/own-relay.ts';
import {
  chipsOf,
  deleteMessage,
  dmTexts,
  editMessage,
  member,
  messageTexts,
  messageWith,
  openPanel,
  pairOn,
  people,
  pointAt,
  reply,
  sayAccepted,
  setName,
  siteUrl,
  typeQuickly,
  until,
  type Pair,
} from './support/panel.ts';

const JOIN_HISTORY = 5;
const users = people('alice', 'bob');
let relay: OwnRelay;

beforeAll(async () => {
  relay = await startOwnRelay({
    joinHistoryLimit: JOIN_HISTORY,
    newcomerMinutes: 0,
    newIdentitiesPerIp: 0,
    maxConnectionsPerIp: 0,
    renamesPerMinute: 0,
  });
  await Promise.all([users.alice.useRelay(relay.url), users.bob.useRelay(relay.url)]);
});

afterAll(async () => {
  await relay.close();
});

async function named(url: string): Promise<Pair> {
  const pair = await pairOn(url, users.alice, users.bob);
  await setName(pair.panelA, 'Alice');
  await setName(pair.panelB, 'Bob');
  return pair;
}

/** Both open their conversation with each other. */
async function openDm({ panelA, panelB, idA, idB }: Pair): Promise<void> {
  await member(panelA, idB).click();
  await member(panelB, idA).click();
  await panelA.getByTestId('dm-composer').waitFor();
  await panelB.getByTestId('dm-composer').waitFor();
}

async function shot(panel: Frame, name: string): Promise<void> {
  mkdirSync('artifacts/e2e/messages', { recursive: true });
  await (await panel.frameElement()).screenshot({ path: `artifacts/e2e/messages/${name}.png` });
}

const rapid = Array.from({ length: 15 }, (_, index) => `rapid ${index + 1}`);

describe('messages between two people', () => {
  it('fifteen quick Enters arrive in order for both, in the room and in a DM', async () => {
    const pair = await named(siteUrl('/article?scenario=messages-order'));
    await typeQuickly(pair.panelA, rapid);
    await until(() => messageTexts(pair.panelA), rapid, 20_000);
    await until(() => messageTexts(pair.panelB), rapid, 20_000);
    // The sender's own list ends with no message held back or refused.
    expect(await pair.panelA.locator('[data-testid="message"][data-state]').count()).toBe(0);

    await openDm(pair);
    const privately = rapid.map((text) => `dm ${text}`);
    await typeQuickly(pair.panelB, privately, 'dm-composer');
    await until(() => dmTexts(pair.panelB), privately, 20_000);
    await until(() => dmTexts(pair.panelA), privately, 20_000);
  });

  it('a reply quotes its original, and a click on the quote scrolls to it, from older history too', async () => {
    const url = siteUrl('/article?scenario=messages-reply');
    const { pageB, panelA, panelB } = await named(url);
    await sayAccepted(panelA, 'the original question');
    await reply(panelB, 'the original question', 'the answer');
    const answer = messageWith(panelA, 'the answer');
    await until(() => answer.getByTestId('message-quote').textContent(), 'Alice the original question');
    await shot(panelA, 'reply');

    // Enough after it that a panel opened now is given the reply but not its original.
    const later = Array.from({ length: JOIN_HISTORY }, (_, index) => `later ${index + 1}`);
    await typeQuickly(panelA, later);
    await until(async () => (await messageTexts(panelB)).length, JOIN_HISTORY + 2, 15_000);
    await reply(panelB, 'the original question', 'a second answer');
    await until(async () => (await messageTexts(panelA)).length, JOIN_HISTORY + 3);
    await pageB.reload();
    const reopened = await openPanel(users.bob, pageB);
    await until(async () => (await messageTexts(reopened)).includes('a second answer'), true);
    expect(await messageTexts(reopened)).not.toContain('the original question');

    await messageWith(reopened, 'a second answer').getByTestId('message-quote').click();
    const original = messageWith(reopened, 'the original question');
    await until(() => original.count(), 1);
    // Scrolled to: the original is inside the list's visible box.
    await until(
      () =>
        original.evaluate((node) => {
          const list = node.closest('ol, ul') as HTMLElement;
          const box = node.getBoundingClientRect();
          const view = list.getBoundingClientRect();
          return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
        }),
      true,
    );
  });

  it('a mention is picked with the keyboard and marks the message for the one mentioned', async () => {
    const { panelA, panelB } = await named(siteUrl('/article?scenario=messages-mention'));
    const composer = panelA.getByTestId('composer');
    await composer.fill('');
    await composer.pressSequentially('look @Bo');
    await until(() => panelA.getByTestId('mention-option').count(), 1);
    await shot(panelA, 'mention-options');
    await composer.press('Enter');
    expect(await composer.inputValue()).toBe('look @Bob ');
    await composer.pressSequentially('at this');
    await composer.press('Enter');
    const mentioned = messageWith(panelB, 'look @Bob at this');
    await until(() => mentioned.getAttribute('data-mentions-me'), 'true');
    // Only the one mentioned is told.
    expect(await messageWith(panelA, 'look @Bob at this').getAttribute('data-mentions-me')).toBeNull();
    await sayAccepted(panelA, 'no mention here');
    expect(await messageWith(panelB, 'no mention here').getAttribute('data-mentions-me')).toBeNull();
  });

  it('edits and deletes show on both sides, and up-arrow edits the last own message', async () => {
    const { panelA, panelB } = await named(siteUrl('/article?scenario=messages-edit'));
    await sayAccepted(panelA, 'first draft');
    await sayAccepted(panelA, 'second thought');
    await editMessage(panelA, 'first draft', 'first, edited');
    for (const panel of [panelA, panelB]) {
      await until(() => messageWith(panel, 'first, edited').getByTestId('message-edited').count(), 1);
    }
    expect(await messageTexts(panelB)).toEqual(['first, edited (edited)', 'second thought']);

    const composer = panelA.getByTestId('composer');
    await composer.fill('');
    await composer.press('ArrowUp');
    await until(() => composer.inputValue(), 'second thought');
    await composer.fill('second, by arrow');
    await composer.press('Enter');
    await until(() => messageTexts(panelB), ['first, edited (edited)', 'second, by arrow (edited)']);

    await deleteMessage(panelA, 'first, edited');
    for (const panel of [panelA, panelB]) {
      await until(() => panel.getByTestId('message-deleted').count(), 1);
      await until(() => messageTexts(panel), ['message deleted', 'second, by arrow (edited)']);
    }
    // The other side offers no edit or delete of someone else's message.
    await pointAt(messageWith(panelB, 'second, by arrow'));
    expect(await messageWith(panelB, 'second, by arrow').getByTestId('message-edit').count()).toBe(0);
    expect(await messageWith(panelB, 'second, by arrow').getByTestId('message-delete').count()).toBe(0);
    await shot(panelB, 'edited-and-deleted');
  });

  it('in a DM: a reply, an edit, a delete and reactions reach the other side', async () => {
    const pair = await named(siteUrl('/article?scenario=messages-dm'));
    const { panelA, panelB } = pair;
    await openDm(pair);
    await panelA.getByTestId('dm-composer').fill('just between us');
    await panelA.getByTestId('dm-composer').press('Enter');
    await until(() => dmTexts(panelB), ['just between us']);

    await reply(panelB, 'just between us', 'agreed', 'dm-message');
    await until(
      () => messageWith(panelA, 'agreed', 'dm-message').getByTestId('message-quote').textContent(),
      'Alice just between us',
    );

    const original = messageWith(panelB, 'just between us', 'dm-message');
    await pointAt(original);
    await original.getByRole('button', { name: 'React with 👍' }).click();
    await until(() => chipsOf(panelB, 'just between us', 'dm-message'), [{ emoji: '👍', count: '1', pressed: 'true' }]);
    await until(
      () => chipsOf(panelA, 'just between us', 'dm-message'),
      [{ emoji: '👍', count: '1', pressed: 'false' }],
    );
    // Her click on his chip adds hers.
    await messageWith(panelA, 'just between us', 'dm-message').getByTestId('reaction').click();
    await until(() => chipsOf(panelB, 'just between us', 'dm-message'), [{ emoji: '👍', count: '2', pressed: 'true' }]);

    await editMessage(panelA, 'just between us', 'just between the two of us', 'dm-message');
    await until(
      () => messageWith(panelB, 'just between the two', 'dm-message').getByTestId('message-edited').count(),
      1,
    );
    await deleteMessage(panelB, 'agreed', 'dm-message');
    await until(() => panelA.getByTestId('message-deleted').count(), 1);
    await until(() => dmTexts(panelA), ['just between the two of us (edited)', 'message deleted']);
    await shot(panelA, 'dm');
  });
});
