/**
 * Who in the room shown takes no DM from this person (issue #14), from the relay's `dm:status`
 * `closed`, so the member list does not offer a DM it would refuse. Asked for the first
 * DM_STATUS_USERS_MAX members shown, on joining and when new members arrive, at most once every
 * ASK_EVERY_MS (the relay allows 30 a minute), and again every REFRESH_MS, since a person may
 * block this one, or close their DMs, at any time; a refused question keeps the last answer.
 */
import { effect, signal, type ReadonlySignal } from '@preact/signals';
import { DM_STATUS_USERS_MAX, type Member, type UserId } from '../../../protocol/index.ts';
import type { HubClient } from '../hub-client.ts';

export const ASK_EVERY_MS = 2000;
export const REFRESH_MS = 60_000;

export interface ClosedDms {
  readonly closed: ReadonlySignal<ReadonlySet<UserId>>;
  dispose(): void;
}

export function createClosedDms(
  hub: HubClient,
  members: ReadonlySignal<ReadonlyMap<UserId, Member>>,
  self: ReadonlySignal<Member | null>,
): ClosedDms {
  const closed = signal<ReadonlySet<UserId>>(new Set());
  /** The people the last question was about: a list with no one new needs no question. */
  let asked = new Set<UserId>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function ask(): Promise<void> {
    const selfId = self.peek()?.id;
    const users = [...members.peek().keys()].filter((id) => id !== selfId).slice(0, DM_STATUS_USERS_MAX);
    if (users.length === 0) return;
    asked = new Set(users);
    const answer = await hub.request('dm:status', { users });
    if (answer.ok) closed.value = new Set(answer.closed ?? []);
  }

  const stop = effect(() => {
    const selfId = self.value?.id;
    const shown = [...members.value.keys()].filter((id) => id !== selfId).slice(0, DM_STATUS_USERS_MAX);
    if (shown.every((id) => asked.has(id))) return;
    // A burst of arrivals is one question, asked once it has settled.
    clearTimeout(timer);
    timer = setTimeout(() => void ask(), ASK_EVERY_MS);
  });

  const refresh = setInterval(() => void ask(), REFRESH_MS);

  return {
    closed,
    dispose() {
      stop();
      clearTimeout(timer);
      clearInterval(refresh);
    },
  };
}
