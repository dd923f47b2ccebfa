/**
 * Adapts `browser.runtime.connect` to the PortLike the hub client needs. The hub client
 * reconnects as soon as a Port drops, which is right when Chrome stops an idle service
 * worker, but would spin if the worker kept refusing Ports; so a Port that drops within a
 * second of opening makes the next reconnect wait, longer each time.
 */
import { browser, type Browser } from 'wxt/browser';
import { PANEL_PORT, type HubToPanel } from '../messaging/panel-hub.ts';
import type { PortLike } from './hub-client.ts';

const QUICK_DROP_MS = 1000;
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 10_000;

/** Returns the `openPort` function for createHubClient. */
export function runtimePortOpener(
  connect: () => Browser.runtime.Port = () => browser.runtime.connect({ name: PANEL_PORT }),
): () => PortLike {
  let quickDrops = 0;
  return () => {
    const port = connect();
    const openedAt = Date.now();
    return {
      postMessage(message) {
        try {
          port.postMessage(message);
        } catch {
          // The Port died and its onDisconnect is still queued: the hub client re-sends
          // every unanswered request on the next Port, and a lost typing signal is harmless.
        }
      },
      onMessage(listener) {
        port.onMessage.addListener((message) => listener(message as HubToPanel));
      },
      onDisconnect(listener) {
        port.onDisconnect.addListener(() => {
          quickDrops = Date.now() - openedAt < QUICK_DROP_MS ? quickDrops + 1 : 0;
          const delay = quickDrops === 0 ? 0 : Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (quickDrops - 1));
          setTimeout(listener, delay);
        });
      },
      disconnect() {
        port.disconnect();
      },
    };
  };
}
