/**
 * The panel's end of the panel ↔ hub Port (messaging/panel-hub.ts). It numbers requests and
 * resolves each with its answer, and reconnects the Port whenever the service worker goes
 * away (Chrome stops idle workers; connecting wakes a new one). Requests still unanswered
 * are sent again on the new Port: every request is safe to repeat (sends carry a clientId).
 */
import { createHubListeners } from './hub-listeners.ts';
import type {
  HubPushes,
  HubToPanel,
  PanelRequests,
  PanelRequestType,
  PanelSignals,
  PanelToHub,
} from '../messaging/panel-hub.ts';

/** The Port as the client needs it; `runtimePort` adapts browser.runtime.connect. */
export interface PortLike {
  postMessage(message: PanelToHub): void;
  onMessage(listener: (message: HubToPanel) => void): void;
  onDisconnect(listener: () => void): void;
  disconnect(): void;
}

export interface HubClient {
  request<T extends PanelRequestType>(
    type: T,
    payload: PanelRequests[T]['payload'],
  ): Promise<PanelRequests[T]['answer']>;
  signal<T extends keyof PanelSignals>(type: T, payload: PanelSignals[T]): void;
  /** Listens to one kind of push; returns the function that stops listening. */
  on<T extends keyof HubPushes>(type: T, listener: (payload: HubPushes[T]) => void): () => void;
  /** Called after the Port was re-established, so views can re-watch their rooms. */
  onReconnect(listener: () => void): () => void;
  dispose(): void;
}

interface Pending {
  message: PanelToHub;
  resolve(answer: unknown): void;
}

export function createHubClient(openPort: () => PortLike): HubClient {
  let nextId = 1;
  let disposed = false;
  const pending = new Map<number, Pending>();
  const listeners = createHubListeners();
  let port = attach();

  function attach(): PortLike {
    const fresh = openPort();
    fresh.onMessage((message) => {
      if (message.kind === 'answer') {
        const entry = pending.get(message.id);
        pending.delete(message.id);
        entry?.resolve(message.answer);
        return;
      }
      listeners.deliver(message.type, message.payload as never);
    });
    fresh.onDisconnect(() => {
      if (disposed) return;
      port = attach();
      for (const { message } of pending.values()) port.postMessage(message);
      listeners.reconnected();
    });
    return fresh;
  }

  return {
    request(type, payload) {
      const id = nextId++;
      const message = { kind: 'request', id, type, payload } as PanelToHub;
      return new Promise((resolve) => {
        pending.set(id, { message, resolve: resolve as (answer: unknown) => void });
        port.postMessage(message);
      });
    },
    signal(type, payload) {
      port.postMessage({ kind: 'signal', type, payload } as PanelToHub);
    },
    on: listeners.on,
    onReconnect: listeners.onReconnect,
    dispose() {
      disposed = true;
      port.disconnect();
      pending.clear();
    },
  };
}
