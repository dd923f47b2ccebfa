/**
 * The hub's share of "Keep samepage open on this site" (lib/kept-sites.ts): the person can
 * withdraw a site's hosts outside samepage (Chrome's site access menu, its extension settings),
 * which leaves the registration in place but powerless; the hub then drops it, so the panel's
 * box and the options page's list stay true. After an update of the extension (or a browser
 * start) it registers again any kept site whose registration the browser dropped.
 */
import { browser } from 'wxt/browser';
import { browserKeepOpenApi, forgetWithdrawn, restoreKeptSites } from '../lib/kept-sites.ts';

export function followKeptSites(): void {
  browser.permissions.onRemoved.addListener((removed) => {
    if (removed.origins?.length) void forgetWithdrawn(browserKeepOpenApi());
  });
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'update') void restoreKeptSites(browserKeepOpenApi());
  });
  browser.runtime.onStartup.addListener(() => void restoreKeptSites(browserKeepOpenApi()));
}
