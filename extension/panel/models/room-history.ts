/**
 * Fills a room's log from the server's history (`room:history`), in both directions:
 * - catching up: the log stops being live whenever the panel looks away from the room or the
 *   connection to it drops (socket reconnect, server restart, worker restart, Port reconnect).
 *   The point where it stopped is marked; after the next snapshot, everything newer than the
 *   mark is fetched page by page, since the snapshot holds only the newest few messages.
 * - going back: older pages, when the person scrolls to the top.
 * The log merges by id, so a message fetched twice still shows once. A page the relay refuses
 * for its history budget (issue #11) is asked again after the wait when catching up, which
 * must not leave a gap; going back, the refusal is shown in words and the person tries again.
 */
import { batch, signal } from '@preact/signals';
import type { Message, RoomKey } from '../../../protocol/index.ts';
import { explainError } from '../../lib/explain-error.ts';
import type { HubClient } from '../hub-client.ts';
import type { MessageLog } from './message-log.ts';

/** Whether older messages may be fetched: `start` once the log shows the room's first message. */
export type OlderState = 'more' | 'loading' | 'start';

export interface RoomHistory {
  /** The log of `room` stops being live now: what comes after its newest message is fetched later. */
  markGap(room: RoomKey): void;
  /** After a snapshot (`history`: the newest messages) of `room`: fetches what the mark left out. */
  catchUp(room: RoomKey, history: readonly Message[]): Promise<void>;
  /** Reads signals, so a computed that calls it follows it. */
  older(room: RoomKey): OlderState;
  /** Why the last older page of `room` was refused, in words; null once one is asked again. */
  olderError(room: RoomKey): string | null;
  /** Fetches the page before the oldest message shown. */
  loadOlder(room: RoomKey): Promise<void>;
}

export function createRoomHistory(
  hub: HubClient,
  logOf: (room: RoomKey) => MessageLog,
  isWatched: (room: RoomKey) => boolean,
): RoomHistory {
  /** Per room: the newest id known to have no gap before it, while a gap follows it. */
  const marks = new Map<RoomKey, string>();
  /** Per room: counts marks and catch-ups, so a catch-up knows when it is stale or overtaken. */
  const epochs = new Map<RoomKey, number>();
  const loading = signal<ReadonlySet<RoomKey>>(new Set());
  const errors = signal<ReadonlyMap<RoomKey, string>>(new Map());
  const bump = (room: RoomKey): number => {
    const epoch = (epochs.get(room) ?? 0) + 1;
    epochs.set(room, epoch);
    return epoch;
  };

  function setLoading(room: RoomKey, on: boolean): void {
    const next = new Set(loading.value);
    if (on) next.add(room);
    else next.delete(room);
    loading.value = next;
  }

  function setError(room: RoomKey, error: string | null): void {
    const next = new Map(errors.value);
    if (error === null) next.delete(room);
    else next.set(room, error);
    errors.value = next;
  }

  return {
    markGap(room) {
      bump(room);
      // A mark already set stays: nothing after it has been fetched yet.
      const newest = logOf(room).messages.value.at(-1)?.id;
      if (!marks.has(room) && newest !== undefined) marks.set(room, newest);
    },
    async catchUp(room, history) {
      const mark = marks.get(room);
      if (mark === undefined) return;
      let after: string = mark;
      // The snapshot is the newest messages without a gap: reaching back to the mark, it has all.
      const oldest = history[0]?.id;
      if (oldest === undefined || oldest <= after) {
        marks.delete(room);
        return;
      }
      const epoch = bump(room);
      for (;;) {
        const answer = await hub.request('room:history', { room, after });
        if (!answer.ok && answer.error.code === 'rate_limited') {
          await sleep(answer.error.retryAfterMs ?? 1000);
          if (epochs.get(room) === epoch && isWatched(room)) continue;
        }
        // Overtaken by a newer mark or catch-up, or the room was left: they take it from here.
        if (epochs.get(room) !== epoch || !isWatched(room) || !answer.ok) return;
        logOf(room).merge(answer.messages);
        const last = answer.messages.at(-1)?.id;
        if (!answer.hasMore || last === undefined) {
          marks.delete(room);
          return;
        }
        after = last;
        marks.set(room, after);
      }
    },
    older(room) {
      if (loading.value.has(room)) return 'loading';
      return logOf(room).atStart.value ? 'start' : 'more';
    },
    olderError: (room) => errors.value.get(room) ?? null,
    async loadOlder(room) {
      const log = logOf(room);
      const oldest = log.messages.value[0]?.id;
      if (oldest === undefined || loading.value.has(room) || log.atStart.value) return;
      batch(() => {
        setLoading(room, true);
        setError(room, null);
      });
      const answer = await hub.request('room:history', { room, before: oldest });
      batch(() => {
        setLoading(room, false);
        if (!answer.ok) setError(room, explainError(answer.error));
      });
      if (!answer.ok) return;
      log.mergeOlder(answer.messages);
      if (!answer.hasMore) log.markStart(answer.messages[0]?.id ?? oldest);
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
