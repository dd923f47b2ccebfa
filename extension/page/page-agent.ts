/**
 * The content script's whole job, started when the toolbar click injects it: show the panel,
 * tell the hub where this tab is (and again after each in-page navigation while the
 * panel is open), and obey the hub's toggle and close. While the panel is open it also offers
 * to quote the selection (quote-button.ts), answers the context menu's request for it, and
 * shows a quoted passage when a panel asks (find-passage.ts, passage-highlight.ts).
 */
import { browser } from 'wxt/browser';
import type { HubToPage, HubToPageOf, PageReplies, PageToHub } from '../messaging/page-hub.ts';
import { findPassage } from './find-passage.ts';
import { watchNavigation } from './navigation-watch.ts';
import { createPassageHighlighter } from './passage-highlight.ts';
import { locationInputs, readPageLocation } from './page-location.ts';
import { textRoot } from './page-text.ts';
import { createPanelFrame } from './panel-frame.ts';
import { watchSelectionForQuotes } from './quote-button.ts';
import { selectionQuote } from './selection-quote.ts';

export function startPageAgent(onInvalidated: (cleanup: () => void) => void): void {
  const frame = createPanelFrame(browser.runtime.getURL('/panel.html'));
  const highlighter = createPassageHighlighter(document);
  let watching: AbortController | null = null;
  let lastInputs = '';

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

  function open(): void {
    if (frame.open) return;
    frame.show();
    watching = new AbortController();
    watchNavigation(() => void report(), watching.signal);
    watchSelectionForQuotes((quote) => void tell({ type: 'quote:selected', quote }), watching.signal);
    lastInputs = '';
    void report();
  }

  function close(): void {
    watching?.abort();
    watching = null;
    frame.hide();
  }

  /** The reply to each command, as the hub types it (messaging/page-hub.ts). */
  const replies: { [T in HubToPage['type']]: (command: HubToPageOf<T>) => PageReplies[T] } = {
    'panel:toggle': () => {
      (frame.open ? close : open)();
      return { open: frame.open };
    },
    'panel:open': () => {
      open();
      return { open: frame.open };
    },
    'panel:close': () => {
      close();
      return { open: frame.open };
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
    close();
    highlighter.dispose();
  });
  open();
}
