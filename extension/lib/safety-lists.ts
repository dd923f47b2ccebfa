/**
 * The person's own protections (issue #14), kept on this device in `storage.local`: the people
 * they blocked (everywhere; the relay is told the ids so it refuses their DMs) and the people
 * they muted in one room for a while (never sent anywhere). The panel, the hub and the options
 * page all read and change them through here, so the bounds and the expiry live in one place.
 */
import { browser } from 'wxt/browser';
import { BLOCKED_MAX } from '../../protocol/index.ts';
import { readStored, StorageKeys, writeStored, type BlockedPerson, type Mute } from './storage-keys.ts';

/** Mutes kept at most; past it the ones ending soonest go first. */
export const MUTES_MAX = 500;

/** Rooms whose hidden messages are kept at most; past it the room hidden in longest ago goes. */
export const HIDDEN_ROOMS_MAX = 100;
/** Hidden messages kept per room; past it the oldest hidden shows again. */
export const HIDDEN_PER_ROOM_MAX = 200;

export interface Person {
  id: string;
  name: string;
}

export async function readBlocked(): Promise<BlockedPerson[]> {
  return (await readStored(StorageKeys.blocked)) ?? [];
}

/** Blocks `person` (again: moved to the newest end, with their current name); the oldest go past BLOCKED_MAX. */
export async function block(person: Person, now = Date.now()): Promise<void> {
  const others = (await readBlocked()).filter((entry) => entry.id !== person.id);
  const next = [...others, { id: person.id, name: person.name, at: now }];
  await writeStored(StorageKeys.blocked, next.slice(-BLOCKED_MAX));
}

export async function unblock(id: string): Promise<void> {
  const blocked = await readBlocked();
  if (blocked.some((entry) => entry.id === id))
    await writeStored(
      StorageKeys.blocked,
      blocked.filter((entry) => entry.id !== id),
    );
}

/** A mute still in force at `now`. */
export const mutedNow = (mute: Mute, now: number): boolean => mute.until === null || mute.until > now;

/** The mutes in force at `now`. */
export async function readMutes(now = Date.now()): Promise<Mute[]> {
  return ((await readStored(StorageKeys.mutes)) ?? []).filter((mute) => mutedNow(mute, now));
}

/** Mutes `person` in `room` for `forMs` (null: until unmuted), replacing any mute of theirs there. */
export async function mute(room: string, person: Person, forMs: number | null, now = Date.now()): Promise<void> {
  const others = (await readMutes(now)).filter((entry) => entry.room !== room || entry.id !== person.id);
  const next: Mute[] = [
    ...others,
    { room, id: person.id, name: person.name, until: forMs === null ? null : now + forMs },
  ];
  const ending = (entry: Mute) => entry.until ?? Number.POSITIVE_INFINITY;
  const kept = next.length <= MUTES_MAX ? next : [...next].sort((a, b) => ending(b) - ending(a)).slice(0, MUTES_MAX);
  await writeStored(StorageKeys.mutes, kept);
}

export async function unmute(room: string, id: string, now = Date.now()): Promise<void> {
  const mutes = await readMutes(now);
  await writeStored(
    StorageKeys.mutes,
    mutes.filter((entry) => entry.room !== room || entry.id !== id),
  );
}

/** Per room key, the ids of the messages this person hid for themselves (a report's "hide this message"). */
export async function readHidden(): Promise<Record<string, string[]>> {
  return (await readStored(StorageKeys.hiddenMessages)) ?? {};
}

/** Hides message `id` of `room` for this person; the room moves to the newest end. */
export async function hideMessage(room: string, id: string): Promise<void> {
  const { [room]: ids = [], ...others } = await readHidden();
  const kept = [...ids.filter((other) => other !== id), id].slice(-HIDDEN_PER_ROOM_MAX);
  const rooms = Object.entries(others).slice(-(HIDDEN_ROOMS_MAX - 1));
  await writeStored(StorageKeys.hiddenMessages, Object.fromEntries([...rooms, [room, kept]]));
}

/** Calls `changed` whenever the block list, the mutes or the hidden messages change, from any page of the extension; answers the unsubscribe. */
export function watchSafetyLists(changed: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (
      area === 'local' &&
      (StorageKeys.blocked in changes || StorageKeys.mutes in changes || StorageKeys.hiddenMessages in changes)
    )
      changed();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
