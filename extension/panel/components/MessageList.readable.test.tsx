/** Issue #12, "Readable list": groups, days, text direction, current names, the history edge, the divider. */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dayLabel } from '../../lib/clock-time.ts';
import { settle } from '../testing/fake-hub.ts';
import { readStored, StorageKeys } from '../../lib/storage-keys.ts';
import {
  ALICE,
  BOB,
  PAGE_ROOM,
  SITE_ROOM,
  chat,
  direct,
  joined,
  pageContext,
  type TextEnvelope,
} from '../testing/fixtures.ts';
import { enterRoom, setupPanel } from '../testing/panel-setup.ts';
import { acting, renderInRoom, renderPanel } from '../testing/render-panel.tsx';
import { App } from './App.tsx';

afterEach(() => {
  vi.useRealTimers();
});

const at = (day: number, hours: number, minutes = 0): number => new Date(2025, 4, day, hours, minutes).getTime();
const messages = (): HTMLElement[] => screen.getAllByTestId('message');
const continued = (): boolean[] => messages().map((element) => element.classList.contains('continued'));

describe('groups', () => {
  it("puts one author's messages within five minutes under one name, heard on each", async () => {
    await renderInRoom({
      history: [
        chat(BOB, 'one', { at: at(6, 12, 0) }),
        chat(BOB, 'two', { at: at(6, 12, 4) }),
        chat(BOB, 'after a pause', { at: at(6, 12, 10) }),
        chat(ALICE, 'mine', { at: at(6, 12, 11) }),
        chat(BOB, 'back to Bob', { at: at(6, 12, 12) }),
      ],
    });
    expect(continued()).toEqual([false, true, false, false, false]);
    const grouped = messages()[1]?.querySelector('.author');
    expect(grouped?.textContent).toBe('Bob');
    expect(grouped?.classList.contains('sr-only')).toBe(true);
    expect(messages()[0]?.querySelector('.author')?.classList.contains('sr-only')).toBe(false);
  });
});

describe('days', () => {
  it('separates days as Today, Yesterday and a date, and starts a new group on a new day', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(at(6, 15));
    await renderInRoom({
      history: [
        chat(BOB, 'earlier this week', { at: at(3, 9) }),
        chat(BOB, 'last night', { at: at(5, 23, 58) }),
        chat(BOB, 'after midnight', { at: at(6, 0, 1) }),
      ],
    });
    const days = screen.getAllByTestId('day').map((element) => element.textContent);
    expect(days).toEqual([dayLabel(at(3, 9), Date.now()), 'Yesterday', 'Today']);
    expect(days[0]).not.toMatch(/Today|Yesterday/);
    expect(continued()).toEqual([false, false, false]);
  });

  it('moves Today to Yesterday at midnight in an open panel', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(at(6, 23, 59));
    await renderInRoom({ history: [chat(BOB, 'late', { at: at(6, 23, 0) })] });
    expect(screen.getByTestId('day').textContent).toBe('Today');
    await acting(() => vi.advanceTimersByTime(2 * 60_000));
    expect(screen.getByTestId('day').textContent).toBe('Yesterday');
  });
});

describe('text direction', () => {
  it('lets every text and name find its own direction', async () => {
    const { hub } = await renderInRoom({ history: [chat({ ...BOB, name: 'שרה' }, 'مرحبا بالجميع')] });
    await acting(() => fireEvent.input(screen.getByTestId('composer'), { target: { value: 'שלום' } }));
    await acting(() => fireEvent.keyDown(screen.getByTestId('composer'), { key: 'Enter' }));
    expect(hub.requestsOf('message:post')).toHaveLength(1);
    for (const element of messages()) {
      expect(element.querySelector('.message-text')?.getAttribute('dir')).toBe('auto');
      expect(element.querySelector('.author')?.getAttribute('dir')).toBe('auto');
    }
  });
});

describe('names', () => {
  it("shows each message under its sender's current name after a rename, in the room and in a DM", async () => {
    const { hub } = await renderInRoom({ history: [chat(BOB, 'hi from Bob')] });
    await acting(() => hub.push('message:posted', direct(BOB, ALICE, 'psst')));
    await acting(() =>
      hub.push('presence:update', { room: PAGE_ROOM, renamed: { ...BOB, name: 'Robert' }, memberCount: 2 }),
    );
    expect(messages()[0]?.querySelector('.author')?.textContent).toBe('Robert');

    const bob = screen.getAllByTestId('member').find((element) => element.getAttribute('data-user-id') === BOB.id);
    await acting(() => fireEvent.click(bob as HTMLElement));
    expect(screen.getByTestId('dm-message').querySelector('.author')?.textContent).toBe('Robert');
  });
});

describe('the history edge', () => {
  it('offers no "Load earlier" when the join answered everything, even after a new message', async () => {
    const { hub } = await renderInRoom({ history: [chat(BOB, 'the only one')] });
    expect(screen.queryByRole('button', { name: 'Load earlier messages' })).toBeNull();
    expect(screen.getByText('Beginning of the conversation')).toBeTruthy();
    await acting(() => hub.push('message:posted', chat(BOB, 'a second one')));
    expect(screen.queryByRole('button', { name: 'Load earlier messages' })).toBeNull();
  });

  it('offers "Load earlier" when the relay says older messages exist, however few it answered', async () => {
    const { hub } = renderPanel();
    await acting(() => hub.push('page:context', pageContext()));
    await acting(() =>
      hub.next('room:watch').answer({ ...joined(ALICE, [ALICE, BOB], [chat(BOB, 'one of two')]), hasMore: true }),
    );
    expect(screen.getByRole('button', { name: 'Load earlier messages' })).toBeTruthy();
    expect(screen.queryByText('Beginning of the conversation')).toBeNull();
  });

  it('offers none in a room that was empty, once a message arrives', async () => {
    const { hub } = await renderInRoom();
    await acting(() => hub.push('message:posted', chat(BOB, 'first ever')));
    expect(screen.queryByRole('button', { name: 'Load earlier messages' })).toBeNull();
    expect(hub.requestsOf('room:history')).toEqual([]);
  });
});

describe('the new messages divider', () => {
  /** Opens a panel in the room with `history`, as if the person opened it again later. */
  async function visit(history: TextEnvelope[]): Promise<void> {
    cleanup();
    const setup = setupPanel();
    render(<App models={setup.models} />);
    await acting(async () => {
      await enterRoom(setup.hub, { history });
      // The stored mark is read and written through storage.local, one promise each way.
      await settle();
    });
  }

  it('goes where the person left off, before the first message from someone else', async () => {
    const seen = [chat(BOB, 'read before'), chat(ALICE, 'my reply')];
    await visit(seen);
    expect(screen.queryByTestId('new-messages')).toBeNull();

    const mine = chat(ALICE, 'sent from another tab');
    const fresh = [chat(BOB, 'new one'), chat(BOB, 'another new one')];
    await visit([...seen, mine, ...fresh]);
    const divider = screen.getByTestId('new-messages');
    expect(divider.textContent).toBe('New messages');
    expect(divider.nextElementSibling?.getAttribute('data-message-id')).toBe(fresh[0]?.id);
    // The first new message shows its author, even right after the same author's.
    expect(divider.nextElementSibling?.classList.contains('continued')).toBe(false);

    await visit([...seen, mine, ...fresh]);
    expect(screen.queryByTestId('new-messages')).toBeNull();
  });

  it("keeps each room's mark to itself when the person switches rooms", async () => {
    const { hub, models } = setupPanel();
    const inPage = chat(BOB, 'on the page');
    await enterRoom(hub, { history: [inPage] });
    models.room.setScope('site');
    await hub.next('room:watch').answer(joined(ALICE, [ALICE, BOB], [chat(BOB, 'on the site', { room: SITE_ROOM })]));
    models.room.setScope('page');
    await hub.next('room:watch').answer(joined(ALICE, [ALICE, BOB], [inPage]));
    await settle();
    expect(await readStored(StorageKeys.readMarks)).toEqual({
      [SITE_ROOM]: expect.any(String),
      [PAGE_ROOM]: inPage.id,
    });
    models.dispose();
  });
});
