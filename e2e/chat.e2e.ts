/**
 * Scenario 1 of issue #4: people on the same page find each other and chat; a later arrival reads the history.
 */
import { describe, expect, it } from 'vitest';
import {
  people,
  saveReadmeScreenshot,
  memberIds,
  messageTexts,
  openPanel,
  say,
  setName,
  siteUrl,
  until,
} from './support/panel.ts';

const users = people('alice', 'bob', 'carol');

describe('people on the same page', () => {
  it('see each other, chat, and a later arrival reads the history', async () => {
    const url = siteUrl('/article?scenario=1');
    const [pageA, pageB] = await Promise.all([users.alice.open(url), users.bob.open(url)]);
    const panelA = await openPanel(users.alice, pageA);
    await setName(panelA, 'Alice');
    const panelB = await openPanel(users.bob, pageB);
    await setName(panelB, 'Bob');

    await until(async () => (await memberIds(panelA)).length, 2);
    expect(await memberIds(panelA)).toEqual(await memberIds(panelB));

    await say(panelA, 'Hello from Alice');
    await until(() => messageTexts(panelB), ['Hello from Alice']);
    await say(panelB, 'Hi Alice, Bob here');
    await until(() => messageTexts(panelA), ['Hello from Alice', 'Hi Alice, Bob here']);

    const pageC = await users.carol.open(url);
    const panelC = await openPanel(users.carol, pageC);
    await until(() => messageTexts(panelC), ['Hello from Alice', 'Hi Alice, Bob here']);
    await until(async () => (await memberIds(panelC)).length, 3);
    await saveReadmeScreenshot(pageB);
  });
});
