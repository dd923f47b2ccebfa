/**
 * The toolbar badge in the browser, behind a seam the tests replace. Chrome resets a tab's own
 * badge text when the tab navigates, so the hub applies it again then (`tabs.onUpdated`); a tab
 * that no longer needs its own text is given `null`, which falls back to the global text.
 */
import { browser } from 'wxt/browser';
import type { BadgeTexts } from './badge.ts';

export interface BadgeSurface {
  /** `tabId` undefined: the text every tab without its own shows; `text` null: the tab shows that. */
  setText(text: string | null, tabId?: number): Promise<void>;
}

/** Readable on light and dark toolbars, with the white text Chrome draws on it. */
const BADGE_COLOR = '#b3261e';

export function browserBadge(): BadgeSurface {
  let colored = false;
  return {
    async setText(text, tabId) {
      if (!colored) {
        colored = true;
        await browser.action.setBadgeBackgroundColor({ color: BADGE_COLOR }).catch(() => undefined);
      }
      // `null` for a tab clears its own text (documented by Chrome); the polyfill's type says string.
      const details = { text: text as string, ...(tabId === undefined ? {} : { tabId }) };
      await browser.action.setBadgeText(details).catch(() => undefined);
    },
  };
}

/**
 * Applies badge texts, writing only what changed since the last call, and clearing the own
 * text of tabs that no longer need one.
 */
export class BadgeWriter {
  #global: string | null = null;
  readonly #tabs = new Map<number, string>();

  constructor(private readonly surface: BadgeSurface) {}

  async apply(texts: BadgeTexts): Promise<void> {
    const writes: Array<Promise<void>> = [];
    if (texts.global !== this.#global) {
      this.#global = texts.global;
      writes.push(this.surface.setText(texts.global));
    }
    for (const [tabId] of this.#tabs) {
      if (texts.tabs.has(tabId)) continue;
      this.#tabs.delete(tabId);
      writes.push(this.surface.setText(null, tabId));
    }
    for (const [tabId, text] of texts.tabs) {
      if (this.#tabs.get(tabId) === text) continue;
      this.#tabs.set(tabId, text);
      writes.push(this.surface.setText(text, tabId));
    }
    await Promise.all(writes);
  }

  /** The tab navigated and Chrome dropped its own text: it is written again. */
  async reapply(tabId: number): Promise<void> {
    const text = this.#tabs.get(tabId);
    if (text !== undefined) await this.surface.setText(text, tabId);
  }
}
