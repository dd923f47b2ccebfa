/**
 * Conversations to open in a tab's panel (a notification was clicked, issue #13): pushed as
 * `inbox:open` to the panels of that tab, or held, one per tab, until its panel connects (the
 * click may have had to open one), and dropped if none does within OPEN_HOLD_MS.
 */
import { push, type PanelLink } from './panel-link.ts';

export const OPEN_HOLD_MS = 15_000;
/** A bound on tabs waiting at once: a burst of clicks cannot grow it without end. */
const HELD_MAX = 20;

export class PendingOpens {
  readonly #held = new Map<number, { key: string; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly holdMs = OPEN_HOLD_MS) {}

  /** Opens `key` in the panels of `tabId` among `links`, or holds it for the tab's next panel. */
  deliver(tabId: number, key: string, links: Iterable<PanelLink>): void {
    let shown = false;
    for (const link of links) {
      if (link.tabId !== tabId) continue;
      push(link, 'inbox:open', { key });
      shown = true;
    }
    if (shown) return;
    this.#drop(tabId);
    if (this.#held.size >= HELD_MAX) {
      const oldest = this.#held.keys().next().value;
      if (oldest !== undefined) this.#drop(oldest);
    }
    this.#held.set(tabId, { key, timer: setTimeout(() => this.#held.delete(tabId), this.holdMs) });
  }

  /** A panel connected: it opens what was held for its tab. */
  claim(link: PanelLink): void {
    if (link.tabId === undefined) return;
    const held = this.#held.get(link.tabId);
    if (!held) return;
    this.#drop(link.tabId);
    push(link, 'inbox:open', { key: held.key });
  }

  dispose(): void {
    for (const tabId of [...this.#held.keys()]) this.#drop(tabId);
  }

  #drop(tabId: number): void {
    clearTimeout(this.#held.get(tabId)?.timer);
    this.#held.delete(tabId);
  }
}
