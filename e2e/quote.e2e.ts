/**
 * Quote the page (issue #12): a person selects text on the page, presses "Quote in samepage"
 * and finds the quote above the panel's composer; pressing a quote scrolls the page to its
 * passage (the right one of two alike) and highlights it with the CSS Custom Highlight API.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPanel, people, siteUrl, until } from './support/panel.ts';

const users = people('quinn');

const SENTENCE = 'The keeper lit the lamp at dusk.';

/** Where the floating control is, or null: its host element is all the page can see of it. */
const controlBox = (page: Page): Promise<{ x: number; y: number; width: number; height: number } | null> =>
  page.evaluate(() => {
    const host = document.querySelector('samepage-quote');
    if (!host) return null;
    const { x, y, width, height } = host.getBoundingClientRect();
    return { x, y, width, height };
  });

const controlShown = async (page: Page): Promise<boolean> => (await controlBox(page)) !== null;

/** What the page's highlight covers: its text and the id of the paragraph it starts in. */
const highlighted = (page: Page): Promise<{ text: string; in: string | undefined } | null> =>
  page.evaluate(() => {
    const highlight = CSS.highlights.get('samepage-quote');
    const range = highlight && ([...highlight][0] as Range | undefined);
    return range ? { text: range.toString(), in: range.startContainer.parentElement?.id } : null;
  });

/** How far the middle of `#id` is from the middle of the viewport, in pixels. */
const offCentre = (page: Page, id: string): Promise<number> =>
  page.evaluate((target) => {
    const rect = document.getElementById(target)?.getBoundingClientRect();
    return rect ? Math.round(Math.abs(rect.top + rect.height / 2 - innerHeight / 2)) : Infinity;
  }, id);

/** What the menu check reaches in the extension's service worker (this project has no Chrome types). */
interface WorkerGlobals {
  chrome: {
    contextMenus: { update(id: string, change: object, done: () => void): void };
    runtime: { lastError?: { message?: string } };
  };
}

describe('quoting the page', () => {
  it('has its context menu item from the start', async () => {
    const worker = users.quinn.context.serviceWorkers()[0] ?? (await users.quinn.context.waitForEvent('serviceworker'));
    // Chrome lists no menu items, but updating one that does not exist is refused. The worker
    // makes the item on install, which may still be under way when the browser is up.
    const refusal = (): Promise<string | null> =>
      worker.evaluate(
        () =>
          new Promise<string | null>((resolve) => {
            const { chrome } = globalThis as unknown as WorkerGlobals;
            chrome.contextMenus.update('samepage-quote', {}, () => resolve(chrome.runtime.lastError?.message ?? null));
          }),
      );
    await expect.poll(refusal, { timeout: 10_000 }).toBeNull();
  });

  it('puts a selection in the composer, and a quote shows its passage on the page', async () => {
    mkdirSync('artifacts/e2e', { recursive: true });
    const page = await users.quinn.open(siteUrl('/long-article?scenario=quote'));
    const panel = await openPanel(users.quinn, page);

    // The second "keeper" sentence, far down the page: a person triple-clicks its paragraph.
    await page.locator('#target').click({ clickCount: 3 });
    await until(() => controlShown(page), true);
    await page.screenshot({ path: 'artifacts/e2e/quote-control.png' });
    const box = await controlBox(page);
    if (!box) throw new Error('the control went away');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);

    const preview = panel.getByTestId('quote-preview');
    await until(() => preview.isVisible(), true);
    expect(await preview.getByTestId('page-quote').textContent()).toContain(SENTENCE);
    expect(await controlShown(page)).toBe(false);
    expect(await page.evaluate(() => getSelection()?.toString().trim())).toBe(SENTENCE);
    await page.screenshot({ path: 'artifacts/e2e/quote-preview.png' });

    // Back at the top, pressing the quote brings the page to that passage, not to its twin.
    await page.evaluate(() => scrollTo(0, 0));
    await page.evaluate(() => getSelection()?.removeAllRanges());
    await preview.getByTestId('page-quote').click();
    await until(() => page.evaluate(() => CSS.highlights.has('samepage-quote')), true);
    expect(await highlighted(page)).toEqual({ text: SENTENCE, in: 'target' });
    await expect.poll(() => offCentre(page, 'target'), { timeout: 5000 }).toBeLessThan(40);
    expect(await page.evaluate(() => scrollY)).toBeGreaterThan(500);
    await page.screenshot({ path: 'artifacts/e2e/quote-revealed.png' });
    await until(() => page.evaluate(() => CSS.highlights.has('samepage-quote')), false, 8000);

    // Once the page has changed, the quote says the passage is gone.
    await page.evaluate(() => {
      for (const id of ['early', 'target']) {
        const paragraph = document.getElementById(id);
        if (paragraph) paragraph.textContent = 'The lamp stayed dark.';
      }
    });
    await preview.getByTestId('page-quote').click();
    await until(() => preview.getByRole('status').textContent(), 'This passage is not on the page any more');
  });

  it('is reached with Tab, and goes on Escape, when scrolled away and when the panel closes', async () => {
    const page = await users.quinn.open(siteUrl('/long-article?scenario=quote-keys'));
    const panel = await openPanel(users.quinn, page);

    await page.locator('#early').click({ clickCount: 3 });
    await until(() => controlShown(page), true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.localName)).toBe('samepage-quote');
    await page.keyboard.press('Enter');
    await until(() => panel.getByTestId('page-quote').textContent(), `Show on the page: ${SENTENCE}`);
    await panel.getByRole('button', { name: 'Remove the quote' }).click();
    await until(() => panel.getByTestId('quote-preview').count(), 0);

    await page.locator('#early').click({ clickCount: 3 });
    await until(() => controlShown(page), true);
    await page.keyboard.press('Escape');
    await until(() => controlShown(page), false);

    await page.locator('#early').click({ clickCount: 3 });
    await until(() => controlShown(page), true);
    await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
    await until(() => controlShown(page), false);

    await page.evaluate(() => scrollTo(0, 0));
    await page.locator('#early').click({ clickCount: 3 });
    await until(() => controlShown(page), true);
    await users.quinn.clickAction(page);
    await until(() => controlShown(page), false);
    await page.locator('#target').click({ clickCount: 3 });
    await page.waitForTimeout(400);
    expect(await controlShown(page)).toBe(false);
  });

  it('highlights on a page whose Content-Security-Policy forbids its styles', async () => {
    const page = await users.quinn.open(siteUrl('/strict-csp?scenario=quote'));
    const panel = await openPanel(users.quinn, page);
    await page.locator('h1').click({ clickCount: 3 });
    await until(() => controlShown(page), true);
    const box = await controlBox(page);
    if (!box) throw new Error('the control went away');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await until(() => panel.getByTestId('quote-preview').isVisible(), true);
    await page.evaluate(() => getSelection()?.removeAllRanges());
    await panel.getByTestId('page-quote').click();
    await until(() => highlighted(page), { text: 'Locked down', in: '' });
    // The ::highlight rule was let in (a content script's style is not the page's to forbid).
    const rules = await page.evaluate(() =>
      [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)),
    );
    expect(rules.join(' ')).toContain('::highlight(samepage-quote)');
  });
});
