/**
 * Content script ↔ service worker: one-shot runtime messages. The page tells the hub where
 * its tab is now (after injection and after every in-page navigation while the panel is
 * open) and hands it the quotes the person takes from the page; the hub tells the page to
 * open, toggle, collapse, expand or close its panel, asks for the selection as a quote (the context menu) and
 * asks it to show a quoted passage. None of it leaves the browser.
 */
import type { PageQuote } from '../../protocol/index.ts';

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
export type PageToHub =
  | { type: 'page:location'; location: PageLocation }
  /** The person pressed "Quote in samepage": the quote goes to the composer of this tab's panel. */
  | { type: 'quote:selected'; quote: PageQuote };

/** Hub → content script. */
export type HubToPage =
  /** Opens a closed panel, expands a collapsed one, closes an expanded one (the toolbar click). */
  | { type: 'panel:toggle' }
  /** Opens the panel if it is closed (the context menu's quote needs it). */
  | { type: 'panel:open' }
  | { type: 'panel:close' }
  /** Leaves a slim tab on the page's edge; the panel's document stays loaded (and in its room). */
  | { type: 'panel:collapse' }
  /** Expands a collapsed panel, opening it if it is closed. */
  | { type: 'panel:expand' }
  /** The current selection as a quote, with the words around it. */
  | { type: 'quote:selection' }
  /** Finds the passage, scrolls to it and highlights it for a few seconds. */
  | { type: 'page:reveal'; quote: PageQuote };

/** Whether the panel is open after a command; any reply also says the content script is there. */
export interface PanelState {
  open: boolean;
  /** Open but shown as the slim tab only. */
  collapsed: boolean;
}

/** The content script's reply to each HubToPage message. */
export interface PageReplies {
  'panel:toggle': PanelState;
  'panel:open': PanelState;
  'panel:close': PanelState;
  'panel:collapse': PanelState;
  'panel:expand': PanelState;
  /** Null when nothing (or only whitespace) is selected. */
  'quote:selection': { quote: PageQuote | null };
  /** Found means scrolled to and highlighted; not found, the page no longer has it. */
  'page:reveal': { found: boolean };
}

/** The message of type `T`. */
export type HubToPageOf<T extends HubToPage['type']> = Extract<HubToPage, { type: T }>;
