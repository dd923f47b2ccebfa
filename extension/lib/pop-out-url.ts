/**
 * The pop-out panel's address, `panel.html?url=<page URL>` (PROTOCOL.md, "Extension test
 * surface"), with `&title=<page title>` when it is known: written by the hub (a page that cannot
 * have a panel) and by the panel (its pop-out button), read by the panel it opens. It stays in
 * the browser, like the page itself.
 */
import { browser } from 'wxt/browser';

const URL_PARAM = 'url';
const TITLE_PARAM = 'title';

/** The page a popped-out panel belongs to, or null when this panel is the injected one. */
export function popOutTarget(search: string): string | null {
  return new URLSearchParams(search).get(URL_PARAM);
}

/** The title of the page a popped-out panel belongs to, when the opener knew it. */
export function popOutTitle(search: string): string | null {
  return new URLSearchParams(search).get(TITLE_PARAM) || null;
}

export function popOutHref(pageUrl: string, title = ''): string {
  const query = new URLSearchParams({ [URL_PARAM]: pageUrl, ...(title ? { [TITLE_PARAM]: title } : {}) });
  return `${browser.runtime.getURL('/panel.html')}?${query}`;
}

/** A popped-out panel's tab title: "(unread) page title — samepage", so the tab strip shows news. */
export function popOutTabTitle(pageTitle: string | null, unread: number): string {
  const name = pageTitle ? `${pageTitle} — samepage` : 'samepage';
  return unread > 0 ? `(${unread}) ${name}` : name;
}
