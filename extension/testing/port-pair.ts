/**
 * Runtime Ports in memory, so that real panel models (through createHubClient) talk to a real
 * Hub as they do in the browser: each `open` makes a Port pair and attaches its hub end to the
 * hub of the moment; messages arrive asynchronously and structured-cloned, as across a Port.
 * `drop` is what Chrome's stop of the service worker does to every open Port.
 */
import type { Hub } from '../hub/hub.ts';
import type { PanelLink } from '../hub/panel-link.ts';
import type { HubToPanel, PanelToHub } from '../messaging/panel-hub.ts';
import type { PortLike } from '../panel/hub-client.ts';

export interface PortOpener {
  /** The `openPort` for createHubClient. */
  open(): PortLike;
  /** Breaks every open Port from the worker's side: the panels see a disconnect. */
  drop(): void;
}

/** `hub()` is asked on every open, so a test can swap in a new worker between drops. */
export function createPortOpener(hub: () => Hub, tabId?: number): PortOpener {
  const drops = new Set<() => void>();

  return {
    open() {
      const toPanel = new Set<(message: HubToPanel) => void>();
      const toHub = new Set<(message: PanelToHub) => void>();
      const panelGone = new Set<() => void>();
      const hubGone = new Set<() => void>();
      let connected = true;
      const deliver = <M>(listeners: Set<(message: M) => void>, message: M): void => {
        const copy = structuredClone(message);
        setTimeout(() => {
          if (connected) for (const listener of listeners) listener(copy);
        });
      };
      const close = (gone: Set<() => void>): void => {
        if (!connected) return;
        connected = false;
        drops.delete(drop);
        for (const listener of gone) listener();
      };
      const drop = (): void => close(panelGone);

      const link: PanelLink = {
        tabId,
        send: (message) => deliver(toPanel, message),
        onMessage: (listener) => void toHub.add(listener),
        onDisconnect: (listener) => void hubGone.add(listener),
      };
      drops.add(drop);
      hub().attach(link);
      return {
        postMessage: (message) => deliver(toHub, message),
        onMessage: (listener) => void toPanel.add(listener),
        onDisconnect: (listener) => void panelGone.add(listener),
        // The panel closing its own Port: only the hub hears of it, as in Chrome.
        disconnect: () => close(hubGone),
      };
    },
    drop() {
      for (const drop of [...drops]) drop();
    },
  };
}
