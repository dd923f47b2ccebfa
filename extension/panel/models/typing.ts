/**
 * Who is typing, and telling others that we are. The server relays a `typing` signal at most
 * once per TYPING_INTERVAL_MS, so a person counts as typing for a few intervals after their
 * last signal; sending more often than the server relays would only waste the socket.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { TYPING_INTERVAL_MS, type RoomKey, type UserId } from '../../../protocol/index.ts';
import type { HubClient } from '../hub-client.ts';

/** How long "X is typing…" stays after X's last signal. */
const TYPING_SHOWN_MS = 3000;

export interface TypingTracker {
  /** The users seen typing in the last TYPING_SHOWN_MS. */
  readonly active: ReadonlySignal<ReadonlySet<UserId>>;
  saw(user: UserId): void;
  /** Forgets a user at once: they sent their message, or left. */
  stopped(user: UserId): void;
  reset(): void;
  dispose(): void;
}

export function createTypingTracker(): TypingTracker {
  const active = signal<ReadonlySet<UserId>>(new Set());
  const timers = new Map<UserId, ReturnType<typeof setTimeout>>();

  function stopped(user: UserId): void {
    clearTimeout(timers.get(user));
    timers.delete(user);
    if (!active.value.has(user)) return;
    const next = new Set(active.value);
    next.delete(user);
    active.value = next;
  }

  function reset(): void {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    if (active.value.size > 0) active.value = new Set();
  }

  return {
    active,
    saw(user) {
      clearTimeout(timers.get(user));
      timers.set(
        user,
        setTimeout(() => stopped(user), TYPING_SHOWN_MS),
      );
      if (!active.value.has(user)) active.value = new Set(active.value).add(user);
    },
    stopped,
    reset,
    dispose: reset,
  };
}

/** Sends `typing` for a room (or a DM in it) at most once per TYPING_INTERVAL_MS. */
export function createTypingSender(hub: HubClient): (room: RoomKey, to?: UserId) => void {
  const lastSent = new Map<string, number>();
  return (room, to) => {
    const target = `${room}/${to ?? ''}`;
    const now = Date.now();
    if (now - (lastSent.get(target) ?? -Infinity) < TYPING_INTERVAL_MS) return;
    lastSent.set(target, now);
    hub.signal('typing', to === undefined ? { room } : { room, to });
  };
}
