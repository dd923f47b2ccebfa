import { computed, signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createDraftStore, keepDrafts, SAVE_AFTER_MS, type DraftStore } from './draft.ts';

const session = fakeBrowser.storage.session;
const storeOf = (tab: string, limit?: number): DraftStore => createDraftStore(Promise.resolve(tab), session, limit);

/** A composer's conversation as the room model gives it: a key, and a draft per key. */
function conversation(initialKey: string | null) {
  const key = signal<string | null>(initialKey);
  const drafts = signal<ReadonlyMap<string, string>>(new Map());
  return {
    key,
    draft: computed(() => (key.value === null ? '' : (drafts.value.get(key.value) ?? ''))),
    setDraft(text: string) {
      const current = key.peek();
      if (current !== null) drafts.value = new Map(drafts.peek()).set(current, text);
    },
  };
}

const settle = async (): Promise<void> => {
  await vi.advanceTimersByTimeAsync(SAVE_AFTER_MS + 10);
};

describe('the draft store', () => {
  it('keeps a draft per tab and conversation, and forgets an empty one', async () => {
    const tab7 = storeOf('7');
    await tab7.write('room-a', 'half a thought');
    await tab7.write('room-b', 'another');

    expect(await storeOf('7').read('room-a')).toBe('half a thought');
    expect(await storeOf('8').read('room-a')).toBe('');

    await tab7.write('room-a', '  ');
    expect(await tab7.read('room-a')).toBe('');
    expect(await tab7.read('room-b')).toBe('another');
  });

  it('keeps at most its limit, the oldest going first', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const store = storeOf('1', 3);
      for (const [index, name] of ['a', 'b', 'c', 'd'].entries()) {
        vi.setSystemTime(1000 + index);
        await store.write(name, `draft ${name}`);
      }
      expect(await Promise.all(['a', 'b', 'c', 'd'].map((name) => store.read(name)))).toEqual([
        '',
        'draft b',
        'draft c',
        'draft d',
      ]);
      // Nothing else in the area is touched.
      await session.set({ other: 'kept' });
      await store.write('e', 'draft e');
      expect(await session.get('other')).toEqual({ other: 'kept' });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('keeping a panel’s drafts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives the draft back to the next panel of the tab, in the same conversation only', async () => {
    const first = conversation('room-a');
    const stopFirst = keepDrafts(storeOf('7'), [first]);
    await settle();
    first.setDraft('see you at the');
    await settle();
    stopFirst(); // the navigation: this panel is gone

    const next = conversation('room-a');
    const stopNext = keepDrafts(storeOf('7'), [next]);
    await settle();
    expect(next.draft.peek()).toBe('see you at the');
    stopNext();

    const elsewhere = conversation('room-b');
    keepDrafts(storeOf('7'), [elsewhere]);
    await settle();
    expect(elsewhere.draft.peek()).toBe('');
  });

  it('does not erase the kept draft with the empty composer a new panel starts with', async () => {
    await storeOf('7').write('room-a', 'kept');
    const store = storeOf('7');
    // A read slower than the pause after typing: the empty composer's turn to be written comes first.
    const slow: DraftStore = {
      read: async (key) => {
        const text = await store.read(key);
        await new Promise((resolve) => setTimeout(resolve, SAVE_AFTER_MS * 3));
        return text;
      },
      write: (key, text) => store.write(key, text),
    };
    const panel = conversation('room-a');
    keepDrafts(slow, [panel]);
    await settle();
    expect(await store.read('room-a')).toBe('kept');
    await settle();
    await settle();
    await settle();
    expect(panel.draft.peek()).toBe('kept');
    expect(await store.read('room-a')).toBe('kept');
  });

  it('never overwrites what the person already typed in the new panel', async () => {
    await storeOf('7').write('room-a', 'old words');
    const panel = conversation('room-a');
    panel.setDraft('new words');
    keepDrafts(storeOf('7'), [panel]);
    await settle();
    expect(panel.draft.peek()).toBe('new words');
  });

  it('forgets the draft once it is sent', async () => {
    const panel = conversation('room-a');
    keepDrafts(storeOf('7'), [panel]);
    await settle();
    panel.setDraft('hello');
    await settle();
    expect(await storeOf('7').read('room-a')).toBe('hello');

    panel.setDraft(''); // what the message log does on send
    await settle();
    expect(await storeOf('7').read('room-a')).toBe('');
  });

  it('writes once typing pauses, not on every key', async () => {
    const writes: string[] = [];
    const store = storeOf('7');
    const counting: DraftStore = {
      read: (key) => store.read(key),
      write: (key, text) => (writes.push(text), store.write(key, text)),
    };
    const panel = conversation('room-a');
    keepDrafts(counting, [panel]);
    await settle();
    for (const text of ['h', 'he', 'hel', 'hell', 'hello']) {
      panel.setDraft(text);
      await vi.advanceTimersByTimeAsync(50);
    }
    await settle();
    expect(writes).toEqual(['hello']);
  });

  it('writes the pending draft at once when the conversation changes or the panel goes', async () => {
    const panel = conversation('room-a');
    const stop = keepDrafts(storeOf('7'), [panel]);
    await settle();
    panel.setDraft('for the page');
    panel.key.value = 'room-b'; // the scope switch, before the pause
    await vi.advanceTimersByTimeAsync(0);
    expect(await storeOf('7').read('room-a')).toBe('for the page');

    await settle();
    panel.setDraft('for the site');
    stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(await storeOf('7').read('room-b')).toBe('for the site');
  });

  it('writes what was typed in the last moment when the frame unloads', async () => {
    const panel = conversation('room-a');
    keepDrafts(storeOf('7'), [panel]);
    await settle();
    panel.setDraft('typed just before the click');
    dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(0);
    expect(await storeOf('7').read('room-a')).toBe('typed just before the click');
  });
});
