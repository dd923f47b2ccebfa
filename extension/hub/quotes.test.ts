/** Quotes from a page to its panel's composer, and a panel's request to show a quoted passage. */
import { afterEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import type { PageQuote } from '../../protocol/index.ts';
import { createTestPanel } from '../testing/panel-pair.ts';
import { sleep, useHubHarness } from '../testing/hub-harness.ts';
import { TabDelivery } from './tab-delivery.ts';
import { quoteFromMenu } from './quote-menu.ts';

const harness = useHubHarness();
const { createHub, panel } = harness;

const quote: PageQuote = { text: 'the quoted words', prefix: 'just before', suffix: 'just after' };

describe('quotes taken from a page', () => {
  it('go to the composer of the panel in that tab, not to other tabs', async () => {
    const hub = createHub();
    const [inTab, otherTab, popOut] = [panel(hub, 1), panel(hub, 2), panel(hub)];
    expect(hub.quote(1, quote)).toBe(true);
    expect(await inTab.waitFor('composer:quote')).toEqual({ quote });
    await sleep(50);
    expect(otherTab.pushes('composer:quote')).toEqual([]);
    expect(popOut.pushes('composer:quote')).toEqual([]);
  });

  it('wait for the panel the context menu is opening, and reach it once', async () => {
    const hub = createHub();
    expect(hub.quote(3, quote)).toBe(true);
    const opened = panel(hub, 3);
    expect(await opened.waitFor('composer:quote')).toEqual({ quote });
    const another = panel(hub, 3);
    await sleep(50);
    expect(another.pushes('composer:quote')).toEqual([]);
  });

  it('are dropped when they do not fit the contract', async () => {
    const hub = createHub();
    const inTab = panel(hub, 1);
    expect(hub.quote(1, { text: '   ' })).toBe(false);
    expect(hub.quote(1, { text: 'ok', url: 'https://example.com/' } as PageQuote)).toBe(false);
    await sleep(50);
    expect(inTab.pushes('composer:quote')).toEqual([]);
  });
});

describe('TabDelivery of quotes', () => {
  afterEach(() => vi.useRealTimers());

  it('holds one quote per tab, the newest, for a while only', () => {
    vi.useFakeTimers();
    const delivery = new TabDelivery('composer:quote', 1000);
    delivery.deliver(5, { quote: { text: 'older' } }, []);
    delivery.deliver(5, { quote: { text: 'newer' } }, []);
    delivery.deliver(6, { quote: { text: 'for six' } }, []);
    const five = createTestPanel(5);
    delivery.claim(five.link);
    expect(five.pushes('composer:quote')).toEqual([{ quote: { text: 'newer' } }]);
    vi.advanceTimersByTime(1001);
    const six = createTestPanel(6);
    delivery.claim(six.link);
    expect(six.pushes('composer:quote')).toEqual([]);
  });
});

describe('page:reveal', () => {
  it("asks the content script of the panel's tab, and answers whether the passage was found", async () => {
    const revealInPage = vi.fn(async (_tabId: number, shown: PageQuote) => ({ found: shown.text === quote.text }));
    const hub = createHub({ revealInPage });
    const inTab = panel(hub, 4);
    expect(await inTab.request('page:reveal', { quote })).toEqual({ ok: true, found: true });
    expect(revealInPage).toHaveBeenCalledWith(4, quote);
    expect(await inTab.request('page:reveal', { quote: { text: 'gone' } })).toEqual({ ok: true, found: false });
  });

  it('refuses a quote that does not fit the contract before the page sees it', async () => {
    const revealInPage = vi.fn(async () => ({ found: true }));
    const hub = createHub({ revealInPage });
    const answer = await panel(hub, 4).request('page:reveal', { quote: { text: 'x'.repeat(501) } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request', message: /longer than 500/ } });
    expect(revealInPage).not.toHaveBeenCalled();
  });

  it('refuses a panel in no page, and says so when the page does not answer', async () => {
    const hub = createHub();
    const popOut = await panel(hub).request('page:reveal', { quote });
    expect(popOut).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const silent = await panel(hub, 9).request('page:reveal', { quote });
    expect(silent).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('the context menu', () => {
  type Call = (...args: unknown[]) => Promise<unknown>;
  const tabs = browser.tabs as unknown as { sendMessage: Call };
  const tab = { id: 7, url: 'https://example.com/a' } as Browser.tabs.Tab;
  let sendMessage: MockInstance<Call>;

  afterEach(() => vi.restoreAllMocks());

  function menu(opened = true) {
    const openPanel = vi.fn(async () => opened);
    const deliver = vi.fn();
    return { openPanel, deliver };
  }

  it('opens the panel, then quotes the selection with the words around it, as the page gives it', async () => {
    sendMessage = vi.spyOn(tabs, 'sendMessage').mockResolvedValue({ quote });
    const options = menu();
    await quoteFromMenu('the quoted words', tab, options);
    expect(options.openPanel).toHaveBeenCalledWith(tab);
    expect(sendMessage).toHaveBeenCalledWith(7, { type: 'quote:selection' });
    expect(options.deliver).toHaveBeenCalledWith(7, quote);
  });

  it("falls back on the menu's selection text when the page cannot say", async () => {
    sendMessage = vi.spyOn(tabs, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist.'));
    const options = menu();
    await quoteFromMenu('  some\nselected   text ', tab, options);
    expect(options.deliver).toHaveBeenCalledWith(7, { text: 'some selected text' });
    sendMessage.mockResolvedValue({ quote: null });
    await quoteFromMenu('from the menu', tab, options);
    expect(options.deliver).toHaveBeenLastCalledWith(7, { text: 'from the menu' });
  });

  it('quotes nothing where no panel can open, or nothing is selected', async () => {
    sendMessage = vi.spyOn(tabs, 'sendMessage').mockResolvedValue({ quote: null });
    const closed = menu(false);
    await quoteFromMenu('words', tab, closed);
    expect(closed.deliver).not.toHaveBeenCalled();
    const open = menu();
    await quoteFromMenu(' \n ', tab, open);
    expect(open.deliver).not.toHaveBeenCalled();
  });
});
