/**
 * The inbox (issue #13): one line per DM conversation, newest first, with its unread count,
 * kept in `storage.local` so counts survive closing the panel, the browser and the other person
 * leaving. The hub is its one writer: it sees every DM, received or accepted, with or without a
 * panel open. Nothing of it leaves the browser. At most INBOX_MAX conversations are kept; the
 * one quiet the longest goes first.
 */
import { browser } from 'wxt/browser';
import type { Envelope, Member, UserId } from '../../protocol/index.ts';
import type { Conversation } from '../lib/domain.ts';
import { conversationOf } from './dm-archive.ts';

export const INBOX_MAX = 200;
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
export function foldSighting(kept: KeptConversation | undefined, sighting: Sighting): KeptConversation | null {
  const { envelope, self } = sighting;
  if (envelope.to === undefined) return null;
  if (envelope.kind === 'edit' || envelope.kind === 'delete') {
    if (!kept || envelope.body.target !== kept.lastId) return null;
    const preview = envelope.kind === 'edit' ? oneLine(envelope.body.text) : 'Message deleted';
    return { ...kept, last: { ...kept.last, preview } };
  }
  if (envelope.kind !== 'text' && envelope.kind !== 'image') return null;
  // Ids grow in send order: an id at or below the line's is a repeat (a replay after a reconnect).
  if (kept && envelope.id <= kept.lastId) return null;
  const fromPeer = envelope.from.id !== self;
  const peer = fromPeer
    ? { ...envelope.from }
    : { id: envelope.to, name: sighting.peerName ?? kept?.peer.name ?? 'Someone' };
  const pageTitle = kept?.pageTitle ?? sighting.pageTitle;
  return {
    key: conversationOf(envelope),
    room: envelope.room,
    peer,
    last: {
      from: envelope.from.id,
      preview: envelope.kind === 'text' ? oneLine(envelope.body.text) : 'Photo',
      at: envelope.at,
    },
    // Answering is reading: what came before this person's own message is seen.
    unread: fromPeer ? (kept?.unread ?? 0) + (sighting.inView ? 0 : 1) : 0,
    ...(pageTitle ? { pageTitle } : {}),
    lastId: envelope.id,
  };
}

/** The list as a panel gets it: without what only the hub needs. */
export const shown = (kept: readonly KeptConversation[]): Conversation[] =>
  kept.map(({ lastId: _lastId, ...conversation }) => conversation);

// Storage outlives versions of the extension: what does not look like a conversation is left out.
function asKept(value: unknown): KeptConversation[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item: Partial<KeptConversation> | null): item is KeptConversation => {
    if (typeof item !== 'object' || item === null) return false;
    const { key, room, peer, last, unread, lastId } = item;
    return (
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

export class Inbox {
  #kept: Promise<KeptConversation[]> | null = null;
  /** One change at a time, so a read-change-write never loses another. */
  #queue: Promise<unknown> = Promise.resolve();

  /** `changed` gets the list after every change, newest first. */
  constructor(
    private readonly changed: (conversations: KeptConversation[]) => void,
    private readonly max = INBOX_MAX,
  ) {}

  /** Every conversation, newest first. */
  list(): Promise<KeptConversation[]> {
    return this.#serially(async () => [...(await this.#load())]);
  }

  /** Takes a DM into its conversation. */
  record(sighting: Sighting): Promise<void> {
    return this.#update(conversationOf(sighting.envelope), (kept) => foldSighting(kept, sighting));
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
    return this.#update(key, (kept) => (kept && kept.unread > 0 ? { ...kept, unread: 0 } : null));
  }

  #update(key: string, change: (kept: KeptConversation | undefined) => KeptConversation | null): Promise<void> {
    return this.#serially(async () => {
      const all = await this.#load();
      const next = change(all.find((conversation) => conversation.key === key));
      if (!next) return;
      await this.#store([next, ...all.filter((conversation) => conversation.key !== key)]);
    });
  }

  async #store(conversations: KeptConversation[]): Promise<void> {
    const list = conversations.sort(newestFirst).slice(0, this.max);
    this.#kept = Promise.resolve(list);
    await browser.storage.local.set({ [STORAGE_KEY]: list });
    this.changed(list);
  }

  #load(): Promise<KeptConversation[]> {
    this.#kept ??= browser.storage.local
      .get(STORAGE_KEY)
      .then(({ [STORAGE_KEY]: stored }) => asKept(stored).sort(newestFirst).slice(0, this.max))
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
