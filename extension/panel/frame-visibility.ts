/**
 * Whether the in-page panel can really be seen (issue #13, "a panel no page can fake or steer").
 * The page decides what is painted over, under and around the panel's frame: a popover shown
 * after the panel, an almost transparent overlay, an opacity or a transform could make a person
 * click Send or Delete in a panel they do not see. IntersectionObserver v2 (`trackVisibility`)
 * has the browser tell the frame whether it is drawn unobscured and unaltered; sending and
 * changing messages go through `guard`, which refuses while it is not, in words, and keeps the
 * draft.
 *
 * Only a frame inside a page is watched: a pop-out tab or Chrome's side panel is an extension
 * page in a window of its own, which no page can draw over. Where the browser lacks IO v2
 * (Firefox today), nothing is refused: the panel still sits in the top layer behind a closed
 * shadow root, but a page that draws over that top layer could steer a click there.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';

/**
 * The browser checks visibility at most this often (100 ms is the least IO v2 accepts): a
 * cover lasts at least this long before the panel knows of it.
 */
const CHECK_EVERY_MS = 100;

/**
 * While the panel is not seen, it asks again this often. Chrome does not always report the end
 * of a cover (seen after the panel's own modal dialog closed: a fresh observer said visible, the
 * old one never did), and observing anew always answers with the present state.
 */
const RECHECK_EVERY_MS = 250;

/**
 * After a cover goes away, the panel must stay visible this long before it acts again: a page
 * that lifts its overlay the moment a click starts (it sees the focus leave) gains nothing.
 */
export const SETTLE_MS = 500;

/** What a refused action did not do, for its message. */
export type Refused = 'sent' | 'changed' | 'deleted';

export const refusalText = (what: Refused): string => `samepage is covered by the page; nothing was ${what}.`;

/** The part of IntersectionObserver this module uses, so tests can stand in for the browser. */
export interface VisibilityObserver {
  observe(target: Element): void;
  disconnect(): void;
}

export type VisibilityObserverFactory = (
  callback: (entries: ReadonlyArray<{ readonly isVisible?: boolean }>) => void,
  options: { trackVisibility: true; delay: number; threshold: number[] },
) => VisibilityObserver;

export interface FrameVisibility {
  /** False while the page covers, fades or distorts the panel (and until the browser first says). */
  readonly visible: ReadonlySignal<boolean>;
  /** Why the last guarded action did nothing; null once one goes through. */
  readonly refusal: ReadonlySignal<string | null>;
  /** Runs `action` if the panel is visible and has been for a moment; else says why not. True if it ran. */
  guard(action: () => void, what: Refused): boolean;
  /** Starts watching `target` (the panel's root element); returns how to stop. */
  watch(target: Element, observe?: VisibilityObserverFactory | null): () => void;
  /** Forgets the refusal (the person dismissed it, or the view it was about is gone). */
  dismiss(): void;
}

/** The browser's IntersectionObserver when it reports visibility (v2), else null. */
export function browserVisibilityObserver(): VisibilityObserverFactory | null {
  if (typeof IntersectionObserver === 'undefined' || typeof IntersectionObserverEntry === 'undefined') return null;
  if (!('isVisible' in IntersectionObserverEntry.prototype)) return null;
  // TypeScript's DOM types know neither `isVisible` nor the v2 options.
  return (callback, options) =>
    new IntersectionObserver((entries) => callback(entries as ReadonlyArray<{ isVisible?: boolean }>), options);
}

export function createFrameVisibility(now: () => number = () => performance.now()): FrameVisibility {
  // Unwatched (a pop-out, a side panel, a browser without IO v2) means nothing to guard against.
  const visible = signal(true);
  const refusal = signal<string | null>(null);
  let visibleSince = Number.NEGATIVE_INFINITY;

  function see(isVisible: boolean): void {
    if (isVisible === visible.peek()) return;
    visibleSince = now();
    visible.value = isVisible;
  }

  return {
    visible,
    refusal,
    guard(action, what) {
      if (visible.peek() && now() - visibleSince >= SETTLE_MS) {
        refusal.value = null;
        action();
        return true;
      }
      refusal.value = refusalText(what);
      return false;
    },
    watch(target, observe = browserVisibilityObserver()) {
      if (observe === null) return () => undefined;
      let first = true;
      let recheck: ReturnType<typeof setInterval> | undefined;
      const askAgainWhileUnseen = (): void => {
        if (visible.peek()) {
          clearInterval(recheck);
          recheck = undefined;
        } else
          recheck ??= setInterval(() => {
            observer.disconnect();
            observer.observe(target);
          }, RECHECK_EVERY_MS);
      };
      const observer = observe(
        (entries) => {
          const last = entries.at(-1);
          if (!last) return;
          // An entry without the field comes from a browser that only pretends to track visibility.
          const isVisible = last.isVisible ?? true;
          if (first && isVisible) {
            // The panel's first paint is no uncovering: no page can time a click to the moment it opens.
            first = false;
            batch(() => {
              visible.value = true;
              visibleSince = Number.NEGATIVE_INFINITY;
            });
            return;
          }
          first = false;
          see(isVisible);
          askAgainWhileUnseen();
        },
        { trackVisibility: true, delay: CHECK_EVERY_MS, threshold: [1] },
      );
      // Until the browser has looked, nothing counts as seen.
      visible.value = false;
      observer.observe(target);
      return () => {
        clearInterval(recheck);
        observer.disconnect();
        visible.value = true;
        visibleSince = Number.NEGATIVE_INFINITY;
      };
    },
    dismiss() {
      refusal.value = null;
    },
  };
}

/** The panel's own: watched by the in-page panel's entry point, read by its views and the lead's view state. */
export const frameVisibility = createFrameVisibility();
