/**
 * Scenario 9 of issue #4: the pop-out, `panel.html?url=<page>` in a tab of its own, chats in
 * that page's room with the people whose panel is injected in the page; the panel's pop-out
 * button opens it.
 */
import { describe, expect, it } from 'vitest';
import {
  people,
  connectionOf,
  memberIds,
  messageTexts,
  openPanel,
  pairOn,
  popOutUrl,
  sayAccepted,
  selfId,
  siteUrl,
  until,
} from './support/panel.ts';

const users = people('alice', 'bob');

describe('the pop-out', () => {
  it('chats both ways with an injected panel on its page', async () => {
    const url = siteUrl('/article?scenario=9');
    const pageB = await users.bob.open(url);
    const panelB = await openPanel(users.bob, pageB);
    const popOut = (await users.alice.open(popOutUrl(users.alice, url))).mainFrame();
    await until(() => connectionOf(popOut), 'connected');
    const [idA, idB] = [await selfId(popOut), await selfId(panelB)];
    await until(() => memberIds(popOut), [idA, idB].sort());
    await until(() => memberIds(panelB), [idA, idB].sort());

    await sayAccepted(popOut, 'hello from a tab of its own');
    await until(() => messageTexts(panelB), ['hello from a tab of its own']);
    await sayAccepted(panelB, 'hello from the page');
    await until(() => messageTexts(popOut), ['hello from a tab of its own', 'hello from the page']);
  });

  it('is what the panel’s pop-out button opens', async () => {
    const url = siteUrl('/article?scenario=9-button');
    const { panelA, panelB, idA, idB } = await pairOn(url, users.alice, users.bob);

    const opened = users.alice.context.waitForEvent('page');
    await panelA.getByRole('button', { name: 'Open in a tab of its own' }).click();
    const tab = await opened;
    await tab.waitForURL(/\/panel\.html\?/);
    const address = new URL(tab.url());
    expect(address.protocol).toBe('chrome-extension:');
    expect(address.host).toBe(users.alice.extensionId);
    expect(address.pathname).toBe('/panel.html');
    expect(address.searchParams.get('url')).toBe(url);

    const popOut = tab.mainFrame();
    await until(() => connectionOf(popOut), 'connected');
    // The tab and the header name the page by its title, not its address.
    await until(() => tab.title(), 'An article — samepage');
    expect(await popOut.getByTestId('page-title').textContent()).toBe('An article');
    await until(() => memberIds(popOut), [idA, idB].sort());
    await sayAccepted(popOut, 'popped out and still here');
    await until(() => messageTexts(panelB), ['popped out and still here']);
  });
});
