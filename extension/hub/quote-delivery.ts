/**
 * Quotes taken from a page, on their way to the composer of that tab's panel (issue #12, "Quote
 * the page"). The floating control is only there while the panel is, but the context menu may
 * open the panel as it quotes: then the quote waits here, one per tab, until the tab's panel
 * connects, and is dropped if none does within QUOTE_HOLD_MS.
 */
import type { PageQuote } from '../../protocol/index.ts';
import { push, type PanelLink } from './panel-link.ts';

/** How long a quote waits for its tab's panel: more than a panel takes to load under load. */
export const QUOTE_HOLD_MS = 15_000;

export class QuoteDelivery {
  // Keyed by tab, one quote each (a newer one replaces it), each dropped after holdMs.
  readonly #held = new Map<number, { quote: PageQuote; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly holdMs = QUOTE_HOLD_MS) {}

  /** Gives `quote` to the panels of `tabId` among `links`, or holds it until one connects. */
  deliver(tabId: number, quote: PageQuote, links: Iterable<PanelLink>): void {
    let shown = false;
    for (const link of links) {
      if (link.tabId !== tabId) continue;
      push(link, 'composer:quote', { quote });
      shown = true;
    }
    if (shown) return;
    this.#drop(tabId);
    this.#held.set(tabId, { quote, timer: setTimeout(() => this.#held.delete(tabId), this.holdMs) });
  }

  /** A panel connected: it gets the quote held for its tab, if any. */
  claim(link: PanelLink): void {
    const held = link.tabId === undefined ? undefined : this.#held.get(link.tabId);
    if (!held || link.tabId === undefined) return;
    this.#drop(link.tabId);
    push(link, 'composer:quote', { quote: held.quote });
  }

  dispose(): void {
    for (const tabId of [...this.#held.keys()]) this.#drop(tabId);
  }

  #drop(tabId: number): void {
    clearTimeout(this.#held.get(tabId)?.timer);
    this.#held.delete(tabId);
  }
}
