/**
 * The DMs this browser took part in, kept in `storage.local` because the server keeps none:
 * a conversation stays visible across panel reopens and service-worker restarts. The hub is
 * the one writer (it sees every DM, received or accepted, whether a panel is open or not), so
 * panels never race each other over a conversation.
 *
 * A conversation is a room and the two people in it, keyed by the pair rather than by "the
 * other one", because a DM can arrive before any join has told the hub which one is us. Each
 * keeps its newest PER_CONVERSATION envelopes (messages and the changes to them: the panel
 * folds them, protocol/fold.ts); one not written to for MAX_AGE_MS is dropped.
 * An index (`dmIndex`: conversation → last write) finds a room's conversations and the stale ones.
 * Issue #15: the envelopes are kept opened (hub/sealing.ts), and this person's own DMs carry
 * where they are (`delivery`: sent, waiting for the other one, delivered).
 */
import { browser } from 'wxt/browser';
import type { DmDelivered, Envelope, RoomKey, UserId } from '../../protocol/index.ts';
import type { DmDeliveryState } from '../lib/domain.ts';

/** A DM as kept: this person's own carry their delivery state once the relay gave one. */
export type KeptEnvelope = Envelope & { delivery?: DmDeliveryState };

/** No call rejects: the archive is a convenience, so a storage failure only loses it. */
export interface DmArchive {
  /** Keeps `message`; `delivery` for one of this person's own, as the relay answered its post. */
  keep(message: Envelope, delivery?: DmDeliveryState): Promise<void>;
  /** Every kept DM envelope of `room`, in id (send) order. */
  load(room: RoomKey): Promise<KeptEnvelope[]>;
  /** The kept envelopes of conversation `key` (`room:a:b`), in id order. */
  conversation(key: string): Promise<KeptEnvelope[]>;
  /** Issue #15: this person's id in a kept conversation of `room` with `peer`, if there is one. */
  selfWith(room: RoomKey, peer: UserId): Promise<UserId | undefined>;
  /** Issue #15: the other person's browser has these DMs (`dm:delivered`). */
  delivered(update: DmDelivered): Promise<void>;
  /** Issue #14: drops a conversation (`room:a:b`), as a declined request is dropped. */
  forget(key: string): Promise<void>;
}

export interface DmArchiveLimits {
  perConversation: number;
  maxAgeMs: number;
  now(): number;
}

const DEFAULTS: DmArchiveLimits = { perConversation: 200, maxAgeMs: 30 * 86_400_000, now: Date.now };

export const INDEX = 'dmIndex';
export const PREFIX = 'dm:';

type Index = Record<string, number>;

/** `room:a:b` with the two user ids in order (ids are base64url: no colon); the inbox's key too. */
export const conversationOf = ({ room, from, to }: Envelope): string => pairKey(room, from.id, to ?? '');

/** The conversation of `a` and `b` in `room`. */
export const pairKey = (room: RoomKey, a: UserId, b: UserId): string => `${room}:${[a, b].sort().join(':')}`;

/** Delivered is final: a late answer saying sent or waiting does not take it back. */
const laterOf = (kept: DmDeliveryState | undefined, next: DmDeliveryState | undefined): DmDeliveryState | undefined =>
  kept === 'delivered' ? kept : (next ?? kept);

const byId = (a: Envelope, b: Envelope): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

// Storage outlives versions of the extension: what does not look like a DM is left out.
export function asMessages(value: unknown): KeptEnvelope[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item: Partial<Envelope> | null) =>
      typeof item === 'object' &&
      item !== null &&
      typeof item.id === 'string' &&
      typeof item.to === 'string' &&
      typeof item.kind === 'string' &&
      typeof item.body === 'object' &&
      item.body !== null &&
      typeof item.at === 'number' &&
      typeof item.from?.id === 'string',
  );
}

export function createDmArchive(limits: Partial<DmArchiveLimits> = {}): DmArchive {
  const { perConversation, maxAgeMs, now } = { ...DEFAULTS, ...limits };
  const area = browser.storage.local;
  // One operation at a time, so a read-merge-write never loses a concurrent one.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>, otherwise: T): Promise<T> => {
    const run = queue.then(work).catch(() => otherwise);
    queue = run;
    return run;
  };

  /** The index without conversations past their age, which are deleted on the way. */
  async function freshIndex(): Promise<Index> {
    const { [INDEX]: stored } = await area.get(INDEX);
    const entries = Object.entries(typeof stored === 'object' && stored !== null ? (stored as Index) : {});
    const fresh = entries.filter(([, written]) => now() - written < maxAgeMs);
    if (fresh.length === entries.length) return Object.fromEntries(entries);
    const index = Object.fromEntries(fresh);
    await area.remove(entries.filter(([id]) => !(id in index)).map(([id]) => PREFIX + id));
    await area.set({ [INDEX]: index });
    return index;
  }

  return {
    keep: (message, delivery) =>
      serially(async () => {
        const index = await freshIndex();
        const id = conversationOf(message);
        const { [PREFIX + id]: stored } = await area.get(PREFIX + id);
        const kept = new Map(asMessages(stored).map((earlier) => [earlier.id, earlier]));
        const state = laterOf(kept.get(message.id)?.delivery, delivery);
        kept.set(message.id, state === undefined ? message : { ...message, delivery: state });
        const messages = [...kept.values()].sort(byId).slice(-perConversation);
        await area.set({ [PREFIX + id]: messages, [INDEX]: { ...index, [id]: now() } });
      }, undefined),
    conversation: (key) =>
      serially(async () => {
        const { [PREFIX + key]: stored } = await area.get(PREFIX + key);
        return asMessages(stored).sort(byId);
      }, []),
    selfWith: (room, peer) =>
      serially(async () => {
        for (const id of Object.keys(await freshIndex())) {
          const [kept, a, b] = id.split(':');
          if (kept === room && (a === peer || b === peer)) return a === peer ? b : a;
        }
        return undefined;
      }, undefined),
    delivered: ({ room, to, ids }) =>
      serially(async () => {
        const wanted = new Set(ids);
        const keys = Object.keys(await freshIndex())
          .filter((id) => id.startsWith(`${room}:`) && id.split(':').includes(to))
          .map((id) => PREFIX + id);
        if (keys.length === 0 || wanted.size === 0) return;
        const stored = await area.get(keys);
        const changed: Record<string, KeptEnvelope[]> = {};
        for (const key of keys) {
          const messages = asMessages(stored[key]);
          if (!messages.some((message) => wanted.has(message.id) && message.delivery !== 'delivered')) continue;
          changed[key] = messages.map((message) =>
            wanted.has(message.id) && message.to === to ? { ...message, delivery: 'delivered' } : message,
          );
        }
        if (Object.keys(changed).length > 0) await area.set(changed);
      }, undefined),
    load: (room) =>
      serially(async () => {
        const keys = Object.keys(await freshIndex())
          .filter((id) => id.startsWith(`${room}:`))
          .map((id) => PREFIX + id);
        if (keys.length === 0) return [];
        const stored = await area.get(keys);
        return keys.flatMap((key) => asMessages(stored[key])).sort(byId);
      }, []),
    forget: (key) =>
      serially(async () => {
        const { [key]: _gone, ...index } = await freshIndex();
        await area.remove(PREFIX + key);
        await area.set({ [INDEX]: index });
      }, undefined),
  };
}
