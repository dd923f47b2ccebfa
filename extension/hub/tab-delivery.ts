/**
 * A push for the panel of one tab, which may still be loading: the context menu's quote opens
 * the panel as it quotes (issue #12), a notification's click may have to open one (issue #13).
 * It goes to the tab's panels now, or waits, one per tab (a newer one replaces it), until the
 * tab's panel connects, and is dropped if none does within `holdMs`.
 */
import type { HubPushes } from '../messaging/panel-hub.ts';
import { push, type PanelLink } from './panel-link.ts';

/** How long a push waits for its tab's panel: more than a panel takes to load under load. */
export const HOLD_MS = 15_000;
/** A bound on tabs waiting at once: a burst of clicks cannot grow it without end. */
const HELD_MAX = 20;

export class TabDelivery<T extends keyof HubPushes> {
  readonly #held = new Map<number, { payload: HubPushes[T]; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly type: T,
    private readonly holdMs = HOLD_MS,
  ) {}

  /** Pushes `payload` to the panels of `tabId` among `links`, or holds it for the tab's next panel. */
  deliver(tabId: number, payload: HubPushes[T], links: Iterable<PanelLink>): void {
    let shown = false;
    for (const link of links) {
      if (link.tabId !== tabId) continue;
      push(link, this.type, payload);
      shown = true;
    }
    if (shown) return;
    this.#drop(tabId);
    if (this.#held.size >= HELD_MAX) {
      const oldest = this.#held.keys().next().value;
      if (oldest !== undefined) this.#drop(oldest);
    }
    this.#held.set(tabId, { payload, timer: setTimeout(() => this.#held.delete(tabId), this.holdMs) });
  }

  /** A panel connected: it gets what was held for its tab, if anything. */
  claim(link: PanelLink): void {
    if (link.tabId === undefined) return;
    const held = this.#held.get(link.tabId);
    if (!held) return;
    this.#drop(link.tabId);
    push(link, this.type, held.payload);
  }

  dispose(): void {
    for (const tabId of [...this.#held.keys()]) this.#drop(tabId);
  }

  #drop(tabId: number): void {
    clearTimeout(this.#held.get(tabId)?.timer);
    this.#held.delete(tabId);
  }
}
