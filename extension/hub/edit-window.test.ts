/**
 * The edit window against the real relay: its clock is this process's, so the test moves Date
 * (and only Date: sockets and timers run as they do) past the window rather than waiting it out.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EDIT_WINDOW_MS } from '../../protocol/index.ts';
import { explainError } from '../lib/explain-error.ts';
import { newRoom, textPost, useHubHarness } from '../testing/hub-harness.ts';

// Before the harness, so that the relay it starts reads the clock the test moves.
beforeEach(() => void vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true }));
afterEach(() => void vi.useRealTimers());
const harness = useHubHarness();

describe('the edit window', () => {
  it('edits within the window, and refuses once it has passed, saying for how long a message can be edited', async () => {
    const room = newRoom();
    const p = harness.panel(harness.createHub());
    await p.request('room:watch', { room });
    const sent = await p.request('message:post', textPost(room, 'window-001', 'first'));
    if (!sent.ok) throw new Error(sent.error.message);
    const edit = (clientId: string, text: string) =>
      p.request('message:post', { room, clientId, kind: 'edit', body: { target: sent.message.id, text } });

    vi.setSystemTime(Date.now() + EDIT_WINDOW_MS - 60_000);
    expect(await edit('window-002', 'second')).toMatchObject({ ok: true, message: { body: { text: 'second' } } });

    vi.setSystemTime(Date.now() + 2 * 60_000);
    const late = await edit('window-003', 'third');
    if (late.ok) throw new Error('an edit after the window was accepted');
    expect(explainError(late.error, { kind: 'edit' })).toBe(
      'Not edited: a message can be edited for 15 minutes after it was sent',
    );
    const history = await p.request('room:history', { room });
    expect(history.ok && history.messages[0]?.body).toEqual({ text: 'second' });
  });
});
