/**
 * The content script's whole job, started when the toolbar click injects it: show the panel,
 * tell the hub where this tab is (and again after each in-page navigation while the
 * panel is open), and obey the hub's toggle and close.
 */
import { browser } from 'wxt/browser';
import type { HubToPage, PageReply, PageToHub } from '../messaging/page-hub.ts';
import { watchNavigation } from './navigation-watch.ts';
import { locationInputs, readPageLocation } from './page-location.ts';
import { createPanelFrame } from './panel-frame.ts';

export function startPageAgent(onInvalidated: (cleanup: () => void) => void): void {
  const frame = createPanelFrame(browser.runtime.getURL('/panel.html'));
  let watching: AbortController | null = null;
  let lastInputs = '';

  async function report(): Promise<void> {
    const current = readPageLocation(document, location.href);
    const inputs = locationInputs(current);
    if (inputs === lastInputs) return;
    lastInputs = inputs;
    const message: PageToHub = { type: 'page:location', location: current };
    await browser.runtime.sendMessage(message);
  }

  function open(): void {
    frame.show();
    watching = new AbortController();
    watchNavigation(() => void report(), watching.signal);
    lastInputs = '';
    void report();
  }

  function close(): void {
    watching?.abort();
    watching = null;
    frame.hide();
  }

  // Answered through sendResponse, not a returned promise: this script has the browser's native
  // API (no polyfill, see wxt.config.ts), and Chrome 116, our oldest, ignores a listener's promise.
  const onMessage = (message: unknown, _sender: unknown, sendResponse: (reply: PageReply) => void): undefined => {
    const command = message as HubToPage;
    if (command.type === 'panel:toggle') (frame.open ? close : open)();
    else if (command.type === 'panel:close') close();
    else return;
    sendResponse({ open: frame.open });
  };
  browser.runtime.onMessage.addListener(onMessage);
  onInvalidated(() => {
    browser.runtime.onMessage.removeListener(onMessage);
    close();
  });
  open();
}
