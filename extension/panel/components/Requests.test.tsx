import { fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Conversation } from '../../lib/domain.ts';
import { readBlocked } from '../../lib/safety-lists.ts';
import { ALICE, BOB, CAROL, conversation } from '../testing/fixtures.ts';
import type { FakeHub } from '../testing/fake-hub.ts';
import { acting, renderInRoom } from '../testing/render-panel.tsx';

const request = (peer: typeof BOB, preview: string, at: number): Conversation => ({
  ...conversation(ALICE, peer, { unread: 1, last: { from: peer.id, preview, at } }),
  request: true,
});
const fromBob = request(BOB, 'hi, I liked your comment', Date.now() - 30_000);
const fromCarol = request(CAROL, 'buy cheap watches', Date.now() - 90_000);
const withSam = conversation(ALICE, { id: 'sam-000000000000000000', name: 'Sam' }, { unread: 2 });

async function openInbox(hub: FakeHub, conversations: Conversation[]): Promise<void> {
  await acting(() => hub.push('inbox:update', { conversations }));
  await acting(() => fireEvent.click(screen.getByTestId('dm-inbox')));
}

describe('message requests (issue #14)', () => {
  it('are listed apart at the top, and do not count as unread conversations', async () => {
    const { hub } = await renderInRoom();
    await acting(() => hub.push('inbox:update', { conversations: [fromBob, withSam, fromCarol] }));
    expect(screen.getByRole('button', { name: /^Messages ?1 unread conversation$/ })).toBeTruthy();
    await acting(() => fireEvent.click(screen.getByTestId('dm-inbox')));
    expect(screen.getByRole('heading', { name: 'Message requests (2)' })).toBeTruthy();
    const rows = screen.getAllByTestId('dm-request');
    expect(rows.map((row) => row.dataset.userId)).toEqual([BOB.id, CAROL.id]);
    expect(rows[0]?.textContent).toContain('hi, I liked your comment');
    expect(screen.getAllByTestId('dm-conversation').map((row) => row.dataset.userId)).toEqual([withSam.peer.id]);
  });

  it('accepts and declines from the list', async () => {
    const { hub } = await renderInRoom();
    await openInbox(hub, [fromBob, fromCarol]);
    const [bob, carol] = screen.getAllByTestId('dm-request') as [HTMLElement, HTMLElement];
    await acting(() => fireEvent.click(within(bob).getByTestId('dm-accept')));
    expect(hub.next('inbox:accept').payload).toEqual({ key: fromBob.key });
    await acting(() => fireEvent.click(within(carol).getByRole('button', { name: 'Decline from Carol' })));
    expect(hub.next('inbox:decline').payload).toEqual({ key: fromCarol.key });
  });

  it('blocks the sender, then declines', async () => {
    const { hub } = await renderInRoom();
    await openInbox(hub, [fromCarol]);
    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Block Carol' })));
    await vi.waitFor(() => expect(hub.next('inbox:decline').payload).toEqual({ key: fromCarol.key }));
    expect((await readBlocked()).map((person) => person.id)).toEqual([CAROL.id]);
  });

  it('opens read-only: Accept / Decline / Block instead of the composer, the composer once accepted', async () => {
    const { hub } = await renderInRoom();
    await openInbox(hub, [fromBob]);
    await acting(() => fireEvent.click(screen.getByTestId('dm-request-open')));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Private with Bob');
    expect(screen.queryByTestId('dm-composer')).toBeNull();
    const bar = screen.getByTestId('dm-request-bar');
    expect(bar.textContent).toContain('Bob wants to message you');
    await acting(() => fireEvent.click(within(bar).getByTestId('dm-accept')));
    await acting(() => hub.next('inbox:accept').answer({ ok: true }));
    const { request: _request, ...acceptedBob } = fromBob;
    await acting(() => hub.push('inbox:update', { conversations: [{ ...acceptedBob, unread: 0 }] }));
    expect(screen.queryByTestId('dm-request-bar')).toBeNull();
    expect(screen.getByTestId('dm-composer')).toBeTruthy();
  });

  it('goes back to the list once a request is declined from its view', async () => {
    const { hub } = await renderInRoom();
    await openInbox(hub, [fromBob]);
    await acting(() => fireEvent.click(screen.getByTestId('dm-request-open')));
    await acting(() => fireEvent.click(screen.getByTestId('dm-decline')));
    await acting(() => hub.next('inbox:decline').answer({ ok: true }));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Messages');
  });
});
