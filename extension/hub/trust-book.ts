/**
 * To whom each DM conversation is sealed (issue #15), kept in `storage.local` under `dmTrust`
 * beside the DM archive: the other person's public key for the conversation's room, whether
 * this person compared safety numbers and marked the conversation verified, and its notices (a
 * key change, a message that did not open). A different key for a known conversation is
 * announced in it and takes the conversation back to unverified: either the other person
 * reinstalled, or someone (a relay that swaps keys) is in the middle. The hub is the one writer.
 * At most TRUST_MAX conversations, the one untouched the longest going first, and NOTICES_MAX
 * notices each.
 */
import { browser } from 'wxt/browser';
import type { DmNotice } from '../lib/domain.ts';

export const TRUST_MAX = 500;
export const NOTICES_MAX = 20;
const STORAGE_KEY = 'dmTrust';

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

  #update(conversation: string, change: (entry: ConversationTrust) => ConversationTrust | null): Promise<boolean> {
    const run = this.#queue.then(async () => {
      const book = await this.#load();
      const next = change(book[conversation] ?? EMPTY);
      if (next === null) return false;
      const updated = bounded({ ...book, [conversation]: { ...next, touched: this.now() } });
      this.#book = Promise.resolve(updated);
      await browser.storage.local.set({ [STORAGE_KEY]: updated });
      this.changed(conversation);
      return true;
    });
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

function bounded(book: Book): Book {
  const entries = Object.entries(book);
  if (entries.length <= TRUST_MAX) return book;
  return Object.fromEntries(entries.sort(([, a], [, b]) => b.touched - a.touched).slice(0, TRUST_MAX));
}
