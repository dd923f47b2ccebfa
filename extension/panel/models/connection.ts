/** The hub's socket as the panel shows it, and the way out of `offline`. */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { ConnectionState } from '../../messaging/panel-hub.ts';
import type { HubClient } from '../hub-client.ts';

export interface ConnectionModel {
  readonly state: ReadonlySignal<ConnectionState>;
  retry(): void;
  dispose(): void;
}

const RECONNECTING: ConnectionState = { status: 'reconnecting', attempt: 0 };

export function createConnectionModel(hub: HubClient): ConnectionModel {
  const state = signal<ConnectionState>({ status: 'connecting' });
  // Once connected, losing the Port (Chrome stopped the worker) or the socket is a reconnection,
  // even though the hub that answers next is a fresh one whose first attempt says `connecting`.
  let wasConnected = false;
  const stops = [
    hub.on('connection:state', (next) => {
      if (next.status === 'connected') wasConnected = true;
      state.value = wasConnected && next.status === 'connecting' ? RECONNECTING : next;
    }),
    hub.onReconnect(() => {
      if (wasConnected && state.value.status === 'connected') state.value = RECONNECTING;
    }),
  ];
  return {
    state,
    retry() {
      void hub.request('connection:retry', {});
    },
    dispose() {
      for (const stop of stops) stop();
    },
  };
}
