/**
 * The toolbar click (and its keyboard command): toggle the panel of a tab whose content
 * script is already there, inject it otherwise. A page that cannot have a panel (not http,
 * or a browser page where nothing may be injected) gets the pop-out, which explains why.
 */
import { browser, type Browser } from 'wxt/browser';
import type { HubToPage, PageReply } from '../messaging/page-hub.ts';

const CONTENT_SCRIPT = '/content-scripts/content.js';

export function popOutUrl(pageUrl: string): string {
  return `${browser.runtime.getURL('/panel.html')}?url=${encodeURIComponent(pageUrl)}`;
}

export async function sendToPage(tabId: number, command: HubToPage): Promise<PageReply | undefined> {
  try {
    return (await browser.tabs.sendMessage(tabId, command)) as PageReply | undefined;
  } catch {
    return undefined; // no content script in that tab (yet)
  }
}

export async function onActionClicked(tab: Browser.tabs.Tab): Promise<void> {
  if (tab.id === undefined) return;
  if (await sendToPage(tab.id, { type: 'panel:toggle' })) return;
  const url = tab.url ?? '';
  if (/^https?:/i.test(url)) {
    try {
      await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [CONTENT_SCRIPT] });
      return;
    } catch {
      // The browser forbids injection here (a store page, a PDF viewer): fall through.
    }
  }
  await browser.windows.create({ url: popOutUrl(url), type: 'popup', width: 380, height: 640 });
}
