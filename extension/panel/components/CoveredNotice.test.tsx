/** The panel while the page covers it: sends, edits, reactions and deletes wait, and say so. */
import { fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frameVisibility, SETTLE_MS, type VisibilityObserverFactory } from '../frame-visibility.ts';
import { ALICE, BOB, chat } from '../testing/fixtures.ts';
import { acting, renderInRoom } from '../testing/render-panel.tsx';

let report: (isVisible: boolean) => void;
let stop: () => void;
let time = 0;

const factory: VisibilityObserverFactory = (callback) => {
  report = (isVisible) => callback([{ isVisible }]);
  return { observe: () => undefined, disconnect: () => undefined };
};

beforeEach(() => {
  time = 1_000;
  vi.spyOn(performance, 'now').mockImplementation(() => time);
  stop = frameVisibility.watch(document.documentElement, factory);
  report(true);
});

afterEach(() => {
  stop();
  vi.restoreAllMocks();
});

const composer = () => screen.getByTestId('composer') as HTMLTextAreaElement;
const notice = () => screen.queryByTestId('covered-notice')?.textContent ?? null;

async function uncover(): Promise<void> {
  await acting(() => report(true));
  time += SETTLE_MS;
}

describe('a covered panel', () => {
  it('sends nothing, keeps the draft and says why; sends once uncovered', async () => {
    const { hub } = await renderInRoom();
    await acting(() => fireEvent.input(composer(), { target: { value: 'my card number' } }));
    await acting(() => report(false));
    await acting(() => fireEvent.click(screen.getByTestId('send')));
    await acting(() => fireEvent.keyDown(composer(), { key: 'Enter' }));
    expect(hub.requestsOf('message:post')).toHaveLength(0);
    expect(composer().value).toBe('my card number');
    expect(notice()).toBe('samepage is covered by the page; nothing was sent.');
    expect(screen.getByRole('alert').textContent).toBe(notice());

    await uncover();
    await acting(() => fireEvent.click(screen.getByTestId('send')));
    expect(hub.next('message:post').payload).toMatchObject({ kind: 'text', body: { text: 'my card number' } });
    expect(composer().value).toBe('');
    expect(notice()).toBeNull();
  });

  it('does not delete or react, and keeps an edit under way', async () => {
    const mine = chat(ALICE, 'regret', { at: Date.now() });
    const { hub } = await renderInRoom({ history: [mine, chat(BOB, 'hm')] });
    const ours = () => screen.getAllByTestId('message')[0] as HTMLElement;
    await acting(() => report(false));
    await acting(() => fireEvent.click(within(ours()).getByTestId('message-delete')));
    await acting(() => fireEvent.click(within(ours()).getByTestId('message-delete-confirm')));
    expect(notice()).toBe('samepage is covered by the page; nothing was deleted.');
    // The confirmation stays, to be answered again once the panel can be seen.
    await acting(() => fireEvent.click(within(ours()).getByRole('button', { name: 'Keep' })));
    await acting(() => fireEvent.click(within(ours()).getByRole('button', { name: 'React with 👍' })));
    expect(notice()).toBe('samepage is covered by the page; nothing was changed.');

    await acting(() => report(true));
    await acting(() => fireEvent.click(within(ours()).getByTestId('message-edit')));
    await acting(() => fireEvent.input(composer(), { target: { value: 'no regrets' } }));
    await acting(() => report(false));
    await acting(() => fireEvent.keyDown(composer(), { key: 'Enter' }));
    expect(hub.requestsOf('message:post')).toHaveLength(0);
    expect(composer().value).toBe('no regrets');
    expect(screen.getByTestId('edit-preview')).toBeTruthy();
    expect(notice()).toBe('samepage is covered by the page; nothing was changed.');
    expect(ours().querySelector('.message-text')?.textContent).toBe('regret');
    expect(within(ours()).queryByTestId('message-deleted')).toBeNull();

    await uncover();
    await acting(() => fireEvent.keyDown(composer(), { key: 'Enter' }));
    expect(hub.next('message:post').payload).toMatchObject({
      kind: 'edit',
      body: { target: mine.id, text: 'no regrets' },
    });
  });

  it('neither retries nor discards a message that was not sent', async () => {
    const { hub } = await renderInRoom();
    await acting(() => fireEvent.input(composer(), { target: { value: 'once more' } }));
    await acting(() => fireEvent.keyDown(composer(), { key: 'Enter' }));
    await acting(() =>
      hub.next('message:post').answer({ ok: false, error: { code: 'unavailable', message: 'the server is away' } }),
    );
    const failed = () => screen.getByTestId('message');
    expect(failed().getAttribute('data-state')).toBe('failed');

    await acting(() => report(false));
    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Retry' })));
    expect(hub.requestsOf('message:post')).toHaveLength(1);
    expect(notice()).toBe('samepage is covered by the page; nothing was sent.');
    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Discard' })));
    expect(failed().getAttribute('data-state')).toBe('failed');
    expect(notice()).toBe('samepage is covered by the page; nothing was deleted.');

    await uncover();
    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Retry' })));
    expect(hub.requestsOf('message:post')).toHaveLength(2);
  });
});
