/**
 * The page of a panel in Chrome's side panel: the active tab of its window, followed as the
 * person switches tabs or the tab navigates. Like the pop-out, it knows the page by its address
 * only (it has no content script to ask), so a canonical link or an opt-out tag is not seen;
 * the address needs the optional `tabs` permission (lib/side-panel.ts), without which the
 * panel says the page has no room.
 */
import { browser } from 'wxt/browser';
import type { PageContext } from '../lib/domain.ts';
import { pageContextOf } from '../lib/page-context.ts';

export function followActiveTab(set: (context: PageContext) => void): () => void {
  let windowId: number | undefined;
  // Each change asks again; only the newest answer counts, whatever order they arrive in.
  let asked = 0;

  async function update(): Promise<void> {
    const ask = ++asked;
    const [tab] = await browser.tabs.query({ active: true, windowId });
    const context = await pageContextOf(tab?.url ?? '', tab?.title || null);
    if (ask === asked) set(context);
  }

  const onActivated: Parameters<typeof browser.tabs.onActivated.addListener>[0] = (info) => {
    if (info.windowId === windowId) void update();
  };
  const onUpdated: Parameters<typeof browser.tabs.onUpdated.addListener>[0] = (_id, change, tab) => {
    if (tab.active && tab.windowId === windowId && (change.url !== undefined || change.title !== undefined)) {
      void update();
    }
  };
  browser.tabs.onActivated.addListener(onActivated);
  browser.tabs.onUpdated.addListener(onUpdated);
  void browser.windows.getCurrent().then((current) => {
    windowId = current.id;
    void update();
  });
  return () => {
    browser.tabs.onActivated.removeListener(onActivated);
    browser.tabs.onUpdated.removeListener(onUpdated);
  };
}
