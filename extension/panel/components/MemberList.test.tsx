import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { userTag } from '../../../protocol/index.ts';
import { ALICE, BOB, CAROL, CYRILLIC_SAM, PAGE_ROOM, SAM, conversation, direct } from '../testing/fixtures.ts';
import { acting, renderInRoom, tagged } from '../testing/render-panel.tsx';

const memberIds = () => screen.getAllByTestId('member').map((element) => element.getAttribute('data-user-id'));

describe('member list', () => {
  it('lists everyone, marking ourselves, who cannot be messaged', async () => {
    await renderInRoom();
    expect(memberIds()).toEqual([ALICE.id, BOB.id]);
    const self = screen.getAllByTestId('member')[0] as HTMLElement;
    expect(self.textContent).toBe('Alice (you)');
    expect(self.tagName).not.toBe('BUTTON');
    fireEvent.click(self);
    expect(screen.getByTestId('composer')).toBeTruthy();
  });

  it('follows joins, renames and leaves', async () => {
    const { hub } = await renderInRoom();
    await acting(() => hub.push('presence:update', { room: PAGE_ROOM, joined: CAROL, memberCount: 3 }));
    expect(memberIds()).toEqual([ALICE.id, BOB.id, CAROL.id]);
    await acting(() =>
      hub.push('presence:update', { room: PAGE_ROOM, renamed: { ...BOB, name: 'Robert' }, memberCount: 3 }),
    );
    expect(screen.getAllByTestId('member')[1]?.textContent).toBe('Robert');
    await acting(() => hub.push('presence:update', { room: PAGE_ROOM, left: BOB.id, memberCount: 2 }));
    expect(memberIds()).toEqual([ALICE.id, CAROL.id]);
    expect(screen.getByText('2 here')).toBeTruthy();
  });

  it('says how many are not listed in a crowded room', async () => {
    const { hub } = await renderInRoom();
    await acting(() => hub.push('presence:update', { room: PAGE_ROOM, joined: CAROL, memberCount: 250 }));
    expect(screen.getByText('and 247 more')).toBeTruthy();
  });

  it("marks a member who sent us unread DMs, with the inbox's count", async () => {
    const { hub } = await renderInRoom();
    await acting(() => hub.push('message:posted', direct(BOB, ALICE, 'psst')));
    await acting(() => hub.push('inbox:update', { conversations: [conversation(ALICE, BOB, { unread: 1 })] }));
    expect(screen.getAllByTestId('member')[1]?.textContent).toBe('Bob1 unread');
  });

  it('says the list is not current while offline', async () => {
    const { hub } = await renderInRoom();
    expect(screen.queryByTestId('members-stale')).toBeNull();
    await acting(() => hub.push('connection:state', { status: 'offline', reason: 'the server cannot be reached' }));
    expect(screen.getByTestId('members-stale').textContent).toMatch(/Not connected/);
    expect(screen.getByTestId('members-stale').closest('.members')?.classList.contains('stale')).toBe(true);
  });

  it('tags two people whose names look alike, in words a screen reader says, and leaves the others bare', async () => {
    const { hub } = await renderInRoom({ members: [ALICE, SAM, CYRILLIC_SAM] });
    const [sam, cyrillicSam] = [userTag(SAM.id), userTag(CYRILLIC_SAM.id)];
    expect(screen.getByRole('button', { name: tagged('Sam', sam) }).getAttribute('title')).toBe(
      `Message Sam #${sam} privately`,
    );
    expect(screen.getByRole('button', { name: tagged('\u0405\u0430m', cyrillicSam) })).toBeTruthy();
    expect(screen.getAllByTestId('member')[0]?.textContent).toBe('Alice (you)');

    await acting(() => hub.push('presence:update', { room: PAGE_ROOM, left: CYRILLIC_SAM.id, memberCount: 2 }));
    expect(screen.getByRole('button', { name: 'Sam' })).toBeTruthy();
  });
});
