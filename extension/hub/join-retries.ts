/**
 * Joins the relay refused for a budget (`rate_limited`, e.g. `rooms`: too many joins and leaves
 * a minute, issue #11). A panel still watches the room, so rather than leave it failed the hub
 * asks again once the relay's wait is over; the panels get the answer as a `room:snapshot`, and
 * in the meantime show the refusal's words. One timer per room, cancelled when nobody watches
 * it any more or the socket drops (every watched room is joined again on reconnect anyway).
 */
import type { RoomKey } from '../../protocol/index.ts';
import { retryAfter } from './retry-after.ts';

export class JoinRetries {
  readonly #timers = new Map<RoomKey, ReturnType<typeof setTimeout>>();

  constructor(private readonly rejoin: (room: RoomKey) => void) {}

  /** Joins `room` again after the relay's wait (with a little jitter). */
  schedule(room: RoomKey, retryAfterMs: number | undefined): void {
    this.cancel(room);
    const timer = setTimeout(() => {
      this.#timers.delete(room);
      this.rejoin(room);
    }, retryAfter(retryAfterMs));
    this.#timers.set(room, timer);
  }

  cancel(room: RoomKey): void {
    clearTimeout(this.#timers.get(room));
    this.#timers.delete(room);
  }

  /** Cancels every timer (the socket dropped, or the hub is disposed). */
  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
