/**
 * Who listens to which hub push, and to Port reconnects: the part of a HubClient that the
 * real client (hub-client.ts) and the tests' fake hub share, so both deliver the same way.
 */
import type { HubPushes } from '../messaging/panel-hub.ts';
import type { HubClient } from './hub-client.ts';

export interface HubListeners extends Pick<HubClient, 'on' | 'onReconnect'> {
  /** Hands a push to everyone listening for its type. */
  deliver<T extends keyof HubPushes>(type: T, payload: HubPushes[T]): void;
  /** Tells everyone listening that the Port was re-established. */
  reconnected(): void;
}

export function createHubListeners(): HubListeners {
  const byType = new Map<keyof HubPushes, Set<(payload: never) => void>>();
  const onReconnect = new Set<() => void>();
  return {
    on(type, listener) {
      const set = byType.get(type) ?? new Set();
      byType.set(type, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    onReconnect(listener) {
      onReconnect.add(listener);
      return () => onReconnect.delete(listener);
    },
    deliver(type, payload) {
      for (const listener of byType.get(type) ?? []) (listener as (payload: unknown) => void)(payload);
    },
    reconnected() {
      for (const listener of onReconnect) listener();
    },
  };
}
