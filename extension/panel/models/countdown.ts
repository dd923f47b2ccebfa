/**
 * The time left until a moment, as a signal that ticks once a second while any is left: what
 * lets a sentence such as "try again in 4 min" stay true while it is on screen.
 */
import { signal, type ReadonlySignal } from '@preact/signals';

export interface Countdown {
  /** Milliseconds left; 0 once the moment has passed or when none is set. */
  readonly leftMs: ReadonlySignal<number>;
  /** Counts down to `endsAt` (ms since the epoch); null stops. */
  set(endsAt: number | null): void;
  dispose(): void;
}

const TICK_MS = 1000;

export function createCountdown(): Countdown {
  const leftMs = signal(0);
  let timer: ReturnType<typeof setInterval> | undefined;

  function set(endsAt: number | null): void {
    clearInterval(timer);
    timer = undefined;
    const tick = (): void => {
      leftMs.value = endsAt === null ? 0 : Math.max(0, endsAt - Date.now());
      if (leftMs.value === 0) clearInterval(timer);
    };
    tick();
    if (leftMs.value > 0) timer = setInterval(tick, TICK_MS);
  }

  return { leftMs, set, dispose: () => set(null) };
}
