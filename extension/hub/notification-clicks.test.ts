import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { browser } from 'wxt/browser';
import { popOutHref } from '../lib/pop-out-url.ts';
import { conversationHref, openNotified, type ClickTargets } from './notification-clicks.ts';
import { notificationId, targetOf } from './notifications.ts';

type Call = (...args: unknown[]) => Promise<unknown>;
const api = browser as unknown as { tabs: { sendMessage: Call } };

const ROOM = 'a'.repeat(64);
const KEY = `${ROOM}:alice-0000000000000:bob-00000000000000000`;
const conversation = { kind: 'conversation', key: KEY, room: ROOM } as const;

let sendMessage: MockInstance<Call>;

function targets(watching: number[], origin?: number) {
  const opened: Array<[number, string]> = [];
  const given: ClickTargets = {
    tabsWatching: () => watching,
    originOf: () => origin,
    openConversation: (tabId, key) => void opened.push([tabId, key]),
  };
  return { given, opened };
}

beforeEach(() => {
  sendMessage = vi.spyOn(api.tabs, 'sendMessage').mockResolvedValue({ open: true });
});

afterEach(() => vi.restoreAllMocks());

describe('a notification', () => {
  it('names its conversation or room in its id, and nothing else is taken for one', () => {
    expect(targetOf(notificationId(conversation))).toEqual(conversation);
    expect(targetOf(notificationId({ kind: 'room', room: ROOM }))).toEqual({ kind: 'room', room: ROOM });
    expect(targetOf('someone-else')).toBeNull();
  });
});

describe('a click on a notification', () => {
  it('brings forward the tab whose panel watches the room, opens its panel and the conversation', async () => {
    const [, tab] = [
      await browser.tabs.create({ url: 'https://a.example/' }),
      await browser.tabs.create({ url: 'https://b.example/' }),
    ];
    const update = vi.spyOn(browser.tabs, 'update');
    const { given, opened } = targets([tab.id ?? -1]);
    await openNotified(conversation, given);
    expect(update).toHaveBeenCalledWith(tab.id, { active: true });
    expect(sendMessage).toHaveBeenCalledWith(tab.id, { type: 'panel:open' });
    expect(opened).toEqual([[tab.id, KEY]]);
  });

  it('opens the pop-out of the page the conversation was seen in when that tab has no panel any more', async () => {
    sendMessage.mockRejectedValue(new Error('Receiving end does not exist.'));
    const origin = await browser.tabs.create({ url: 'https://a.example/post', title: 'A post' } as never);
    const { given, opened } = targets([], origin.id);
    await openNotified(conversation, given);
    const title = (await browser.tabs.get(origin.id ?? -1)).title ?? '';
    const popOut = (await browser.tabs.query({})).find(
      (tab) => tab.url === popOutHref('https://a.example/post', title),
    );
    expect(popOut).toBeDefined();
    expect(opened).toEqual([[popOut?.id, KEY]]);
  });

  it('opens the pop-out for the conversation in a new tab when no tab holds it', async () => {
    const { given, opened } = targets([], 9999);
    await openNotified(conversation, given);
    const created = (await browser.tabs.query({})).find((tab) => tab.url === conversationHref(KEY));
    expect(created).toBeDefined();
    expect(opened).toEqual([[created?.id, KEY]]);
  });

  it('for a mention, only brings its room forward', async () => {
    const tab = await browser.tabs.create({ url: 'https://a.example/' });
    const { given, opened } = targets([tab.id ?? -1]);
    await openNotified({ kind: 'room', room: ROOM }, given);
    expect(sendMessage).toHaveBeenCalledWith(tab.id, { type: 'panel:open' });
    expect(opened).toEqual([]);
  });
});
