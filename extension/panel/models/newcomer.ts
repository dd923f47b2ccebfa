/**
 * Whether the relay holds this person back as new in the room shown (issue #11): its join
 * answer says for how long more (`endsInMs`) and how many messages a minute they may send,
 * and links are held back until then. Counted down here, so the notice goes when it ends.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Newcomer } from '../../../protocol/index.ts';
import { createCountdown } from './countdown.ts';

/** What the panel tells a newcomer: time left and the sending rate until then. */
export interface NewcomerNotice {
  leftMs: number;
  messagesPerMinute: number;
}

export interface NewcomerState {
  /** Null when the relay does not hold this person back (any more). */
  readonly notice: ReadonlySignal<NewcomerNotice | null>;
  /** From a join answer (absent: not new); null when the panel leaves the room. */
  set(newcomer: Newcomer | null | undefined): void;
  dispose(): void;
}

export function createNewcomerState(): NewcomerState {
  const countdown = createCountdown();
  const messagesPerMinute = signal(0);
  const notice = computed(() => {
    const leftMs = countdown.leftMs.value;
    return leftMs > 0 ? { leftMs, messagesPerMinute: messagesPerMinute.value } : null;
  });
  return {
    notice,
    set(newcomer) {
      batch(() => {
        messagesPerMinute.value = newcomer?.messagesPerMinute ?? 0;
        countdown.set(newcomer ? Date.now() + newcomer.endsInMs : null);
      });
    },
    dispose: countdown.dispose,
  };
}
