/**
 * This person's own ids (issue #15, docs/protocol.md "Ids per room"): the relay shows a person by
 * a different id in each room, so "me" is no single id. Each join's answer says this person's id
 * in its room; they are kept in `storage.local` (`ownIds`, room → id, the newest OWN_IDS_MAX), so
 * a DM or a mention that arrives after a restart, before any join, is still known as ours.
 * `session:welcome`'s `user` (the person's own id, which no room is shown) counts as ours too.
 */
import { browser } from 'wxt/browser';
import type { RoomKey, UserId } from '../../protocol/index.ts';

export const OWN_IDS_KEY = 'ownIds';
/** Rooms whose id is remembered; past it the one learned longest ago is forgotten. */
export const OWN_IDS_MAX = 1000;

export class OwnIds {
  /** Room → this person's id in it, oldest first. */
  #byRoom = new Map<RoomKey, UserId>();
  #person: UserId | null = null;
  readonly ready: Promise<void>;

  constructor(private readonly max = OWN_IDS_MAX) {
    this.ready = browser.storage.local.get(OWN_IDS_KEY).then(
      ({ [OWN_IDS_KEY]: stored }) => {
        const kept = typeof stored === 'object' && stored !== null ? Object.entries(stored) : [];
        const learned = this.#byRoom;
        this.#byRoom = new Map(kept.filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
        for (const [room, id] of learned) this.#set(room, id);
      },
      () => undefined,
    );
  }

  /** This person's id in `room`, when a join there told it. */
  in(room: RoomKey): UserId | null {
    return this.#byRoom.get(room) ?? null;
  }

  /** Whether `id` is one of this person's ids. */
  has(id: UserId): boolean {
    if (id === this.#person) return true;
    for (const own of this.#byRoom.values()) if (own === id) return true;
    return false;
  }

  /** The relay's welcome named the person. */
  welcomed(person: UserId): void {
    this.#person = person;
  }

  /** A join's answer said this person's id in `room`; kept, and answered true, when it is new. */
  learned(room: RoomKey, id: UserId): boolean {
    if (this.#byRoom.get(room) === id) return false;
    this.#set(room, id);
    void browser.storage.local.set({ [OWN_IDS_KEY]: Object.fromEntries(this.#byRoom) }).catch(() => undefined);
    return true;
  }

  #set(room: RoomKey, id: UserId): void {
    this.#byRoom.delete(room);
    this.#byRoom.set(room, id);
    if (this.#byRoom.size > this.max) this.#byRoom.delete(this.#byRoom.keys().next().value ?? '');
  }
}
