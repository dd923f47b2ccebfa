import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import type { Message } from '../../../protocol/index.ts';
import { startWordFilter } from '../models/word-filter.ts';
import { ALICE, BOB, chat, folded } from '../testing/fixtures.ts';
import { SentMessage } from './MessageItem.tsx';
import { nameWithTag, PersonName } from './PersonName.tsx';

let stop: (() => void) | null = null;
afterEach(() => {
  cleanup();
  stop?.();
  stop = null;
});

async function filterAt(level: 'off' | 'mild' | 'strict', allowWords: string[] = []): Promise<void> {
  await browser.storage.local.set({ wordFilter: level, allowWords });
  const filter = startWordFilter();
  stop = filter.stop;
  await act(() => filter.ready);
}

function show(message: Message): HTMLElement {
  render(
    <ol>
      <SentMessage
        message={message}
        mine={message.from.id === ALICE.id}
        self={ALICE}
        continued={false}
        testId="message"
        tagOf={() => null}
      />
    </ol>,
  );
  return screen.getByTestId('message');
}

describe('the word filter in the panel (issue #14)', () => {
  it('changes nothing when off', async () => {
    await filterAt('off');
    expect(show(folded(chat(BOB, 'well shit happens'))).textContent).toContain('well shit happens');
  });

  it('masks matched words but for the first letter at mild, never in the person’s own messages', async () => {
    await filterAt('mild');
    expect(show(folded(chat(BOB, 'well shit happens'))).textContent).toContain('well s*** happens');
    cleanup();
    expect(show(folded(chat(ALICE, 'well shit happens'))).textContent).toContain('well shit happens');
  });

  it('masks names too, at mild and strict alike, so the person stays recognizable', async () => {
    await filterAt('strict');
    const rude = { ...BOB, name: 'shithead' };
    render(<PersonName person={rude} tag="k3f9" />);
    expect(document.body.textContent).toBe('s***head, #k3f9');
    expect(nameWithTag(rude, null)).toBe('s***head');
  });

  it('hides a message with a matched word at strict, until Show', async () => {
    await filterAt('strict');
    const message = show(folded(chat(BOB, 'what a dick move')));
    expect(message.textContent).toContain('Hidden by your word filter');
    expect(message.textContent).not.toContain('dick');
    await act(() => {
      fireEvent.click(screen.getByTestId('message-filtered-show'));
    });
    expect(message.textContent).toContain('what a d*** move');
  });

  it('lets through what the person allows, and follows a change of the settings', async () => {
    await filterAt('strict', ['Dick Smith']);
    expect(show(folded(chat(BOB, 'Dick Smith sells radios'))).textContent).toContain('Dick Smith sells radios');
    cleanup();
    await act(async () => {
      await browser.storage.local.set({ allowWords: [] });
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(show(folded(chat(BOB, 'Dick Smith sells radios'))).textContent).toContain('Hidden by your word filter');
  });

  it('filters the snippet of a reply', async () => {
    await filterAt('mild');
    const reply = chat(BOB, 'I agree', { body: { reply: { id: 'm'.repeat(10), snippet: 'this is shit' } } });
    expect(show(folded(reply)).textContent).toContain('this is s***');
  });
});

describe("a moderator's delete (issue #14)", () => {
  it('reads "Removed by a moderator" instead of "message deleted"', () => {
    const base = folded(chat(BOB, 'spam'));
    const removed = { ...base, body: null, deletedAt: Date.now(), deletedBy: 'moderator' as const } as Message;
    expect(show(removed).textContent).toContain('Removed by a moderator');
    cleanup();
    const deleted = { ...base, body: null, deletedAt: Date.now() } as Message;
    expect(show(deleted).textContent).toContain('message deleted');
  });
});
