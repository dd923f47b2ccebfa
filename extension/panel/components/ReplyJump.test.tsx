/** A click on a reply's quote brings its original into view, loading older history first if needed. */
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { ALICE, BOB, PAGE_ROOM, chat, folded, fullHistory } from '../testing/fixtures.ts';
import { acting, renderInRoom } from '../testing/render-panel.tsx';

const byId = (id: string) => document.querySelector<HTMLElement>(`[data-message-id="${id}"]`);

describe('jumping to the original of a reply', () => {
  it('scrolls to an original that is shown and marks it', async () => {
    const original = chat(BOB, 'who likes otters?');
    const reply = chat(ALICE, 'me!', { body: { reply: { id: original.id, from: BOB, snippet: 'who likes otters?' } } });
    await renderInRoom({ history: [original, reply] });
    const scrolled = vi.spyOn(byId(original.id) as HTMLElement, 'scrollIntoView');
    await acting(() => fireEvent.click(within(byId(reply.id) as HTMLElement).getByTestId('message-quote')));
    expect(scrolled).toHaveBeenCalledTimes(1);
    expect(byId(original.id)?.classList.contains('jumped')).toBe(true);
  });

  it('loads older messages until the original is there', async () => {
    const original = chat(BOB, 'long ago');
    const shown = fullHistory(chat(BOB, 'oldest shown'));
    const reply = chat(ALICE, 'about that', { body: { reply: { id: original.id, from: BOB, snippet: 'long ago' } } });
    const { hub } = await renderInRoom({ history: [...shown.slice(1), reply] });
    await acting(() => fireEvent.click(within(byId(reply.id) as HTMLElement).getByTestId('message-quote')));
    const page = hub.next('room:history');
    expect(page.payload).toEqual({ room: PAGE_ROOM, before: shown[1]?.id });
    await acting(() =>
      page.answer({ ok: true, messages: [original, shown[0]].flatMap((m) => (m ? [folded(m)] : [])), hasMore: true }),
    );
    await waitFor(() => expect(byId(original.id)?.classList.contains('jumped')).toBe(true));
    expect(screen.getAllByTestId('message')[0]?.getAttribute('data-message-id')).toBe(original.id);
  });
});
