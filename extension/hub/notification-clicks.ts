/**
 * A click on a notification (issue #13) brings the right tab forward and opens what it was
 * about: the tab whose panel watches that room; else the tab the conversation was seen in, if
 * it is still open (its panel is opened again, or the pop-out for its page if the page has no
 * panel any more); else the pop-out panel in a new tab. A conversation is then opened in that
 * tab's panel (`inbox:open`), at once or when the panel connects.
 */
import { browser } from 'wxt/browser';
import type { RoomKey } from '../../protocol/index.ts';
import { popOutHref } from '../lib/pop-out-url.ts';
import type { NotificationTarget } from './notifications.ts';
import { sendToPage } from './action.ts';

export interface ClickTargets {
  tabsWatching(room: RoomKey): number[];
  originOf(key: string): number | undefined;
  openConversation(tabId: number, key: string): void;
}

/** The pop-out for a conversation no tab holds: the panel reads `conversation` and asks the hub. */
export function conversationHref(key: string): string {
  return `${browser.runtime.getURL('/panel.html')}?${new URLSearchParams({ conversation: key })}`;
}

async function bringForward(tabId: number): Promise<boolean> {
  try {
    const tab = await browser.tabs.update(tabId, { active: true });
    if (tab?.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
    return true;
  } catch {
    return false; // the tab closed since
  }
}

export async function openNotified(target: NotificationTarget, targets: ClickTargets): Promise<void> {
  const key = target.kind === 'conversation' ? target.key : null;
  const open = (tabId: number): void => {
    if (key !== null) targets.openConversation(tabId, key);
  };
  for (const tabId of targets.tabsWatching(target.room)) {
    if (!(await bringForward(tabId))) continue;
    await sendToPage(tabId, { type: 'panel:open' });
    open(tabId);
    return;
  }
  const origin = key === null ? undefined : targets.originOf(key);
  if (origin !== undefined && (await bringForward(origin))) {
    if (await sendToPage(origin, { type: 'panel:open' })) return open(origin);
    const tab = await browser.tabs.get(origin);
    if (tab.url && /^https?:/i.test(tab.url)) {
      const popOut = await browser.tabs.create({ url: popOutHref(tab.url, tab.title ?? '') });
      if (popOut.id !== undefined) open(popOut.id);
      return;
    }
  }
  if (key === null) return;
  const created = await browser.tabs.create({ url: conversationHref(key) });
  if (created.id !== undefined) open(created.id);
}
