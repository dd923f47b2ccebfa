import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { userTag } from '../../../protocol/index.ts';
import { ALICE, BOB, CYRILLIC_SAM, PAGE_ROOM, SAM, direct } from '../testing/fixtures.ts';
import { acting, renderInRoom, tagged } from '../testing/render-panel.tsx';

async function openBob(): Promise<void> {
  const bob = screen.getAllByTestId('member').find((element) => element.getAttribute('data-user-id') === BOB.id);
  await acting(() => fireEvent.click(bob as HTMLElement));
}

describe('DM view', () => {
  it('opens from the member list, sends, and goes back to the room', async () => {
    const { hub } = await renderInRoom();
    await openBob();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Private with Bob');
    expect(screen.queryByTestId('composer')).toBeNull();

    await acting(() => fireEvent.input(screen.getByTestId('dm-composer'), { target: { value: 'just you' } }));
    await acting(() => fireEvent.click(screen.getByTestId('dm-send')));
    const request = hub.next('message:post');
    expect(request.payload).toMatchObject({ room: PAGE_ROOM, to: BOB.id, kind: 'text', body: { text: 'just you' } });
    expect(screen.getByTestId('dm-message').getAttribute('data-state')).toBe('pending');

    await acting(() =>
      request.answer({ ok: true, message: direct(ALICE, BOB, 'just you', { clientId: request.payload.clientId }) }),
    );
    const sent = screen.getByTestId('dm-message');
    expect(sent.getAttribute('data-author')).toBe(ALICE.id);
    expect(sent.hasAttribute('data-state')).toBe(false);

    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Back to the room' })));
    expect(screen.getByTestId('composer')).toBeTruthy();
    expect(screen.queryByTestId('dm-message')).toBeNull();
  });

  it('shows DMs we sent from another panel, and the ones Bob sent', async () => {
    const { hub } = await renderInRoom();
    await acting(() => hub.push('message:posted', direct(ALICE, BOB, 'from my other tab')));
    await acting(() => hub.push('message:posted', direct(BOB, ALICE, 'got it')));
    await openBob();
    expect(screen.getAllByTestId('dm-message').map((element) => element.getAttribute('data-author'))).toEqual([
      ALICE.id,
      BOB.id,
    ]);
  });

  it('says when Bob has left, and why a DM to him failed', async () => {
    const { hub } = await renderInRoom();
    await openBob();
    await acting(() => hub.push('presence:update', { room: PAGE_ROOM, left: BOB.id, memberCount: 1 }));
    expect(screen.getByText('Bob has left this page')).toBeTruthy();

    await acting(() => fireEvent.input(screen.getByTestId('dm-composer'), { target: { value: 'wait' } }));
    await acting(() => fireEvent.keyDown(screen.getByTestId('dm-composer'), { key: 'Enter' }));
    await acting(() => hub.next('message:post').answer({ ok: false, error: { code: 'not_here', message: 'gone' } }));
    expect(screen.getByTestId('dm-message').getAttribute('data-state')).toBe('failed');
    expect(screen.getByText("Not delivered: Bob can't be reached right now")).toBeTruthy();
  });

  it('shows Bob typing to us', async () => {
    const { hub } = await renderInRoom();
    await openBob();
    await acting(() => hub.push('typing', { room: PAGE_ROOM, from: BOB.id, to: ALICE.id }));
    expect(screen.getByText('Bob is typing…')).toBeTruthy();
  });

  it('tags the peer in the heading and the labels when their name looks like another', async () => {
    await renderInRoom({ members: [ALICE, SAM, CYRILLIC_SAM] });
    const tag = userTag(CYRILLIC_SAM.id);
    await acting(() => fireEvent.click(screen.getByRole('button', { name: tagged('\u0405\u0430m', tag) })));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(`Private with \u0405\u0430m, #${tag}`);
    expect(screen.getByRole('textbox', { name: `Message \u0405\u0430m #${tag} privately` })).toBeTruthy();
  });
});
