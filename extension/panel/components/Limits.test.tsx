/**
 * What the panel says when the relay refuses something for a budget, or holds a newcomer back
 * (issue #11): the words, where the person looks for them, and the wait counting down.
 */
import { fireEvent, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rateLimited, type LimitName, type RoomJoinAnswerV2 } from '../../../protocol/index.ts';
import { ALICE, BOB, PAGE_ROOM, chat, folded, fullHistory, joined, pageContext } from '../testing/fixtures.ts';
import { acting, renderInRoom, renderPanel } from '../testing/render-panel.tsx';

/** Alice's join answer while the relay holds her back as new. */
const asNewcomer = (endsInMs: number, messagesPerMinute: number): RoomJoinAnswerV2 => ({
  ...joined(ALICE, [ALICE, BOB]),
  newcomer: { endsInMs, messagesPerMinute },
});

const refusal = (limit: LimitName, retryAfterMs: number) => rateLimited(limit, 'over budget', retryAfterMs);

// The countdowns tick on setInterval and read Date.now; the rest of the test runs on real time.
beforeEach(() => void vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: 0 }));
afterEach(() => void vi.useRealTimers());

const tick = (ms: number) => acting(() => vi.advanceTimersByTime(ms));

describe('the newcomer notice', () => {
  it('says what a newcomer may do, counts down beside the composer, and goes when it ends', async () => {
    const { hub } = renderPanel();
    await acting(() => hub.push('page:context', pageContext()));
    await acting(() => hub.next('room:watch').answer(asNewcomer(9 * 60_000, 6)));
    const notice = () => screen.queryByTestId('newcomer-notice')?.textContent ?? null;
    expect(notice()).toBe(
      "You're new here: for the next 9 minutes you can send 6 messages a minute and links are held back.",
    );
    expect(
      screen.getByTestId('newcomer-notice').nextElementSibling?.querySelector('[data-testid="composer"]'),
    ).toBeTruthy();
    await tick(8 * 60_000 + 20_000);
    expect(notice()).toContain('for the next 40 seconds');
    await tick(40_000);
    expect(notice()).toBeNull();
  });

  it('does not show for someone the relay does not hold back', async () => {
    await renderInRoom();
    expect(screen.queryByTestId('newcomer-notice')).toBeNull();
  });
});

describe('refused for a budget', () => {
  it('says why the room is not joined yet while the hub waits to join again, then shows the room', async () => {
    const { hub } = renderPanel();
    await acting(() => hub.push('page:context', pageContext()));
    await acting(() => hub.next('room:watch').answer(refusal('rooms', 12_000)));
    expect(screen.getByTestId('join-limited').textContent).toBe('You switched rooms too often; joining again in 12 s');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    await tick(5_000);
    expect(screen.getByTestId('join-limited').textContent).toBe('You switched rooms too often; joining again in 7 s');

    const snapshot = joined(ALICE, [ALICE, BOB], [chat(BOB, 'hello')]);
    await acting(() => hub.push('room:snapshot', { room: PAGE_ROOM, snapshot }));
    expect(screen.queryByTestId('join-limited')).toBeNull();
    expect(screen.getAllByTestId('message')).toHaveLength(1);
  });

  it('says why earlier messages were not loaded, and loads them on Try again', async () => {
    const [older, shown] = [chat(BOB, 'older'), chat(BOB, 'shown')];
    const { hub } = await renderInRoom({ history: fullHistory(shown) });
    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Load earlier messages' })));
    await acting(() => hub.next('room:history').answer(refusal('history', 20_000)));
    expect(screen.getByRole('alert').textContent).toBe('Too many pages of history at once; try again in 20 s');

    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Try again' })));
    await acting(() => hub.next('room:history').answer({ ok: true, messages: [folded(older)], hasMore: false }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('Beginning of the conversation')).toBeTruthy();
  });

  it('shows a link refused from a newcomer as not sent, with the words, Retry and Discard', async () => {
    const { hub } = await renderInRoom();
    await acting(() => fireEvent.input(screen.getByTestId('composer'), { target: { value: 'https://example.com' } }));
    await acting(() => fireEvent.keyDown(screen.getByTestId('composer'), { key: 'Enter' }));
    await acting(() => hub.next('message:post').answer(refusal('newcomer_links', 6 * 60_000)));
    const [message] = screen.getAllByTestId('message');
    expect(message?.getAttribute('data-state')).toBe('failed');
    expect(message?.textContent).toContain('not sent');
    expect(message?.textContent).toContain('New here: links can be posted in 6 min');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Discard' })).toBeTruthy();
  });

  it("uses the newcomer's rate from the join answer to explain a slowed send", async () => {
    const { hub } = renderPanel();
    await acting(() => hub.push('page:context', pageContext()));
    await acting(() => hub.next('room:watch').answer(asNewcomer(60_000, 6)));
    await acting(() => fireEvent.input(screen.getByTestId('composer'), { target: { value: 'one more' } }));
    await acting(() => fireEvent.keyDown(screen.getByTestId('composer'), { key: 'Enter' }));
    await acting(() => hub.next('message:post').answer(refusal('newcomer_send', 45_000)));
    expect(screen.getByTestId('message').textContent).toContain(
      'New here: you can send 6 messages a minute for your first minutes — next one in 45 s',
    );
  });

  it('shows a connection refused for its network in full, counting down, with Retry', async () => {
    const { hub } = renderPanel();
    // On a page, with the room's join waiting for the connection.
    await acting(() => hub.push('page:context', pageContext()));
    await acting(() =>
      hub.push('connection:state', {
        status: 'offline',
        reason: 'Too many new visitors from your network; try again in 4 min',
        limited: { error: refusal('new_identities_per_address', 240_000).error, retryAt: 240_000 },
      }),
    );
    const detail = () => screen.getByTestId('connection-detail').textContent;
    expect(screen.getByTestId('connection').textContent).toBe('offline');
    expect(detail()).toBe('Too many new visitors from your network; try again in 4 min');
    await tick(185_000);
    expect(detail()).toBe('Too many new visitors from your network; try again in 55 s');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
    // The room does not promise a join that waits for the connection.
    expect(screen.queryByText('Joining…')).toBeNull();
    expect(screen.getByText('Not connected: the room opens once the chat server lets you in.')).toBeTruthy();
  });

  it('shows a rename refused for its budget in the name form', async () => {
    const { hub, models } = await renderInRoom();
    const renaming = models.profile.rename('Zed');
    await acting(() => hub.next('profile:rename').answer(refusal('rename', 40_000)));
    await renaming;
    expect(models.profile.error.value).toBe('You changed your name too often; try again in 40 s');
  });
});
