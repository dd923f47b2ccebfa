/**
 * The page context of each tab whose panel is open, as the content script last reported it.
 * Kept in `storage.session` because Chrome stops the service worker whenever it likes: a
 * new worker must still know which room a reconnecting panel's tab is in.
 */
import { browser } from 'wxt/browser';
import type { PageContext } from '../lib/domain.ts';

const keyOf = (tabId: number): string => `tab:${tabId}`;

export async function readTabContext(tabId: number): Promise<PageContext | undefined> {
  const { [keyOf(tabId)]: context } = await browser.storage.session.get(keyOf(tabId));
  return context as PageContext | undefined;
}

export function writeTabContext(tabId: number, context: PageContext): Promise<void> {
  return browser.storage.session.set({ [keyOf(tabId)]: context });
}

export function forgetTabContext(tabId: number): Promise<void> {
  return browser.storage.session.remove(keyOf(tabId));
}

export interface TabContexts {
  read(tabId: number): Promise<PageContext | undefined>;
  write(tabId: number, context: PageContext): Promise<void>;
  forget(tabId: number): Promise<void>;
}

/**
 * The same, with this worker's own copy in front of storage: a panel connects a moment after
 * its tab's report, and need not wait for a storage read (or the write before it) to learn
 * its page. A new worker starts with an empty copy and reads storage.
 */
export function createTabContexts(): TabContexts {
  const known = new Map<number, PageContext>();
  return {
    read: async (tabId) => known.get(tabId) ?? readTabContext(tabId),
    write(tabId, context) {
      known.set(tabId, context);
      return writeTabContext(tabId, context);
    },
    forget(tabId) {
      known.delete(tabId);
      return forgetTabContext(tabId);
    },
  };
}
