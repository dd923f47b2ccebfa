/**
 * The hub's share of "Keep samepage open on this site" (lib/kept-sites.ts): the person can
 * withdraw a site's hosts outside samepage (Chrome's site access menu, its extension settings),
 * which leaves the registration in place but powerless; the hub then drops it, so the panel's
 * box and the options page's list stay true.
 */
import { browser } from 'wxt/browser';
import { browserKeepOpenApi, forgetWithdrawn } from '../lib/kept-sites.ts';

export function listenToWithdrawnSites(): void {
  browser.permissions.onRemoved.addListener((removed) => {
    if (removed.origins?.length) void forgetWithdrawn(browserKeepOpenApi());
  });
}
