/**
 * Issue #12's reactions in real Chromium: the quick bar, the chips and the full emoji picker in
 * the extension's panel page, under its MV3 CSP. The picker's code comes only when it is opened,
 * and its data from the extension: no request leaves for a CDN (or anywhere else).
 *
 * The room model does not carry reactions yet, so the panel page is opened on its reactions
 * preview (extension/panel/testing/reactions-preview.tsx: the real SentMessage, ReactionBar,
 * ReactionChips and EmojiPicker over local state), which only an e2e-mode build contains.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchUser, type User } from './support/browser.ts';
import { until } from './support/panel.ts';

const E2E_BUILD = join(process.cwd(), '.output/chrome-mv3-e2e');
const PRODUCTION_BUILD = join(process.cwd(), '.output/chrome-mv3');
const SHOTS = join(process.cwd(), 'artifacts/e2e/emoji-picker');

let user: User;
let page: Page;
/** Every URL the panel page asked for, from the browser's side and from the page's own timing. */
const requested: string[] = [];

beforeAll(async () => {
  execFileSync('npx', ['wxt', 'build', '--mode', 'e2e'], { stdio: ['ignore', 'ignore', 'inherit'] });
  user = await launchUser('reactions', E2E_BUILD);
  user.context.on('request', (request) => requested.push(request.url()));
  page = await user.context.newPage();
  // The panel's own width, as the page's iframe gives it.
  await page.setViewportSize({ width: 360, height: 640 });
  await page.goto(`chrome-extension://${user.extensionId}/panel.html#reactions-preview`);
  await page.getByTestId('message').waitFor();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await user?.close();
});

const chips = (): Promise<Array<{ emoji: string; count: string; pressed: string }>> =>
  page.getByTestId('reaction').evaluateAll((nodes) =>
    nodes.map((node) => ({
      emoji: node.getAttribute('data-emoji') ?? '',
      count: node.getAttribute('data-count') ?? '',
      pressed: node.getAttribute('aria-pressed') ?? '',
    })),
  );

const pickerChunk = (url: string): boolean => /\/chunks\/emoji-picker-element-[\w-]+\.js$/.test(url);
const barOpacity = (): Promise<string> =>
  page.locator('.reaction-bar').evaluate((bar) => getComputedStyle(bar).opacity);

describe('reactions in the panel page', () => {
  it('shows the bar on hover and toggles ours with a chip', async () => {
    expect(await barOpacity()).toBe('0');
    await page.getByTestId('message').hover();
    await until(barOpacity, '1');
    await page.screenshot({ path: join(SHOTS, 'bar-and-chips.png') });

    expect(await chips()).toEqual([
      { emoji: '👍', count: '2', pressed: 'false' },
      { emoji: '🎉', count: '1', pressed: 'true' },
    ]);
    await page.getByRole('button', { name: '👍 2 reactions' }).click();
    await page.getByRole('button', { name: '🎉 1 reaction, yours' }).click();
    expect(await chips()).toEqual([{ emoji: '👍', count: '3', pressed: 'true' }]);
    await page.getByRole('button', { name: 'React with 😮' }).click();
    expect(await chips()).toEqual([
      { emoji: '👍', count: '3', pressed: 'true' },
      { emoji: '😮', count: '1', pressed: 'true' },
    ]);
  });

  it('loads the picker only when opened, with the bundled data, and a pick becomes a chip', async () => {
    expect(requested.filter(pickerChunk)).toEqual([]);
    await page.getByTestId('message-react').click();
    const picker = page.locator('emoji-picker');
    const search = picker.locator('input[type="search"]');
    // The data is in IndexedDB once the grid of the first category is drawn from it.
    await until(async () => (await picker.locator('button.emoji').count()) > 100, true, 15_000);
    expect(requested.filter(pickerChunk)).toHaveLength(1);
    await until(
      () => search.evaluate((input) => input.getRootNode() instanceof ShadowRoot && input.matches(':focus')),
      true,
    );
    await page.screenshot({ path: join(SHOTS, 'picker-open.png') });

    await search.fill('otter');
    await picker.getByRole('option', { name: /otter/ }).click();
    await until(() => page.getByRole('dialog').count(), 0);
    expect(await chips()).toEqual([
      { emoji: '👍', count: '3', pressed: 'true' },
      { emoji: '😮', count: '1', pressed: 'true' },
      { emoji: '🦦', count: '1', pressed: 'true' },
    ]);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('message-react');
    await page.screenshot({ path: join(SHOTS, 'after-pick.png') });
  });

  it('is reachable by keyboard, and Escape closes the picker with focus back on its button', async () => {
    // A fresh page, so Tab starts from the top and the pointer is not over the message.
    await page.mouse.move(0, 600);
    await page.reload();
    await page.getByTestId('message').waitFor();
    expect(await barOpacity()).toBe('0');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('React with 👍');
    await until(barOpacity, '1');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await until(() => page.getByRole('dialog').count(), 1);
    await page.keyboard.press('Escape');
    await until(() => page.getByRole('dialog').count(), 0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('message-react');
  });

  it('asked nothing of the network and broke no CSP rule', async () => {
    const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
    const origin = `chrome-extension://${user.extensionId}/`;
    const all = [...new Set([...requested, ...resources])];
    expect(all.filter((url) => !url.startsWith(origin))).toEqual([]);
    expect(all).toContain(`${origin}emoji/en.json`);
    expect(user.logs.filter((line) => /Content Security Policy|Refused to/i.test(line))).toEqual([]);
  });
});

describe('the production build', () => {
  it('has the picker as a chunk of its own and no reactions preview', () => {
    const chunks = readdirSync(join(PRODUCTION_BUILD, 'chunks'));
    expect(chunks.filter((file) => file.startsWith('emoji-picker-element-'))).toHaveLength(1);
    expect(chunks.filter((file) => file.includes('preview'))).toEqual([]);
    const html = readFileSync(join(PRODUCTION_BUILD, 'panel.html'), 'utf8');
    expect(html).not.toContain('emoji-picker-element');
    for (const file of chunks) {
      expect(readFileSync(join(PRODUCTION_BUILD, 'chunks', file), 'utf8')).not.toContain('reactions-preview');
    }
  });
});
