/**
 * The content script's whole job, started when the toolbar click injects it: show the panel
 * beside the page (page-dock.ts narrows the page for it), tell the hub where this tab is (and
 * again after each in-page navigation while the panel is open), and obey the hub's toggle,
 * collapse, expand and close. Focus goes into the panel as it opens or expands and back to where
 * it was in the page as it collapses or closes. While the panel is open it also offers
 * to quote the selection (quote-button.ts), answers the context menu's request for it, and
 * shows a quoted passage when a panel asks (find-passage.ts, passage-highlight.ts).
 */
import { browser } from 'wxt/browser';
import type { HubToPage, HubToPageOf, PageReplies, PageToHub, PanelState } from '../messaging/page-hub.ts';
import { findPassage } from './find-passage.ts';
import { watchNavigation } from './navigation-watch.ts';
import { createPassageHighlighter } from './passage-highlight.ts';
import { locationInputs, readPageLocation } from './page-location.ts';
import { textRoot } from './page-text.ts';
import { createPageDock } from './page-dock.ts';
import { createPanelFrame } from './panel-frame.ts';
import {
  clampWidth,
  DEFAULT_PANEL_WIDTH,
  loadPanelWidth,
  placement,
  savePanelWidth,
  widthRange,
} from './panel-width.ts';
import { watchSelectionForQuotes } from './quote-button.ts';
import { selectionQuote } from './selection-quote.ts';

const RELAYOUT_AFTER_RESIZE_MS = 50;
const RELAYOUT_AFTER_CHANGES_MS = 250;
/** How long the width rests before it is stored: a drag asks for one every frame. */
const SAVE_WIDTH_AFTER_MS = 300;

export function startPageAgent(onInvalidated: (cleanup: () => void) => void): void {
  const frame = createPanelFrame({
    src: browser.runtime.getURL('/panel.html'),
    onExpand: () => expand(),
    onResize: (width) => resize(width),
  });
  const dock = createPageDock(document);
  const highlighter = createPassageHighlighter(document);
  let watching: AbortController | null = null;
  let lastInputs = '';
  let width = DEFAULT_PANEL_WIDTH;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Where focus was in the page before the panel took it. */
  let returnFocus: HTMLElement | SVGElement | null = null;
  const windowWidth = (): number => document.documentElement.clientWidth || innerWidth;

  async function tell(message: PageToHub): Promise<void> {
    await browser.runtime.sendMessage(message);
  }

  async function report(): Promise<void> {
    const current = readPageLocation(document, location.href);
    const inputs = locationInputs(current);
    if (inputs === lastInputs) return;
    lastInputs = inputs;
    await tell({ type: 'page:location', location: current });
  }

  /** Shows the panel expanded at the remembered width and pushes the page aside (when there is room). */
  function layout(): void {
    const available = windowWidth();
    const place = placement(width, available);
    frame.show(place.width, widthRange(available));
    if (!place.docked || !dock.apply(place.width)) dock.restore();
  }

  function takeFocus(): void {
    const active = document.activeElement;
    if (!frame.focused) {
      returnFocus =
        (active instanceof HTMLElement || active instanceof SVGElement) && active !== document.body ? active : null;
    }
    frame.focus();
  }

  /** Called after the panel is hidden: focus that was in it goes back to the page. */
  function giveFocusBack(hadFocus: boolean): void {
    const active = document.activeElement;
    if ((hadFocus || active === null || active === document.body) && returnFocus?.isConnected) {
      returnFocus.focus({ preventScroll: true });
    }
    returnFocus = null;
  }

  function open(): void {
    if (frame.open) return expand();
    layout();
    takeFocus();
    watching = new AbortController();
    watchNavigation(() => void report(), watching.signal);
    watchSelectionForQuotes((quote) => void tell({ type: 'quote:selected', quote }), watching.signal);
    relayoutOnChanges(watching.signal);
    lastInputs = '';
    void report();
  }

  /**
   * Lays the panel and the page out again when the window is resized, and when the page adds
   * elements or changes classes (a banner, a header that turns fixed as the page scrolls), a
   * moment later: the dock walks the page each time, so once per moment however busy the page.
   */
  function relayoutOnChanges(signal: AbortSignal): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = (delay: number): void => {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        if (frame.open && !frame.collapsed) layout();
      }, delay);
    };
    addEventListener('resize', () => soon(RELAYOUT_AFTER_RESIZE_MS), { signal });
    const changes = new MutationObserver(() => soon(RELAYOUT_AFTER_CHANGES_MS));
    changes.observe(document.documentElement, { childList: true, subtree: true, attributeFilter: ['class'] });
    signal.addEventListener('abort', () => {
      changes.disconnect();
      clearTimeout(timer);
    });
  }

  function expand(): void {
    if (!frame.open) return open();
    if (!frame.collapsed) return;
    layout();
    takeFocus();
  }

  function collapse(): void {
    if (!frame.open || frame.collapsed) return;
    const hadFocus = frame.focused;
    frame.collapse();
    dock.restore();
    giveFocusBack(hadFocus);
  }

  function close(): void {
    const hadFocus = frame.focused;
    watching?.abort();
    watching = null;
    frame.hide();
    dock.restore();
    giveFocusBack(hadFocus);
  }

  function resize(requested: number): void {
    width = clampWidth(requested, windowWidth());
    if (frame.open && !frame.collapsed) layout();
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void savePanelWidth(width), SAVE_WIDTH_AFTER_MS);
  }

  const state = (): PanelState => ({ open: frame.open, collapsed: frame.collapsed });

  /** The reply to each command, as the hub types it (messaging/page-hub.ts). */
  const replies: { [T in HubToPage['type']]: (command: HubToPageOf<T>) => PageReplies[T] } = {
    'panel:toggle': () => {
      if (!frame.open) open();
      else if (frame.collapsed) expand();
      else close();
      return state();
    },
    'panel:open': () => {
      open();
      return state();
    },
    'panel:close': () => {
      close();
      return state();
    },
    'panel:collapse': () => {
      collapse();
      return state();
    },
    'panel:expand': () => {
      expand();
      return state();
    },
    'quote:selection': () => ({ quote: selectionQuote(getSelection()) }),
    'page:reveal': ({ quote }) => {
      const range = findPassage(textRoot(document), quote);
      if (range) highlighter.show(range);
      return { found: range !== null };
    },
  };

  // Answered through sendResponse, not a returned promise: this script has the browser's native
  // API (no polyfill, see wxt.config.ts), and Chrome 116, our oldest, ignores a listener's promise.
  const onMessage = (message: unknown, _sender: unknown, sendResponse: (reply: unknown) => void): undefined => {
    const command = message as HubToPage;
    const reply = Object.hasOwn(replies, command.type) ? replies[command.type] : undefined;
    if (reply) sendResponse((reply as (command: HubToPage) => unknown)(command));
  };
  browser.runtime.onMessage.addListener(onMessage);
  onInvalidated(() => {
    browser.runtime.onMessage.removeListener(onMessage);
    clearTimeout(saveTimer);
    close();
    highlighter.dispose();
  });
  // The first panel waits for the remembered width (a moment), so it does not jump once shown.
  void loadPanelWidth()
    .then((stored) => {
      width = stored;
    })
    .catch(() => undefined)
    .finally(() => open());
}
