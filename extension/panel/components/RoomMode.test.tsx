/** Issue #14: a room's slow mode and read-only switch, a ban, and the refusals they bring. */
import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { failure, rateLimited, type RoomJoinAnswerV2 } from '../../../protocol/index.ts';
import { fullTime } from '../../lib/clock-time.ts';
import { ALICE, BOB, PAGE_ROOM, joined, pageContext } from '../testing/fixtures.ts';
import { acting, renderInRoom, renderPanel } from '../testing/render-panel.tsx';

const notice = () => screen.queryByTestId('room-mode')?.textContent ?? null;

async function type(text: string): Promise<void> {
  await acting(() => fireEvent.input(screen.getByTestId('composer'), { target: { value: text } }));
  await acting(() => fireEvent.keyDown(screen.getByTestId('composer'), { key: 'Enter' }));
}

describe('room modes in the panel', () => {
  it('says slow mode from the join answer, and why when the relay switched it on', async () => {
    const { hub } = renderPanel();
    await acting(() => hub.push('page:context', pageContext()));
    const answer: RoomJoinAnswerV2 = { ...joined(ALICE, [ALICE, BOB]), mode: { slowModeSeconds: 10, readOnly: false } };
    await acting(() => hub.next('room:watch').answer(answer));
    expect(notice()).toBe('Slow mode: one message every 10 s');
    await acting(() =>
      hub.push('room:mode', { room: PAGE_ROOM, mode: { slowModeSeconds: 10, readOnly: false, auto: true } }),
    );
    expect(notice()).toBe('Slow mode: one message every 10 s, switched on because the room is busy');
    await acting(() => hub.push('room:mode', { room: PAGE_ROOM, mode: { slowModeSeconds: 0, readOnly: false } }));
    expect(notice()).toBeNull();
  });

  it('ignores the mode of another room', async () => {
    const { hub } = await renderInRoom();
    await acting(() => hub.push('room:mode', { room: 'f'.repeat(64), mode: { slowModeSeconds: 30, readOnly: false } }));
    expect(notice()).toBeNull();
  });

  it('disables the composer of a read-only room with the words, and sends nothing', async () => {
    const { hub } = await renderInRoom();
    await acting(() => hub.push('room:mode', { room: PAGE_ROOM, mode: { slowModeSeconds: 0, readOnly: true } }));
    expect(notice()).toBe('Read-only: a moderator paused this room');
    expect(screen.getByTestId('composer-blocked').textContent).toBe(
      'Sending is paused until the room opens again; your draft is kept.',
    );
    expect((screen.getByTestId('send') as HTMLButtonElement).disabled).toBe(true);
    await type('hello?');
    expect(hub.requests.filter((request) => request.type === 'message:post')).toHaveLength(0);
    await acting(() => hub.push('room:mode', { room: PAGE_ROOM, mode: { slowModeSeconds: 0, readOnly: false } }));
    expect(screen.queryByTestId('composer-blocked')).toBeNull();
  });

  it.each([
    [rateLimited('slow_mode', 'slow mode', 8000), 'Slow mode is on in this room: your next message in 8 s'],
    [rateLimited('repeated_text', 'again', 600_000), 'You sent the same message several times'],
    [failure('read_only', 'a moderator made this room read-only'), 'A moderator made this room read-only for now'],
    [failure('undeliverable', 'this message cannot be delivered'), 'This message cannot be delivered'],
  ])('shows a send refused %# on the message, with Retry and Discard', async (answer, words) => {
    const { hub } = await renderInRoom();
    await type('one more');
    await acting(() => hub.next('message:post').answer(answer));
    const message = screen.getByTestId('message');
    expect(message.getAttribute('data-state')).toBe('failed');
    expect(message.textContent).toContain(words);
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Discard' })).toBeTruthy();
  });
});

describe('a ban in the panel', () => {
  it('says until when, and why, with Retry', async () => {
    const { hub } = renderPanel();
    const retryAt = Date.now() + 90 * 60_000;
    await acting(() =>
      hub.push('connection:state', {
        status: 'offline',
        reason: 'A moderator of this chat server banned you',
        limited: {
          error: { code: 'banned', message: 'banned until 2026-12-03 11:30 UTC (90 min): spam links', retryAfterMs: 1 },
          retryAt,
        },
      }),
    );
    expect(screen.getByTestId('connection-detail').textContent).toBe(
      `You are banned from this relay until ${fullTime(retryAt)} (spam links)`,
    );
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});
