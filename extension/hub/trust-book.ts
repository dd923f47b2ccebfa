/**
 * To whom each DM conversation is sealed (issue #15), kept in `storage.local` under `dmTrust`
 * beside the DM archive: the other person's public key for the conversation's room, whether
 * this person compared safety numbers and marked the conversation verified, and its notices (a
 * key change, a message that did not open). A different key for a known conversation is
 * announced in it and takes the conversation back to unverified: either the other person
 * reinstalled, or someone (a relay that swaps keys) is in the middle. The hub is the one writer.
 * At most TRUST_MAX conversations, the one untouched the longest going first, and NOTICES_MAX
 * notices each.
 *
 * Beside it, under `dmSeen:` and the conversation, the clientIds of the last SEEN_MAX DMs taken
 * in the conversation (a short hash of each), so that a relay replaying an old sealed DM under a
 * new id is caught after the archive trimmed or forgot it (a declined request): the seal binds the
 * clientId, not the relay's id. Each conversation has its own key, written as each DM comes, and
 * goes with the conversation when the bound drops it.
 */
import { browser } from 'wxt/browser';
import type { DmNotice } from '../lib/domain.ts';
import { toBase64Url } from '../lib/e2e/base64url.ts';

export const TRUST_MAX = 500;
export const NOTICES_MAX = 20;
export const SEEN_MAX = 1000;
const STORAGE_KEY = 'dmTrust';
const SEEN_PREFIX = 'dmSeen:';

export interface ConversationTrust {
  peerKey?: string;
  verified: boolean;
  notices: DmNotice[];
  /** Last change, for the bound. */
  touched: number;
}

type Book = Record<string, ConversationTrust>;

const EMPTY: ConversationTrust = { verified: false, notices: [], touched: 0 };

// Storage outlives versions of the extension: what does not look like an entry is left out.
function asBook(value: unknown): Book {
  if (typeof value !== 'object' || value === null) return {};
  const book: Book = {};
  for (const [key, entry] of Object.entries(value as Record<string, Partial<ConversationTrust>>)) {
    if (typeof entry !== 'object' || entry === null || typeof entry.verified !== 'boolean') continue;
    const notices = Array.isArray(entry.notices)
      ? entry.notices.filter((notice) => typeof notice?.at === 'number' && typeof notice.text === 'string')
      : [];
    book[key] = {
      ...(typeof entry.peerKey === 'string' ? { peerKey: entry.peerKey } : {}),
      verified: entry.verified,
      notices,
      touched: typeof entry.touched === 'number' ? entry.touched : 0,
    };
  }
  return book;
}

export class TrustBook {
  #book: Promise<Book> | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  /** `changed` hears of every conversation whose trust changed. */
  constructor(
    private readonly changed: (conversation: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  async get(conversation: string): Promise<ConversationTrust> {
    return (await this.#load())[conversation] ?? EMPTY;
  }

  /**
   * The other person's key, as just seen. The first is taken as it is (unless `knownOnly`: a
   * person merely seen in a room starts no conversation); a different one replaces it, says so in
   * the conversation and unverifies it. Resolves whether the key changed.
   */
  learn(conversation: string, key: string, peerName: string, knownOnly = false): Promise<boolean> {
    return this.#update(conversation, (entry) => {
      if (entry.peerKey === key || (knownOnly && entry.peerKey === undefined)) return null;
      if (entry.peerKey === undefined) return { ...entry, peerKey: key };
      const text =
        `${peerName}’s safety number changed. They may have reinstalled samepage, or someone may be ` +
        'trying to read this conversation: compare the new number before you mark it verified again.';
      return { ...entry, peerKey: key, verified: false, notices: withNotice(entry.notices, this.now(), text) };
    });
  }

  /** Marks the conversation verified or not, if `key` is still the other person's key; resolves whether it did. */
  verify(conversation: string, key: string, verified: boolean): Promise<boolean> {
    return this.#update(conversation, (entry) =>
      entry.peerKey === key && entry.verified !== verified ? { ...entry, verified } : null,
    ).then((done) => done || this.get(conversation).then((entry) => entry.peerKey === key));
  }

  /** Adds a notice to the conversation. */
  notice(conversation: string, text: string): Promise<void> {
    return this.#update(conversation, (entry) => ({
      ...entry,
      notices: withNotice(entry.notices, this.now(), text),
    })).then(() => undefined);
  }

  /**
   * Records a DM's `clientId` as taken in the conversation; resolves false when it was taken
   * before (a replay), which records nothing. Storage that fails takes the DM (the archive's own
   * check still stands): dropping it would lose it, its receipt being on its way.
   */
  firstSight(conversation: string, clientId: string): Promise<boolean> {
    return this.#serially(async () => {
      const key = SEEN_PREFIX + conversation;
      const { [key]: stored } = await browser.storage.local.get(key).catch(() => ({}) as Record<string, unknown>);
      const seen = Array.isArray(stored) ? stored.filter((digest) => typeof digest === 'string') : [];
      const digest = await digestOf(clientId);
      if (seen.includes(digest)) return false;
      await browser.storage.local.set({ [key]: [...seen, digest].slice(-SEEN_MAX) }).catch(() => undefined);
      return true;
    });
  }

  #update(conversation: string, change: (entry: ConversationTrust) => ConversationTrust | null): Promise<boolean> {
    return this.#serially(async () => {
      const book = await this.#load();
      const next = change(book[conversation] ?? EMPTY);
      if (next === null) return false;
      const updated = bounded({ ...book, [conversation]: { ...next, touched: this.now() } });
      this.#book = Promise.resolve(updated);
      await browser.storage.local.set({ [STORAGE_KEY]: updated });
      const dropped = Object.keys(book).filter((key) => !(key in updated));
      if (dropped.length > 0) await browser.storage.local.remove(dropped.map((key) => SEEN_PREFIX + key));
      this.changed(conversation);
      return true;
    });
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #load(): Promise<Book> {
    this.#book ??= browser.storage.local
      .get(STORAGE_KEY)
      .then(({ [STORAGE_KEY]: stored }) => asBook(stored))
      .catch(() => ({}));
    return this.#book;
  }
}

function withNotice(notices: readonly DmNotice[], at: number, text: string): DmNotice[] {
  return [...notices, { at, text }].slice(-NOTICES_MAX);
}

/** 72 bits of SHA-256: a third of a clientId's room in storage, still no chance collision among SEEN_MAX. */
async function digestOf(clientId: string): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(clientId));
  return toBase64Url(new Uint8Array(hash, 0, 9));
}

function bounded(book: Book): Book {
  const entries = Object.entries(book);
  if (entries.length <= TRUST_MAX) return book;
  return Object.fromEntries(entries.sort(([, a], [, b]) => b.touched - a.touched).slice(0, TRUST_MAX));
}
