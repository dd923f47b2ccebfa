/** Issue #14: people who take no DM from this person are offered none, in the room and in a DM. */
import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { ALICE, BOB, CAROL } from '../testing/fixtures.ts';
import { REFRESH_MS } from '../models/closed-dms.ts';
import { acting, renderInRoom } from '../testing/render-panel.tsx';

const memberOf = (id: string) =>
  screen.getAllByTestId('member').find((element) => element.dataset.userId === id) as HTMLElement;

describe('the member list and closed DMs', () => {
  it('asks once the joins settle, for the others only, and offers no DM to those closed', async () => {
    const { hub } = await renderInRoom({ members: [ALICE, BOB, CAROL] });
    expect(hub.requestsOf('dm:status')).toHaveLength(0);
    await vi.waitFor(() => expect(hub.requestsOf('dm:status')).toHaveLength(1), { timeout: 3000 });
    const question = hub.next('dm:status');
    expect(question.payload).toEqual({ users: [BOB.id, CAROL.id] });
    await acting(() => question.answer({ ok: true, online: [BOB.id, CAROL.id], closed: [CAROL.id] }));
    expect(memberOf(CAROL.id).tagName).toBe('SPAN');
    expect(memberOf(CAROL.id).dataset.dm).toBe('closed');
    expect(memberOf(BOB.id).tagName).toBe('BUTTON');
  });

  it('asks again every minute with no one new, since a person may block this one at any time', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const { hub } = await renderInRoom({ members: [ALICE, BOB] });
      await vi.waitFor(() => expect(hub.requestsOf('dm:status')).toHaveLength(1), { timeout: 3000 });
      await acting(() => hub.next('dm:status').answer({ ok: true, online: [BOB.id], closed: [] }));
      expect(memberOf(BOB.id).tagName).toBe('BUTTON');
      vi.advanceTimersByTime(REFRESH_MS);
      await vi.waitFor(() => expect(hub.requestsOf('dm:status')).toHaveLength(2));
      await acting(() => hub.next('dm:status').answer({ ok: true, online: [BOB.id], closed: [BOB.id] }));
      expect(memberOf(BOB.id).dataset.dm).toBe('closed');
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the last answer when a question is refused', async () => {
    const { hub } = await renderInRoom({ members: [ALICE, BOB, CAROL] });
    await vi.waitFor(() => expect(hub.requestsOf('dm:status')).toHaveLength(1), { timeout: 3000 });
    await acting(() => hub.next('dm:status').answer({ ok: true, online: [], closed: [CAROL.id] }));
    const dee = { id: 'dee-00000000000000000', name: 'Dee' };
    await acting(() => hub.push('presence:update', { room: 'a'.repeat(64), joined: dee, memberCount: 4 } as never));
    await vi.waitFor(() => expect(hub.requestsOf('dm:status')).toHaveLength(2), { timeout: 3000 });
    await acting(() =>
      hub.next('dm:status').answer({ ok: false, error: { code: 'rate_limited', message: 'slow down' } }),
    );
    expect(memberOf(CAROL.id).dataset.dm).toBe('closed');
  });

  it('says in a DM that the person takes no DMs from you, instead of the composer', async () => {
    const { hub } = await renderInRoom();
    await acting(() => fireEvent.click(memberOf(BOB.id)));
    const question = hub.requestsOf('dm:status').find((request) => !request.answered);
    await acting(() => question?.answer({ ok: true, online: [BOB.id], closed: [BOB.id] }));
    expect(screen.getByTestId('dm-closed').textContent).toBe("This person doesn't take DMs from you");
    expect(screen.queryByTestId('dm-composer')).toBeNull();
  });
});
