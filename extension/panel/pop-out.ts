/** The pop-out panel: a page's room in a tab of its own. */
import { browser } from 'wxt/browser';
import { popOutHref } from '../lib/pop-out-url.ts';

export async function openPopOut(pageUrl: string, title: string): Promise<void> {
  await browser.tabs.create({ url: popOutHref(pageUrl, title) });
}
