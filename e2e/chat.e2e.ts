/**
 * Scenario 1 of issue #4: people on the same page find each other and chat; a later arrival reads the history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchUser, type User } from './support/browser.ts';
import {
  keepArtifactsOnFailure,
  saveReadmeScreenshot,
  memberIds,
  messageTexts,
  openPanel,
  say,
  setName,
  siteUrl,
  until,
} from './support/panel.ts';

let alice: User;
let bob: User;
let carol: User;

beforeAll(async () => {
  [alice, bob, carol] = await Promise.all([launchUser('alice'), launchUser('bob'), launchUser('carol')]);
});
keepArtifactsOnFailure(() => [alice, bob, carol]);
afterAll(async () => {
  await Promise.all([alice, bob, carol].map((user) => user?.close()));
});

describe('people on the same page', () => {
  it('see each other, chat, and a later arrival reads the history', async () => {
    const url = siteUrl('/article?scenario=1');
    const [pageA, pageB] = await Promise.all([alice.open(url), bob.open(url)]);
    const panelA = await openPanel(alice, pageA);
    await setName(panelA, 'Alice');
    const panelB = await openPanel(bob, pageB);
    await setName(panelB, 'Bob');

    await until(async () => (await memberIds(panelA)).length, 2);
    expect(await memberIds(panelA)).toEqual(await memberIds(panelB));

    await say(panelA, 'Hello from Alice');
    await until(() => messageTexts(panelB), ['Hello from Alice']);
    await say(panelB, 'Hi Alice, Bob here');
    await until(() => messageTexts(panelA), ['Hello from Alice', 'Hi Alice, Bob here']);

    const pageC = await carol.open(url);
    const panelC = await openPanel(carol, pageC);
    await until(() => messageTexts(panelC), ['Hello from Alice', 'Hi Alice, Bob here']);
    await until(async () => (await memberIds(panelC)).length, 3);
    await saveReadmeScreenshot(pageB);
  });
});
