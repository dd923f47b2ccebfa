/**
 * Issue #13, "Done when": a DM reaches a person whose panel is closed, is counted on their
 * toolbar badge and in their inbox until read. Two real browsers; Bob closes his panel and
 * waits past the old 10 s linger, so only the hub staying connected can deliver.
 */
import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { User } from './support/browser.ts';
import {
  closePanel,
  dmTexts,
  memberIds,
  openPanel,
  people,
  sayAccepted,
  selfId,
  sendDm,
  setName,
  siteUrl,
  until,
} from './support/panel.ts';

const users = people('alice', 'bob');

/** What this project reads of Chrome's API in the worker (it has no Chrome types). */
interface WorkerGlobals {
  chrome: {
    action: { getBadgeText(details: { tabId?: number }): Promise<string> };
    tabs: { query(filter: { url: string }): Promise<Array<{ id: number }>> };
  };
}

async function badgeOf(user: User, tabUrl?: string): Promise<string> {
  const worker = await user.worker();
  return worker.evaluate(async (url) => {
    const { chrome } = globalThis as unknown as WorkerGlobals;
    const [tab] = url === undefined ? [] : await chrome.tabs.query({ url });
    return chrome.action.getBadgeText(tab ? { tabId: tab.id } : {});
  }, tabUrl);
}

const conversationRow = (panel: Frame, peerId: string) =>
  panel.locator(`[data-testid="dm-conversation"][data-user-id="${peerId}"]`);

async function openInbox(panel: Frame): Promise<void> {
  await panel.getByTestId('dm-inbox').click();
  await panel.getByTestId('dm-conversation').first().waitFor();
}

describe('a DM to someone whose panel is closed', () => {
  it('reaches them, counts on their badge and in their inbox until they read it', async () => {
    const url = siteUrl('/article?scenario=reach');
    const [pageA, pageB] = await Promise.all([users.alice.open(url), users.bob.open(url)]);
    const panelA = await openPanel(users.alice, pageA);
    await setName(panelA, 'Alice');
    let panelB = await openPanel(users.bob, pageB);
    await setName(panelB, 'Bob');
    const [idA, idB] = [await selfId(panelA), await selfId(panelB)];
    await until(() => memberIds(panelA), [idA, idB].sort());

    // They meet on the page: Bob's DM starts the conversation the relay lets them continue.
    await sendDm(panelB, idA, 'hello from the article');
    await until(() => dmTexts(panelB), ['hello from the article']);

    await closePanel(users.bob, pageB);
    await until(() => memberIds(panelA), [idA]);
    // Past the 10 s the socket used to linger after the last panel.
    await pageA.waitForTimeout(11_000);

    await panelA
      .getByRole('button', { name: 'Back to the room' })
      .click()
      .catch(() => undefined);
    // Bob's first DM is a message request for Alice (issue #14): she accepts it.
    await panelA.getByTestId('dm-inbox').click();
    await panelA.getByTestId('dm-accept').click();
    await conversationRow(panelA, idB).click();
    await panelA.getByTestId('dm-composer').fill('still there, Bob?');
    await panelA.getByTestId('dm-send').click();
    await until(() => dmTexts(panelA), ['hello from the article', 'still there, Bob?']);

    await until(() => badgeOf(users.bob), '1');

    panelB = await openPanel(users.bob, pageB);
    await openInbox(panelB);
    const row = conversationRow(panelB, idA);
    await until(() => row.getAttribute('data-unread'), '1');
    expect(await row.textContent()).toContain('still there, Bob?');
    await row.click();
    await until(() => dmTexts(panelB), ['hello from the article', 'still there, Bob?']);
    await until(() => badgeOf(users.bob), '');
  });

  it('counts the room’s unread messages on the tab of a collapsed panel, which stays in its room', async () => {
    const url = siteUrl('/article?scenario=collapsed');
    const [pageA, pageB] = await Promise.all([users.alice.open(url), users.bob.open(url)]);
    const panelA = await openPanel(users.alice, pageA);
    const panelB = await openPanel(users.bob, pageB);
    const [idA, idB] = [await selfId(panelA), await selfId(panelB)];
    await until(() => memberIds(panelA), [idA, idB].sort());

    await panelB.getByTestId('panel-collapse').click();
    await sayAccepted(panelA, 'anyone still reading?');
    await sayAccepted(panelA, 'the end is the best part');
    await until(() => badgeOf(users.bob, url), '2');
    // Collapsed is not gone: Bob is still in the room.
    expect(await memberIds(panelA)).toEqual([idA, idB].sort());

    await users.bob.clickAction(pageB);
    await until(() => badgeOf(users.bob, url), '');
  });
});
