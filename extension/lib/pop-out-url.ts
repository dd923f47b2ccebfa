/**
 * The pop-out panel's address, `panel.html?url=<page URL>` (PROTOCOL.md, "Extension test
 * surface"): written by the hub (a page that cannot have a panel) and by the panel (its pop-out
 * button), read by the panel it opens.
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
