/** The options page's blocked and muted people (issue #14). */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { block, readBlocked, readMutes } from '../lib/safety-lists.ts';
import { SafetyLists } from './SafetyLists.tsx';

afterEach(cleanup);

const BOB = { id: 'b'.repeat(43), name: 'Bob' };
const CAROL = { id: 'c'.repeat(43), name: 'Carol' };
const ROOM = 'r'.repeat(64);

describe('blocked and muted people in options', () => {
  it('lists the blocked people newest first and unblocks one', async () => {
    await block(BOB, 1);
    await block(CAROL, 2);
    render(<SafetyLists />);
    const list = await screen.findByTestId('blocked-list');
    expect([...list.querySelectorAll('li')].map((item) => item.dataset.userId)).toEqual([CAROL.id, BOB.id]);
    const bob = list.querySelector(`[data-user-id="${BOB.id}"]`) as HTMLElement;
    await act(() => {
      fireEvent.click(within(bob).getByRole('button', { name: 'Unblock Bob' }));
    });
    await waitFor(async () => expect((await readBlocked()).map((person) => person.id)).toEqual([CAROL.id]));
    await waitFor(() => expect(screen.getByTestId('blocked-list').querySelectorAll('li')).toHaveLength(1));
  });

  it('shows a block made elsewhere as it happens, and says so when the lists are empty', async () => {
    render(<SafetyLists />);
    expect((await screen.findByRole('heading', { name: 'Blocked people' })).nextElementSibling?.textContent).toMatch(
      /^Nobody\./,
    );
    await act(() => block(BOB));
    await waitFor(() => expect(screen.getByTestId('blocked-list').textContent).toContain('Bob'));
  });

  it('lists the mutes with their end, unmutes, and drops one when it ends', async () => {
    await browser.storage.local.set({
      mutes: [
        { room: ROOM, id: BOB.id, name: 'Bob', until: null },
        { room: ROOM, id: CAROL.id, name: 'Carol', until: Date.now() + 200 },
      ],
    });
    render(<SafetyLists />);
    const list = await screen.findByTestId('muted-list');
    expect(list.textContent).toContain('until you unmute');
    await waitFor(() => expect(screen.getByTestId('muted-list').querySelectorAll('li')).toHaveLength(1), {
      timeout: 2000,
    });
    await act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Unmute Bob' }));
    });
    await waitFor(async () => expect(await readMutes()).toEqual([]));
    await waitFor(() => expect(screen.queryByTestId('muted-list')).toBeNull());
  });
});
