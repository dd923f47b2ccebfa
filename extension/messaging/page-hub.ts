/**
 * Content script ↔ service worker: one-shot runtime messages. The page tells the hub where
 * its tab is now (after injection and after every in-page navigation while the panel is
 * open); the hub tells the page to toggle or close its panel. None of it leaves the browser.
 */

/** What the content script reads off the page; the hub derives the rooms from it. */
export interface PageLocation {
  href: string;
  /** The `<link rel="canonical">` target, resolved to an absolute URL, or null. */
  canonical: string | null;
  /** The publisher's `<meta name="samepage" content="off">`. */
  optedOut: boolean;
  title: string;
}

/** Content script → hub. */
export type PageToHub = { type: 'page:location'; location: PageLocation };

/** Hub → content script. */
export type HubToPage = { type: 'panel:toggle' } | { type: 'panel:close' };

/** The content script's reply to a HubToPage message, so the hub knows it is there. */
export interface PageReply {
  open: boolean;
}
