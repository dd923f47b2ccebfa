/** The hub's socket as the panel shows it, and the way out of `offline`. */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { ConnectionState } from '../../messaging/panel-hub.ts';
import type { HubClient } from '../hub-client.ts';

export interface ConnectionModel {
  readonly state: ReadonlySignal<ConnectionState>;
  retry(): void;
  dispose(): void;
}

export function createConnectionModel(hub: HubClient): ConnectionModel {
  const state = signal<ConnectionState>({ status: 'connecting' });
  const stop = hub.on('connection:state', (next) => {
    state.value = next;
  });
  return {
    state,
    retry() {
      void hub.request('connection:retry', {});
    },
    dispose: stop,
  };
}
