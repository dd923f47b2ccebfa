/**
 * The context menu's "Quote in samepage" on a selection (issue #12, "Quote the page"). It opens
 * the tab's panel if it is not open (the toolbar's path, action.ts), asks the content script for
 * the selection as a quote with the words around it, falls back on the menu's own
 * `selectionText` (no prefix or suffix) when the script cannot say, and hands the quote on for
 * the tab's panel, which may still be loading (tab-delivery.ts).
 */
import { t } from '../lib/i18n.ts';
import { browser, type Browser } from 'wxt/browser';
import { quoteFromSelection, type PageQuote } from '../../protocol/index.ts';
import { openPanel, sendToPage } from './action.ts';

export const QUOTE_MENU_ID = 'samepage-quote';

/**
 * Creates the menu item. Chrome keeps items across worker restarts but refuses an id made
 * twice, so the extension's items are removed first: this runs on install and on each start.
 */
export async function createQuoteMenu(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: QUOTE_MENU_ID, title: t('browser_quote_in_samepage'), contexts: ['selection'] });
}

export interface QuoteMenuOptions {
  /** Opens the tab's panel unless it is open; false when the page cannot have one. */
  openPanel(tab: Browser.tabs.Tab): Promise<boolean>;
  /** Gives the quote to the tab's panel, now or once it connects. */
  deliver(tabId: number, quote: PageQuote): void;
}

/** What a click on the menu item does. */
export async function quoteFromMenu(
  selectionText: string | undefined,
  tab: Browser.tabs.Tab,
  options: QuoteMenuOptions,
): Promise<void> {
  if (tab.id === undefined || !(await options.openPanel(tab))) return;
  const reply = await sendToPage(tab.id, { type: 'quote:selection' });
  const quote = reply?.quote ?? quoteFromSelection({ text: selectionText ?? '' });
  if (quote) options.deliver(tab.id, quote);
}

/** Listens to clicks on the menu item. */
export function listenToQuoteMenu(options: Pick<QuoteMenuOptions, 'deliver'> & { warmUp(): void }): void {
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== QUOTE_MENU_ID || !tab) return;
    options.warmUp();
    void quoteFromMenu(info.selectionText, tab, { openPanel, deliver: options.deliver });
  });
}
