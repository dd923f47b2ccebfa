/**
 * The inbox (issue #13): one line per DM conversation, newest first, with its unread count,
 * kept in `storage.local` so counts survive closing the panel, the browser and the other person
 * leaving. The hub is its one writer: it sees every DM, received or accepted, with or without a
 * panel open. Nothing of it leaves the browser. At most INBOX_MAX conversations are kept; the
 * one quiet the longest goes first.
 *
 * Issue #14: the first DM of someone this person never talked with (no accepted conversation
 * with them, in any room) opens a message request. A request is accepted by the person or by
 * their reply; declined, it goes with its messages, and a later DM from the same person is a
 * new request. Requests are kept apart (at most REQUESTS_MAX, oldest dropped), so a flood of
 * them cannot push out an accepted conversation.
 */
import { browser } from 'wxt/browser';
import type { Envelope, Member, UserId } from '../../protocol/index.ts';
import type { Conversation } from '../lib/domain.ts';
import { t } from '../lib/i18n.ts';
import { conversationOf } from './dm-archive.ts';

export const INBOX_MAX = 200;
export const REQUESTS_MAX = 50;
const STORAGE_KEY = 'inbox';
/** The list shows one line: longer texts are cut here. */
const PREVIEW_MAX = 140;

/** A conversation as kept: the id of the message its line shows, so an edit or delete of it shows. */
export interface KeptConversation extends Conversation {
  lastId: string;
}

/** One DM the hub saw, and what it knows around it. */
export interface Sighting {
  envelope: Envelope;
  /** This person's user id. */
  self: UserId;
  /** The addressee's name when this person sent it (the envelope names them by id only). */
  peerName?: string;
  /** A panel shows this conversation visibly: a message from the peer is read as it arrives. */
  inView: boolean;
  /** The title of the tab where the conversation was seen (local only). */
  pageTitle?: string;
}

const oneLine = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > PREVIEW_MAX ? `${line.slice(0, PREVIEW_MAX - 1)}…` : line;
};

/**
 * The conversation after `sighting`, or null when it does not change it (a reaction, a change
 * to an older message, a message already counted, a change to a conversation not kept).
 */
export function foldSighting(
  kept: KeptConversation | undefined,
  sighting: Sighting,
  /** This person has an accepted conversation with the sender (in any room): no request. */
  known = true,
): KeptConversation | null {
  const { envelope, self } = sighting;
  if (envelope.to === undefined) return null;
  if (envelope.kind === 'edit' || envelope.kind === 'delete') {
    if (!kept || envelope.body.target !== kept.lastId) return null;
    const preview = envelope.kind === 'edit' ? oneLine(envelope.body.text) : deletedLine(envelope.body.by);
    return { ...kept, last: { ...kept.last, preview } };
  }
  if (envelope.kind !== 'text' && envelope.kind !== 'image') return null;
  // Ids grow in send order: an id at or below the line's is a repeat (a replay after a reconnect).
  if (kept && envelope.id <= kept.lastId) return null;
  const fromPeer = envelope.from.id !== self;
  const peer = fromPeer
    ? { ...envelope.from }
    : { id: envelope.to, name: sighting.peerName ?? kept?.peer.name ?? t('notify_someone') };
  const pageTitle = kept?.pageTitle ?? sighting.pageTitle;
  // Writing in a conversation is accepting it, and so is having it open as the first message
  // arrives (the person chose to talk with them); otherwise a stranger's first message asks.
  const request = fromPeer && (kept ? kept.request === true : !known && !sighting.inView);
  return {
    key: conversationOf(envelope),
    room: envelope.room,
    peer,
    last: {
      from: envelope.from.id,
      preview: envelope.kind === 'text' ? oneLine(envelope.body.text) : t('notify_photo'),
      at: envelope.at,
    },
    // Answering is reading: what came before this person's own message is seen.
    unread: fromPeer ? (kept?.unread ?? 0) + (sighting.inView ? 0 : 1) : 0,
    ...(pageTitle ? { pageTitle } : {}),
    ...(request ? { request: true as const } : {}),
    lastId: envelope.id,
  };
}

// Lines are kept in words, in the language of the day they were written: the list shows them as they are.
const deletedLine = (by: 'moderator' | undefined): string =>
  by === 'moderator' ? t('notify_removed_by_moderator') : t('notify_message_deleted');

/** Whether this person ever talked with `peer`: an accepted conversation with them, in any room. */
export const knows = (kept: readonly KeptConversation[], peer: UserId): boolean =>
  kept.some((conversation) => conversation.peer.id === peer && conversation.request !== true);

/** The list as a panel gets it: without what only the hub needs. */
export const shown = (kept: readonly KeptConversation[]): Conversation[] =>
  kept.map(({ lastId: _lastId, ...conversation }) => conversation);

// Storage outlives versions of the extension: what does not look like a conversation is left out.
function asKept(value: unknown): KeptConversation[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item: Partial<KeptConversation> | null): item is KeptConversation => {
    if (typeof item !== 'object' || item === null) return false;
    const { key, room, peer, last, unread, lastId, request } = item;
    return (
      (request === undefined || request === true) &&
      typeof key === 'string' &&
      typeof room === 'string' &&
      typeof lastId === 'string' &&
      typeof peer?.id === 'string' &&
      typeof peer.name === 'string' &&
      typeof last?.preview === 'string' &&
      typeof last.at === 'number' &&
      typeof unread === 'number'
    );
  });
}

const newestFirst = (a: KeptConversation, b: KeptConversation): number => b.last.at - a.last.at;

/** Accepted conversations up to `max`, requests up to REQUESTS_MAX, each kind newest first. */
function bounded(conversations: KeptConversation[], max: number, requestsMax: number): KeptConversation[] {
  const sorted = conversations.sort(newestFirst);
  const requests = sorted.filter((conversation) => conversation.request === true).slice(0, requestsMax);
  const accepted = sorted.filter((conversation) => conversation.request !== true).slice(0, max);
  return [...accepted, ...requests].sort(newestFirst);
}

/** A bound on the declined conversations remembered, so a replay of their messages asks no more. */
const DECLINED_MAX = 100;

export class Inbox {
  #kept: Promise<KeptConversation[]> | null = null;
  /** One change at a time, so a read-change-write never loses another. */
  #queue: Promise<unknown> = Promise.resolve();
  /** Declined conversation → the newest message it had: a replay of it is not a new request. */
  readonly #declined = new Map<string, string>();

  /** `changed` gets the list after every change, newest first. */
  constructor(
    private readonly changed: (conversations: KeptConversation[]) => void,
    private readonly max = INBOX_MAX,
    private readonly requestsMax = REQUESTS_MAX,
  ) {}

  /** Every conversation, newest first. */
  list(): Promise<KeptConversation[]> {
    return this.#serially(async () => [...(await this.#load())]);
  }

  /** Takes a DM into its conversation; resolves to the conversation it changed, if any. */
  record(sighting: Sighting): Promise<KeptConversation | null> {
    const key = conversationOf(sighting.envelope);
    const declinedAt = this.#declined.get(key);
    if (declinedAt !== undefined && sighting.envelope.id <= declinedAt) return Promise.resolve(null);
    return this.#update(key, (kept, all) => foldSighting(kept, sighting, knows(all, sighting.envelope.from.id)));
  }

  /** Issue #14: the request `key` becomes a conversation; what came before is seen. */
  accept(key: string): Promise<KeptConversation | null> {
    return this.#update(key, (kept) => {
      if (kept?.request !== true) return null;
      const { request: _request, ...conversation } = kept;
      return { ...conversation, unread: 0 };
    });
  }

  /** Issue #14: the request `key` goes, the sender told nothing; resolves whether there was one. */
  decline(key: string): Promise<boolean> {
    return this.#serially(async () => {
      const all = await this.#load();
      const declined = all.find((conversation) => conversation.key === key && conversation.request === true);
      if (!declined) return false;
      this.#declined.delete(key);
      this.#declined.set(key, declined.lastId);
      if (this.#declined.size > DECLINED_MAX) this.#declined.delete(this.#declined.keys().next().value ?? '');
      await this.#store(all.filter((conversation) => conversation !== declined));
      return true;
    });
  }

  /** Someone was seen under `member.name`: their conversations show their current name. */
  renamed(member: Member): Promise<void> {
    return this.#serially(async () => {
      const all = await this.#load();
      if (!all.some(({ peer }) => peer.id === member.id && peer.name !== member.name)) return;
      await this.#store(all.map((kept) => (kept.peer.id === member.id ? { ...kept, peer: { ...member } } : kept)));
    });
  }

  /** The person has seen the conversation `key`. */
  read(key: string): Promise<void> {
    return this.#update(key, (kept) => (kept && kept.unread > 0 ? { ...kept, unread: 0 } : null)).then(() => undefined);
  }

  #update(
    key: string,
    change: (kept: KeptConversation | undefined, all: readonly KeptConversation[]) => KeptConversation | null,
  ): Promise<KeptConversation | null> {
    return this.#serially(async () => {
      const all = await this.#load();
      const next = change(
        all.find((conversation) => conversation.key === key),
        all,
      );
      if (!next) return null;
      await this.#store([next, ...all.filter((conversation) => conversation.key !== key)]);
      return next;
    });
  }

  async #store(conversations: KeptConversation[]): Promise<void> {
    const list = bounded(conversations, this.max, this.requestsMax);
    this.#kept = Promise.resolve(list);
    await browser.storage.local.set({ [STORAGE_KEY]: list });
    this.changed(list);
  }

  #load(): Promise<KeptConversation[]> {
    this.#kept ??= browser.storage.local
      .get(STORAGE_KEY)
      .then(({ [STORAGE_KEY]: stored }) => bounded(asKept(stored), this.max, this.requestsMax))
      .catch(() => []);
    return this.#kept;
  }

  #serially(work: () => Promise<void>): Promise<void>;
  #serially<T>(work: () => Promise<T>): Promise<T>;
  #serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    // A failed write loses that change only; the next one still runs.
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
