/**
 * The person's block list and mutes as the hub consults them on every message (issue #14):
 * read once from storage, then kept current by the storage change events, so deciding whether
 * a message counts costs no storage read. Whoever else needs to know of a change (the privacy
 * sync) subscribes here.
 */
import type { Envelope, RoomKey, UserId } from '../../protocol/index.ts';
import type { Mute } from '../lib/storage-keys.ts';
import { mutedNow, readBlocked, readMutes, watchSafetyLists } from '../lib/safety-lists.ts';

export class SafetyView {
  #blocked = new Set<UserId>();
  #mutes: Mute[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #stop: () => void;
  /** Settles once the lists were first read. */
  readonly ready: Promise<void>;

  constructor() {
    this.#stop = watchSafetyLists(() => void this.#reload());
    this.ready = this.#reload();
  }

  /** The ids blocked, oldest first. */
  get blocked(): UserId[] {
    return [...this.#blocked];
  }

  isBlocked(id: UserId): boolean {
    return this.#blocked.has(id);
  }

  isMuted(room: RoomKey, id: UserId, now = Date.now()): boolean {
    return this.#mutes.some((entry) => entry.room === room && entry.id === id && mutedNow(entry, now));
  }

  /** A message that neither counts nor notifies: from someone blocked, or muted in its room. */
  silences(envelope: Envelope): boolean {
    const from = envelope.from.id;
    return this.isBlocked(from) || (envelope.to === undefined && this.isMuted(envelope.room, from));
  }

  /** `listener` runs after every change of the lists; answers the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    this.#stop();
    this.#listeners.clear();
  }

  async #reload(): Promise<void> {
    const [blocked, mutes] = await Promise.all([readBlocked(), readMutes()]).catch(
      () => [[], []] as [never[], never[]],
    );
    this.#blocked = new Set(blocked.map((entry) => entry.id));
    this.#mutes = mutes;
    for (const listener of this.#listeners) listener();
  }
}
