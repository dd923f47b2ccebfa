/**
 * Issue #12's reactions in real Chromium, two people in a room, in the in-page panel (an
 * extension frame inside a web page, under its MV3 CSP): the quick bar on hover and on focus,
 * chips that toggle one's own, and the full emoji picker, whose code comes only when it is
 * opened and whose data comes from the extension, never from a CDN. The picker works in this
 * frame, where Chrome blocks IndexedDB as third-party storage (emoji-memory-database.ts).
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chipsOf, messageWith, pairOn, people, sayAccepted, siteUrl, until, type Pair } from './support/panel.ts';

const PRODUCTION_BUILD = join(process.cwd(), '.output/chrome-mv3');
const SHOTS = join(process.cwd(), 'artifacts/e2e/emoji-picker');
const TEXT = 'react to this, please';

const users = people('alice', 'bob');
let pair: Pair;
/** Every URL Bob's browser asked for. */
const requested: string[] = [];

// In the first test rather than a hook: the panel helpers poll with expect, which needs a test.
let room: Promise<void> | undefined;
const inRoom = (): Promise<void> =>
  (room ??= (async () => {
    users.bob.context.on('request', (request) => requested.push(request.url()));
    pair = await pairOn(siteUrl('/article?scenario=reactions'), users.alice, users.bob);
    await sayAccepted(pair.panelA, TEXT);
    await messageWith(pair.panelB, TEXT).waitFor();
    mkdirSync(SHOTS, { recursive: true });
  })());

const pickerChunk = (url: string): boolean => /\/chunks\/emoji-picker-element-[\w-]+\.js$/.test(url);
const hoverOpacity = (panel: Frame): Promise<string> =>
  messageWith(panel, TEXT)
    .locator('.message-hover')
    .evaluate((tools) => getComputedStyle(tools).opacity);
const activeTestId = (panel: Frame): Promise<string | null> =>
  panel.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

describe('reactions in the in-page panel', () => {
  it('shows the quick bar on hover, and a chip toggles ours on both sides', async () => {
    await inRoom();
    const { panelA, panelB } = pair;
    await pair.pageB.mouse.move(0, 0);
    expect(await hoverOpacity(panelB)).toBe('0');
    const message = messageWith(panelB, TEXT);
    await message.hover();
    await until(() => hoverOpacity(panelB), '1');
    await shot(pair.pageB, 'bar');

    await message.getByRole('button', { name: 'React with 👍' }).click();
    await until(() => chipsOf(panelB, TEXT), [{ emoji: '👍', count: '1', pressed: 'true' }]);
    await until(() => chipsOf(panelA, TEXT), [{ emoji: '👍', count: '1', pressed: 'false' }]);

    await messageWith(panelA, TEXT).getByRole('button', { name: '👍 1 reaction' }).click();
    await until(() => chipsOf(panelA, TEXT), [{ emoji: '👍', count: '2', pressed: 'true' }]);
    await until(() => chipsOf(panelB, TEXT), [{ emoji: '👍', count: '2', pressed: 'true' }]);

    await message.getByRole('button', { name: '👍 2 reactions, including yours' }).click();
    await until(() => chipsOf(panelB, TEXT), [{ emoji: '👍', count: '1', pressed: 'false' }]);
    await until(() => chipsOf(panelA, TEXT), [{ emoji: '👍', count: '1', pressed: 'true' }]);
  });

  it('loads the picker only when opened, with the bundled data, and a pick becomes a chip for both', async () => {
    await inRoom();
    const { panelA, panelB } = pair;
    expect(requested.filter(pickerChunk)).toEqual([]);
    const message = messageWith(panelB, TEXT);
    await message.hover();
    await message.getByTestId('message-react').click();
    const picker = panelB.locator('emoji-picker');
    // The grid of the first category is drawn once the data is loaded.
    await until(async () => (await picker.locator('button.emoji').count()) > 100, true, 15_000);
    expect(requested.filter(pickerChunk)).toHaveLength(1);
    const search = picker.locator('input[type="search"]');
    await until(() => search.evaluate((input) => input.matches(':focus')), true);
    await shot(pair.pageB, 'picker-open');

    await search.fill('otter');
    await picker.getByRole('option', { name: /otter/ }).click();
    await until(() => panelB.getByRole('dialog').count(), 0);
    const expected = [
      { emoji: '👍', count: '1', pressed: 'false' },
      { emoji: '🦦', count: '1', pressed: 'true' },
    ];
    await until(() => chipsOf(panelB, TEXT), expected);
    await until(
      () => chipsOf(panelA, TEXT),
      [
        { emoji: '👍', count: '1', pressed: 'true' },
        { emoji: '🦦', count: '1', pressed: 'false' },
      ],
    );
    expect(await activeTestId(panelB)).toBe('message-react');
    await shot(pair.pageB, 'after-pick');
  });

  it('is reachable by keyboard, and Escape closes the picker with focus back on its button', async () => {
    await inRoom();
    const { panelB } = pair;
    await pair.pageB.mouse.move(0, 0);
    await panelB.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await until(() => hoverOpacity(panelB), '0');
    const message = messageWith(panelB, TEXT);
    await message.getByRole('button', { name: 'React with 👍' }).focus();
    // Focus inside the message shows its bar, as hover does.
    await until(() => hoverOpacity(panelB), '1');
    await panelB.page().keyboard.press('End');
    expect(await activeTestId(panelB)).toBe('message-react');
    await panelB.page().keyboard.press('Enter');
    await until(() => panelB.getByRole('dialog').count(), 1);
    await until(async () => (await panelB.locator('emoji-picker button.emoji').count()) > 100, true, 15_000);
    await panelB.page().keyboard.press('Escape');
    await until(() => panelB.getByRole('dialog').count(), 0);
    expect(await activeTestId(panelB)).toBe('message-react');
  });

  it('asked nothing of a CDN and broke no CSP rule', async () => {
    await inRoom();
    const origin = `chrome-extension://${users.bob.extensionId}/`;
    expect(requested).toContain(`${origin}emoji/en.json`);
    // Bob's browser, panel and picker included, reached only the extension (the in-page frame by
    // its dynamic URL, chrome-extension://<random id>/) and the page's site.
    const site = new URL(siteUrl('/')).origin;
    expect(requested.filter((url) => !url.startsWith('chrome-extension://') && !url.startsWith(site))).toEqual([]);
    expect(users.bob.logs.filter((line) => /Content Security Policy|Refused to/i.test(line))).toEqual([]);
  });
});

describe('the production build', () => {
  it('has the picker as a chunk of its own, which panel.html does not name', () => {
    const chunks = readdirSync(join(PRODUCTION_BUILD, 'chunks'));
    expect(chunks.filter((file) => file.startsWith('emoji-picker-element-'))).toHaveLength(1);
    const html = readFileSync(join(PRODUCTION_BUILD, 'panel.html'), 'utf8');
    expect(html).not.toContain('emoji-picker-element');
  });
});
