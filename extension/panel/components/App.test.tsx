import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, PAGE_ROOM, SITE_ROOM, chat, joined } from '../testing/fixtures.ts';
import { acting, renderInRoom, renderPanel } from '../testing/render-panel.tsx';

describe('panel frame', () => {
  it('is one panel element, and waits for the hub to name the page', () => {
    renderPanel();
    expect(screen.getByTestId('panel')).toBeTruthy();
    expect(screen.getByText("Finding this page's room…")).toBeTruthy();
  });

  it.each([
    [{ status: 'connecting' } as const, 'connecting'],
    [{ status: 'connected' } as const, 'connected'],
    [{ status: 'reconnecting', attempt: 3 } as const, 'reconnecting'],
    [{ status: 'offline', reason: 'server unreachable' } as const, 'offline'],
  ])('says exactly %j as %s', async (state, text) => {
    const { hub } = renderPanel();
    await acting(() => hub.push('connection:state', state));
    expect(screen.getByTestId('connection').textContent).toBe(text);
  });

  it('shows the detail beside the state, and retries when offline', async () => {
    const { hub } = renderPanel();
    await acting(() => hub.push('connection:state', { status: 'reconnecting', attempt: 2 }));
    expect(screen.getByText('attempt 2')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();

    await acting(() => hub.push('connection:state', { status: 'offline', reason: 'server unreachable' }));
    expect(screen.getByText('server unreachable')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(hub.next('connection:retry')).toBeTruthy();
  });

  it('explains a page without a room', async () => {
    const { hub } = renderPanel();
    await acting(() => hub.push('page:context', { status: 'no_room', title: 'chrome://settings' }));
    expect(screen.getByText('samepage works on web pages (http and https). This page has no chat room.')).toBeTruthy();
    expect(screen.queryByTestId('composer')).toBeNull();
  });

  it('explains a publisher opt-out', async () => {
    const { hub } = renderPanel();
    await acting(() => hub.push('page:context', { status: 'opted_out', title: 'News' }));
    expect(screen.getByText('This site asked not to host chat on its pages.')).toBeTruthy();
    expect(screen.queryByTestId('composer')).toBeNull();
  });

  it('shows the page title and member count', async () => {
    const { hub } = await renderInRoom();
    expect(screen.getByTestId('page-title').textContent).toBe('A page about otters');
    expect(screen.getByText('2 here')).toBeTruthy();
    await acting(() => hub.push('presence:update', { room: PAGE_ROOM, left: BOB.id, memberCount: 1 }));
    expect(screen.getByText('1 here')).toBeTruthy();
  });

  it('pops out and closes from the header', async () => {
    const { hub, openPopOut } = await renderInRoom();
    fireEvent.click(screen.getByRole('button', { name: 'Open in a tab of its own' }));
    expect(openPopOut).toHaveBeenCalledWith('https://example.com/otters', 'A page about otters');
    fireEvent.click(screen.getByRole('button', { name: 'Close samepage' }));
    expect(hub.next('panel:close')).toBeTruthy();
    fireEvent.click(screen.getByTestId('panel-collapse'));
    expect(hub.next('panel:collapse')).toBeTruthy();
  });

  it('offers neither pop-out nor close once popped out', async () => {
    renderPanel('https://example.com/otters');
    await screen.findByTestId('composer');
    expect(screen.queryByRole('button', { name: 'Open in a tab of its own' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Close samepage' })).toBeNull();
    expect(screen.queryByTestId('panel-collapse')).toBeNull();
  });
});

describe('scope and reconnects', () => {
  it('re-watches when switching between the page and the site', async () => {
    const { hub } = await renderInRoom({ history: [chat(BOB, 'on the page')] });
    fireEvent.click(screen.getByRole('button', { name: 'Site' }));
    expect(hub.next('room:unwatch').payload).toEqual({ room: PAGE_ROOM });
    expect(hub.next('room:watch').payload).toEqual({ room: SITE_ROOM });
    expect(screen.getByRole('button', { name: 'Site' }).getAttribute('aria-pressed')).toBe('true');
    await acting(() =>
      hub.next('room:watch').answer(joined(ALICE, [ALICE], [chat(ALICE, 'on the site', { room: SITE_ROOM })])),
    );
    expect(screen.getAllByTestId('message').map((element) => element.textContent)).toEqual([
      expect.stringContaining('on the site'),
    ]);
  });

  it('re-watches its room after the hub Port reconnects and shows what it missed', async () => {
    const first = chat(BOB, 'before');
    const { hub } = await renderInRoom({ history: [first] });
    await acting(() => hub.reconnect());
    await acting(() => hub.next('room:watch').answer(joined(ALICE, [ALICE, BOB], [first, chat(BOB, 'during')])));
    expect(
      screen.getAllByTestId('message').map((element) => element.querySelector('.message-text')?.textContent),
    ).toEqual(['before', 'during']);
  });

  it('says why the room could not be joined and tries again', async () => {
    const { hub } = renderPanel();
    await acting(() =>
      hub.push('page:context', {
        status: 'ok',
        title: 't',
        page: { key: PAGE_ROOM, label: 'p' },
        site: { key: SITE_ROOM, label: 's' },
      }),
    );
    await acting(() => hub.next('room:watch').answer({ ok: false, error: { code: 'unavailable', message: 'x' } }));
    expect(screen.getByRole('alert').textContent).toContain('The chat server is unavailable right now');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(hub.requestsOf('room:watch')).toHaveLength(2);
  });
});

describe('pictures, as the relay takes them', () => {
  it('offers attaching a picture while the relay lists images, and not after a welcome without them', async () => {
    const { hub } = await renderInRoom();
    expect(screen.getByTestId('image-input')).toBeTruthy();
    await acting(() =>
      hub.push('session:welcome', { v: 2, kinds: ['text', 'reaction', 'edit', 'delete'], editWindowMs: 900_000 }),
    );
    expect(screen.queryByTestId('image-input')).toBeNull();
    await acting(() => hub.push('session:welcome', { v: 2, kinds: ['text', 'image'], editWindowMs: 900_000 }));
    expect(screen.getByTestId('image-input')).toBeTruthy();
  });
});
