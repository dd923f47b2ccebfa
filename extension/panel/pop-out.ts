/**
 * The pop-out panel: `panel.html?url=<page URL>` in a tab of its own, chatting in that
 * page's room (PROTOCOL.md, "Extension test surface").
 */
import { browser } from 'wxt/browser';

const URL_PARAM = 'url';

/** The page a popped-out panel belongs to, or null when this panel is the injected one. */
export function popOutTarget(search: string): string | null {
  return new URLSearchParams(search).get(URL_PARAM);
}

export function popOutHref(pageUrl: string): string {
  return `${browser.runtime.getURL('/panel.html')}?${new URLSearchParams({ [URL_PARAM]: pageUrl })}`;
}

export async function openPopOut(pageUrl: string): Promise<void> {
  await browser.tabs.create({ url: popOutHref(pageUrl) });
}
