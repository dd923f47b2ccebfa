/**
 * Whether the other person of the open conversation can be reached now (issue #13), from the
 * relay's `dm:status`: asked on opening, every POLL_MS while the conversation is open and the
 * panel visible, and after a send was refused `not_here`. The relay reports online only people
 * this user shares a room or a conversation with, so "offline" also covers "cannot be reached".
 * Of a conversation partner outside the rooms shared it reports only whether someone on an old
 * samepage is online (issue #15): one with a key is never online to it (dm.ts, `elsewhere`).
 */
import { effect, signal, type ReadonlySignal } from '@preact/signals';
import type { UserId } from '../../../protocol/index.ts';
import type { HubClient } from '../hub-client.ts';

export const POLL_MS = 30_000;

export interface PeerStatus {
  /** True or false once the relay answered for the current peer; null while unknown. */
  readonly online: ReadonlySignal<boolean | null>;
  /** Issue #14: the relay says the peer takes no DM from this person now (blocked, or their setting). */
  readonly closed: ReadonlySignal<boolean>;
  /** Asks again now (a send was refused), unless a question is already under way. */
  refresh(): void;
  dispose(): void;
}

export function createPeerStatus(
  hub: HubClient,
  peer: ReadonlySignal<UserId | null>,
  visible: ReadonlySignal<boolean>,
): PeerStatus {
  const online = signal<boolean | null>(null);
  const closed = signal(false);
  // Who is being asked about now: a burst of refused sends is one question, not one each.
  let asking: UserId | null = null;

  async function ask(): Promise<void> {
    const id = peer.peek();
    if (id === null || asking === id) return;
    asking = id;
    const answer = await hub.request('dm:status', { users: [id] }).finally(() => {
      if (asking === id) asking = null;
    });
    // The person may have opened another conversation meanwhile: this answer is not about it.
    if (peer.peek() !== id) return;
    online.value = answer.ok ? answer.online.includes(id) : null;
    // A refused question (over the budget) keeps what the last answer said.
    if (answer.ok) closed.value = answer.closed?.includes(id) ?? false;
  }

  const stops = [
    effect(() => {
      const id = peer.value;
      online.value = null;
      closed.value = false;
      if (id !== null) void ask();
    }),
    effect(() => {
      if (peer.value === null || !visible.value) return;
      const timer = setInterval(() => void ask(), POLL_MS);
      return () => clearInterval(timer);
    }),
  ];

  return {
    online,
    closed,
    refresh: () => void ask(),
    dispose() {
      for (const stop of stops) stop();
    },
  };
}
