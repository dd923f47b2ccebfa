/**
 * The hub's end of a panel's Port, behind a small interface: Chrome gives a runtime.Port,
 * tests give an in-memory pair (the fake browser has no runtime.connect).
 */
import type { Runtime } from 'webextension-polyfill';
import type { HubPushes, HubToPanel, PanelToHub } from '../messaging/panel-hub.ts';

export interface PanelLink {
  /** The tab the panel is shown in; undefined for a panel that is not in a tab. */
  readonly tabId: number | undefined;
  send(message: HubToPanel): void;
  onMessage(listener: (message: PanelToHub) => void): void;
  onDisconnect(listener: () => void): void;
}

export function linkFromPort(port: Runtime.Port): PanelLink {
  return {
    tabId: port.sender?.tab?.id,
    send: (message) => {
      try {
        port.postMessage(message);
      } catch {
        // The panel went away between our check and the post; its disconnect handler cleans up.
      }
    },
    onMessage: (listener) => port.onMessage.addListener((message) => listener(message as PanelToHub)),
    onDisconnect: (listener) => port.onDisconnect.addListener(() => listener()),
  };
}

/** Sends one push to a panel. */
export function push<T extends keyof HubPushes>(link: PanelLink, type: T, payload: HubPushes[T]): void {
  // A generic `type` does not pick its member of the HubToPanel union; this signature pairs them.
  link.send({ kind: 'push', type, payload } as never);
}
