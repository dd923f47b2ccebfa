/** The hub's socket as the panel shows it, and the way out of `offline`. */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { fullTime } from '../../lib/clock-time.ts';
import { explainError } from '../../lib/explain-error.ts';
import { t } from '../../lib/i18n.ts';
import type { ConnectionState } from '../../lib/domain.ts';
import type { HubClient } from '../hub-client.ts';
import { createCountdown } from './countdown.ts';

export interface ConnectionModel {
  readonly state: ReadonlySignal<ConnectionState>;
  /** Why the socket is `offline`, in words; a wait the relay asked for counts down. */
  readonly reason: ReadonlySignal<string | null>;
  /** Issue #15: the host of the relay everything goes through, once the hub said which. */
  readonly relayHost: ReadonlySignal<string | null>;
  retry(): void;
  dispose(): void;
}

/**
 * Issue #14: the end of a ban in this browser's time, and the operator's reason. The relay's
 * message reads "banned until <UTC time> (<wait>): <reason>"; only the reason is taken from it.
 */
export function bannedWords(message: string, retryAt: number): string {
  const reason = /\): (.+)$/.exec(message)?.[1];
  return reason ? t('model_banned_reason', fullTime(retryAt), reason) : t('model_banned', fullTime(retryAt));
}

const RECONNECTING: ConnectionState = { status: 'reconnecting', attempt: 0 };

export function createConnectionModel(hub: HubClient): ConnectionModel {
  const state = signal<ConnectionState>({ status: 'connecting' });
  const relayHost = signal<string | null>(null);
  const wait = createCountdown();
  const reason = computed(() => {
    const current = state.value;
    if (current.status !== 'offline') return null;
    if (!current.limited) return current.reason;
    if (current.limited.error.code === 'banned')
      return bannedWords(current.limited.error.message, current.limited.retryAt);
    return explainError({ ...current.limited.error, retryAfterMs: wait.leftMs.value });
  });
  // Once connected, losing the Port (Chrome stopped the worker) or the socket is a reconnection,
  // even though the hub that answers next is a fresh one whose first attempt says `connecting`.
  let wasConnected = false;
  const stops = [
    hub.on('connection:state', (next) => {
      if (next.status === 'connected') wasConnected = true;
      state.value = wasConnected && next.status === 'connecting' ? RECONNECTING : next;
      wait.set(next.status === 'offline' && next.limited ? next.limited.retryAt : null);
    }),
    hub.on('relay:host', ({ host }) => (relayHost.value = host)),
    hub.onReconnect(() => {
      if (wasConnected && state.value.status === 'connected') state.value = RECONNECTING;
    }),
    wait.dispose,
  ];
  return {
    state,
    reason,
    relayHost,
    retry() {
      void hub.request('connection:retry', {});
    },
    dispose() {
      for (const stop of stops) stop();
    },
  };
}
