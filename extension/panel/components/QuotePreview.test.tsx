import { fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageQuote } from '../../../protocol/index.ts';
import { acting, renderInRoom } from '../testing/render-panel.tsx';
import { shortened } from './MessageQuote.tsx';

const quote: PageQuote = { text: 'The quoted words of the page', prefix: 'before', suffix: 'after' };

afterEach(() => vi.useRealTimers());

/** The quote's own note (the panel has other live regions). */
const note = (): HTMLElement => within(screen.getByTestId('quote-preview')).getByRole('status');

describe('the quote waiting in the composer', () => {
  it('appears when the person quotes the page, and can be removed', async () => {
    const { hub, models } = await renderInRoom();
    expect(screen.queryByTestId('quote-preview')).toBeNull();
    await acting(() => hub.push('composer:quote', { quote }));
    const preview = screen.getByRole('group', { name: 'Quote from the page' });
    expect(preview.dataset.testid).toBe('quote-preview');
    expect(within(preview).getByTestId('page-quote').textContent).toContain(quote.text);
    // Before the composer, in reading order.
    expect(
      preview.compareDocumentPosition(screen.getByTestId('composer')) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();

    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Remove the quote' })));
    expect(screen.queryByTestId('quote-preview')).toBeNull();
    expect(models.quote.pending.value).toBeNull();
  });

  it('is replaced by a newer quote, and taken once by a send', async () => {
    const { hub, models } = await renderInRoom();
    await acting(() => hub.push('composer:quote', { quote }));
    await acting(() => hub.push('composer:quote', { quote: { text: 'a newer one' } }));
    expect(screen.getByTestId('page-quote').textContent).toContain('a newer one');
    let taken: PageQuote | null = null;
    await acting(() => (taken = models.quote.take()));
    expect(taken).toEqual({ text: 'a newer one' });
    expect(models.quote.take()).toBeNull();
    expect(screen.queryByTestId('quote-preview')).toBeNull();
  });

  it('shows a long quote shortened at a word, the whole of it in the tooltip', async () => {
    const long = { text: Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ') };
    const { hub } = await renderInRoom();
    await acting(() => hub.push('composer:quote', { quote: long }));
    const button = screen.getByTestId('page-quote');
    expect(button.querySelector('q')?.textContent).toBe(shortened(long.text, 140));
    expect(button.querySelector('q')?.textContent?.endsWith('…')).toBe(true);
    expect(button.title).toBe(long.text);
  });
});

describe('a quote pressed', () => {
  it('asks the hub to show it on the page, once at a time', async () => {
    const { hub } = await renderInRoom();
    await acting(() => hub.push('composer:quote', { quote }));
    const button = screen.getByRole('button', { name: `Show on the page: ${quote.text}` });
    await acting(() => fireEvent.click(button));
    await acting(() => fireEvent.click(button));
    expect(hub.requestsOf('page:reveal')).toHaveLength(1);
    expect(hub.next('page:reveal').payload).toEqual({ quote });
    await acting(() => hub.next('page:reveal').answer({ ok: true, found: true }));
    expect(note().textContent).toBe('');
  });

  it('says for a few seconds when the page no longer has the passage', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { hub } = await renderInRoom();
    await acting(() => hub.push('composer:quote', { quote }));
    await acting(() => fireEvent.click(screen.getByTestId('page-quote')));
    await acting(() => hub.next('page:reveal').answer({ ok: true, found: false }));
    expect(note().textContent).toBe('This passage is not on the page any more');
    await acting(() => vi.advanceTimersByTime(4000));
    expect(note().textContent).toBe('');
  });

  it('says why when it cannot be shown from here', async () => {
    const { hub } = await renderInRoom();
    await acting(() => hub.push('composer:quote', { quote }));
    await acting(() => fireEvent.click(screen.getByTestId('page-quote')));
    await acting(() =>
      hub.next('page:reveal').answer({ ok: false, error: { code: 'bad_request', message: 'not inside a page' } }),
    );
    expect(note().textContent).toBe('Passages show in the panel beside the page, not here');
  });
});
