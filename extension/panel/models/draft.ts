/**
 * What the person was writing outlives the panel (issue #13): a full navigation, a reload or
 * closing the panel destroys its frame, so each conversation's draft is kept in
 * `storage.session` per tab and conversation while typing, given back when a panel of the same
 * tab opens that conversation again, and dropped once sent (an empty draft is no draft).
 * `storage.session` is in memory and the browser's own: nothing of it leaves the browser, and
 * it ends with the browser session. At most DRAFTS_KEPT are kept; the oldest go first.
 */
import { effect, type ReadonlySignal } from '@preact/signals';
import { browser } from 'wxt/browser';

export const DRAFTS_KEPT = 50;
/** Long enough that a word typed costs one write, short enough that little is lost to a navigation. */
export const SAVE_AFTER_MS = 300;

const PREFIX = 'draft:';

interface StoredDraft {
  text: string;
  at: number;
}

const isStoredDraft = (value: unknown): value is StoredDraft =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as StoredDraft).text === 'string' &&
  typeof (value as StoredDraft).at === 'number';

export interface DraftStore {
  /** The kept draft of `conversation`, '' when none. */
  read(conversation: string): Promise<string>;
  /** Keeps `text` as the draft of `conversation`; '' forgets it. */
  write(conversation: string, text: string): Promise<void>;
}

/** The part of a storage area the store uses (browser.storage.session, or a test's). */
export interface DraftArea {
  get(keys: string | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/** The tab this panel is in: its id for a panel in a page or a pop-out tab, else one shared name. */
async function currentTab(): Promise<string> {
  try {
    return String((await browser.tabs.getCurrent())?.id ?? 'window');
  } catch {
    return 'window';
  }
}

export function createDraftStore(
  tab: Promise<string> = currentTab(),
  area: DraftArea = browser.storage.session,
  limit = DRAFTS_KEPT,
): DraftStore {
  const keyOf = async (conversation: string): Promise<string> => `${PREFIX}${await tab}|${conversation}`;

  async function dropOldest(): Promise<void> {
    const all = await area.get(null);
    const drafts = Object.entries(all).flatMap(([key, value]) =>
      key.startsWith(PREFIX) && isStoredDraft(value) ? [{ key, at: value.at }] : [],
    );
    if (drafts.length <= limit) return;
    drafts.sort((a, b) => a.at - b.at);
    await area.remove(drafts.slice(0, drafts.length - limit).map(({ key }) => key));
  }

  return {
    async read(conversation) {
      const key = await keyOf(conversation);
      const { [key]: value } = await area.get(key);
      return isStoredDraft(value) ? value.text : '';
    },
    async write(conversation, text) {
      const key = await keyOf(conversation);
      if (text.trim() === '') return area.remove(key);
      await area.set({ [key]: { text, at: Date.now() } satisfies StoredDraft });
      await dropOldest();
    },
  };
}

/** A conversation whose draft is kept: its key (null while there is none) and its draft. */
export interface DraftedConversation {
  key: ReadonlySignal<string | null>;
  draft: ReadonlySignal<string>;
  setDraft(text: string): void;
}

function keepOne(store: DraftStore, { key, draft, setDraft }: DraftedConversation, delayMs: number): () => void {
  // A conversation's kept draft is read once before anything is written for it: the empty
  // composer a new panel starts with must not erase the draft it is about to get back.
  const restored = new Set<string>();
  let pending: { key: string; text: string } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush(): void {
    clearTimeout(timer);
    if (pending) void store.write(pending.key, pending.text);
    pending = null;
  }

  const stopRestoring = effect(() => {
    const current = key.value;
    if (current === null || restored.has(current)) return;
    // A read that fails counts as no draft: the conversation's drafts are still kept from now on.
    void store
      .read(current)
      .catch(() => '')
      .then((text) => {
        restored.add(current);
        if (text !== '' && key.peek() === current && draft.peek() === '') setDraft(text);
      });
  });
  const stopSaving = effect(() => {
    const text = draft.value;
    const current = key.value;
    if (pending && pending.key !== current) flush();
    if (current === null || !restored.has(current)) return;
    pending = { key: current, text };
    clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
  });
  // The frame goes with the page: what was typed in the last moment is written on the way out.
  addEventListener('pagehide', flush);
  return () => {
    removeEventListener('pagehide', flush);
    stopRestoring();
    stopSaving();
    flush();
  };
}

/** Keeps the drafts of `conversations` in `store` until the returned stop is called. */
export function keepDrafts(
  store: DraftStore,
  conversations: readonly DraftedConversation[],
  delayMs = SAVE_AFTER_MS,
): () => void {
  const stops = conversations.map((conversation) => keepOne(store, conversation, delayMs));
  return () => {
    for (const stop of stops) stop();
  };
}
