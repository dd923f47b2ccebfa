/**
 * Rooms joined ahead of their panel. A toolbar click injects the content script, which reports
 * the page at once, while the panel still has a few hundred ms of loading ahead of it; joining
 * the page's room then, rather than when the panel asks, takes the relay's round trip off the
 * time to the first message. The panel's `room:watch` takes the answer if nothing happened in
 * the room since it was asked (a message or a presence change would be missing from it, and a
 * panel that has not yet watched has no gap to fill); otherwise it joins as usual. A room no
 * panel claims is handed back to the hub to leave.
 */
import type { RoomJoinAnswerV2, RoomKey } from '../../protocol/index.ts';

interface EarlyJoin {
  answer: Promise<RoomJoinAnswerV2>;
  stale: boolean;
  timer: ReturnType<typeof setTimeout>;
}

export class EarlyJoins {
  readonly #entries = new Map<RoomKey, EarlyJoin>();

  /**
   * @param claimMs how long a panel has to claim a room joined early
   * @param unclaimed called once an unclaimed room's join has settled, for the hub to leave it
   */
  constructor(
    private readonly claimMs: number,
    private readonly unclaimed: (room: RoomKey) => void,
  ) {}

  /** Joins `room` now (with `join`) unless it is being joined early already. */
  start(room: RoomKey, join: () => Promise<RoomJoinAnswerV2>): void {
    if (this.#entries.has(room)) return;
    const entry: EarlyJoin = {
      answer: join(),
      stale: false,
      timer: setTimeout(() => {
        if (this.#entries.get(room) === entry) this.#entries.delete(room);
        void entry.answer.then(() => this.unclaimed(room));
      }, this.claimMs),
    };
    this.#entries.set(room, entry);
  }

  /**
   * The early join's answer for a panel now watching `room`, or null when there is none, it
   * failed, or the room changed since it was asked.
   */
  async take(room: RoomKey): Promise<RoomJoinAnswerV2 | null> {
    const entry = this.#entries.get(room);
    if (!entry) return null;
    clearTimeout(entry.timer);
    const answer = await entry.answer;
    if (this.#entries.get(room) === entry) this.#entries.delete(room);
    return entry.stale || !answer.ok ? null : answer;
  }

  /** Something happened in `room` (a message, a presence change): its early answer is out of date. */
  touched(room: RoomKey): void {
    const entry = this.#entries.get(room);
    if (entry) entry.stale = true;
  }

  /** The connection dropped: the server forgot every room joined on it. */
  reset(): void {
    for (const entry of this.#entries.values()) entry.stale = true;
  }

  dispose(): void {
    for (const entry of this.#entries.values()) clearTimeout(entry.timer);
    this.#entries.clear();
  }
}
