/**
 * Content script ↔ service worker: one-shot runtime messages. The page tells the hub which
 * room its tab is in now (after injection and after every in-page navigation); the hub
 * tells the page to toggle or close its panel.
 */
import type { PageContext } from './panel-hub.ts';

/** Content script → hub. */
export type PageToHub = { type: 'page:context'; context: PageContext };

/** Hub → content script. */
export type HubToPage = { type: 'panel:toggle' } | { type: 'panel:close' };

/** The content script's reply to a HubToPage message, so the hub knows it is there. */
export interface PageReply {
  open: boolean;
}
