/**
 * Issue #13, the panel beside the page: docked, the page's layout narrows by the panel's width and
 * its fixed header and sidebar stay uncovered; Escape collapses it to a slim tab and focus goes
 * back to the page; the tab and the toolbar expand it; the handle resizes by keyboard and the
 * width is remembered; a popover or modal dialog the page shows later does not stay above it; on
 * a narrow window it overlays and still works.
 */
import { mkdirSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openPanel, people, siteUrl, until } from './support/panel.ts';

const users = people('dora');
const SHOTS = 'artifacts/e2e/dock';

const rootWidth = (page: Page): Promise<number> =>
  page.evaluate(() => document.documentElement.getBoundingClientRect().width);

async function hostBox(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator('samepage-panel').boundingBox();
  if (!box) throw new Error('the panel has no box');
  return box;
}

/** The id of the page element at the centre of `selector`'s box (or the tag of what covers it). */
const whatIsAt = (page: Page, selector: string): Promise<string> =>
  page.evaluate((chosen) => {
    const box = (document.querySelector(chosen) as Element).getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit?.id || hit?.localName || 'nothing';
  }, selector);

const focusedInPanel = (panel: Frame): Promise<string | null> =>
  panel.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  // The caret as it is: Playwright hides it by adding styles, which would show up as the dock's.
  await page.screenshot({ path: `${SHOTS}/${name}.png`, caret: 'initial' });
}

describe('the panel beside the page', () => {
  it('pushes the page aside, collapses on Escape with focus back, expands from its tab and the toolbar', async () => {
    const page = await users.dora.open(siteUrl('/docked'));
    const fullWidth = await rootWidth(page);
    await page.focus('#search');
    const panel = await openPanel(users.dora, page);

    const host = await hostBox(page);
    expect(host.width).toBe(360);
    expect(await rootWidth(page)).toBe(fullWidth - host.width);
    expect(await whatIsAt(page, '#login')).toBe('login');
    expect(await whatIsAt(page, '#sidebar')).toBe('sidebar');
    const login = await page.locator('#login').boundingBox();
    expect((login?.x ?? Infinity) + (login?.width ?? 0)).toBeLessThanOrEqual(host.x);
    // Opening puts focus in the composer.
    await until(() => focusedInPanel(panel), 'composer');
    await shot(page, 'open-1280x800');

    await page.keyboard.press('Escape');
    await until(async () => (await hostBox(page)).width < 60, true);
    expect(await rootWidth(page)).toBe(fullWidth);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
    // Still loaded and connected, but out of view: its frame has no viewport (how the panel can tell).
    expect(await panel.evaluate(() => [innerWidth, document.hasFocus()])).toEqual([0, false]);
    expect(await panel.getByTestId('connection').textContent()).toBe('connected');
    // Everything the dock changed is back as it was: no inline style left behind.
    expect(await page.evaluate(() => [...document.querySelectorAll('[style]')].map((node) => node.localName))).toEqual(
      [],
    );
    await shot(page, 'collapsed-1280x800');

    const tab = await hostBox(page);
    await page.mouse.click(tab.x + tab.width / 2, tab.y + tab.height / 2);
    await until(async () => (await hostBox(page)).width, 360);
    expect(await rootWidth(page)).toBe(fullWidth - 360);
    await until(() => focusedInPanel(panel), 'composer');

    await panel.getByTestId('panel-collapse').click();
    await until(() => rootWidth(page), fullWidth);
    await users.dora.clickAction(page);
    await until(async () => (await hostBox(page)).width, 360);
    // The panel's document stayed loaded all along: the same frame, still connected.
    expect(await panel.getByTestId('connection').textContent()).toBe('connected');
  });

  it('resizes by keyboard within bounds and remembers the width after a reload', async () => {
    const page = await users.dora.open(siteUrl('/docked?resize'));
    const fullWidth = await rootWidth(page);
    const panel = await openPanel(users.dora, page);
    const handle = panel.getByTestId('resize-handle');
    expect(await handle.getAttribute('role')).toBe('separator');
    expect(await handle.getAttribute('aria-orientation')).toBe('vertical');
    await handle.focus();
    for (let press = 0; press < 5; press++) await handle.press('ArrowLeft');
    await until(async () => (await hostBox(page)).width, 440);
    expect(await rootWidth(page)).toBe(fullWidth - 440);
    await until(() => handle.getAttribute('aria-valuenow'), '440');
    await handle.press('ArrowRight');
    await until(async () => (await hostBox(page)).width, 424);
    // The narrowest is 280 px, however far it is pushed.
    await handle.press('Home');
    await until(async () => (await hostBox(page)).width, 280);
    await handle.press('ArrowRight');
    await until(() => handle.getAttribute('aria-valuenow'), '280');
    for (let press = 0; press < 4; press++) await handle.press('ArrowLeft');
    await until(async () => (await hostBox(page)).width, 344);
    await page.waitForTimeout(500); // the width is stored once it rests

    await page.reload();
    const again = (await openPanel(users.dora, page)).getByTestId('resize-handle');
    await until(async () => (await hostBox(page)).width, 344);
    expect(await rootWidth(page)).toBe(fullWidth - 344);
    // The widest leaves the page 360 px (80% of the window would leave it less).
    await again.press('End');
    await until(async () => (await hostBox(page)).width, fullWidth - 360);
    expect(await rootWidth(page)).toBe(360);
    for (let press = 0; press < 3; press++) await again.press('ArrowLeft');
    await until(() => again.getAttribute('aria-valuenow'), String(fullWidth - 360));
    await again.press('Home');
    for (let press = 0; press < 5; press++) await again.press('ArrowLeft');
    await until(async () => (await hostBox(page)).width, 360);
    await page.waitForTimeout(500);
  });

  it('comes back above a popover or a modal dialog the page shows after it', async () => {
    const page = await users.dora.open(siteUrl('/docked?cover'));
    await openPanel(users.dora, page);
    const host = await hostBox(page);
    const panelPoint = { x: host.x + host.width / 2, y: host.y + host.height / 2 };
    const topAt = (point: { x: number; y: number }): Promise<string> =>
      page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.localName ?? 'nothing', point);

    await page.evaluate(() => (document.getElementById('promo') as HTMLElement).showPopover());
    await until(() => topAt(panelPoint), 'samepage-panel');
    // The popover is still shown; it is only below the panel.
    expect(await page.evaluate(() => document.getElementById('promo')?.matches(':popover-open'))).toBe(true);
    expect(await topAt({ x: 100, y: 400 })).toBe('div');

    // A modal dialog makes the panel inert (out of hit testing) until it closes, so what is on
    // top is read off the screen: the dialog is solid red, the panel is not.
    await page.evaluate(() => {
      const dialog = document.createElement('dialog');
      dialog.id = 'fake';
      dialog.style.cssText =
        'position: fixed; inset: 0; width: 100vw; height: 100vh; max-width: none; max-height: none; margin: 0; border: 0; background: rgb(255, 0, 0);';
      dialog.textContent = 'A fake panel';
      document.body.append(dialog);
      dialog.showModal();
    });
    const red = async (point: { x: number; y: number }): Promise<boolean> => {
      const shot = await page.screenshot({ clip: { x: point.x, y: point.y, width: 1, height: 1 } });
      const { data } = await sharp(shot).raw().toBuffer({ resolveWithObject: true });
      return data[0] === 255 && data[1] === 0 && data[2] === 0;
    };
    expect(await red({ x: 100, y: 400 })).toBe(true);
    await until(() => red({ x: host.x + 40, y: 300 }), false);
    await shot(page, 'over-a-modal-dialog');
  });

  it('overlays on a narrow window, and still works there', async () => {
    const page = await users.dora.open(siteUrl('/docked?narrow'));
    await page.setViewportSize({ width: 800, height: 600 });
    const panel = await openPanel(users.dora, page);
    const fullAt800 = await page.evaluate(() => document.documentElement.clientWidth);
    expect(await rootWidth(page)).toBe(fullAt800 - 360);
    expect(await whatIsAt(page, '#login')).toBe('login');
    await shot(page, 'open-800x600');

    await page.setViewportSize({ width: 400, height: 700 });
    // No room to push: the page keeps its width and the panel overlays most of it.
    await until(() => page.evaluate(() => document.documentElement.getBoundingClientRect().width), 400);
    await until(async () => (await hostBox(page)).width, 320);
    await panel.getByTestId('composer').fill('typed at 400 px');
    expect(await panel.getByTestId('send').isEnabled()).toBe(true);
    await shot(page, 'open-400x700');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('collapses the in-page panel once its pop-out is open: one copy in view', async () => {
    const page = await users.dora.open(siteUrl('/docked?pop'));
    const fullWidth = await rootWidth(page);
    const panel = await openPanel(users.dora, page);
    const opened = users.dora.context.waitForEvent('page');
    await panel.getByRole('button', { name: 'Open in a tab of its own' }).click();
    await (await opened).waitForURL(/\/panel\.html\?/);
    await until(async () => (await hostBox(page)).width < 60, true);
    expect(await rootWidth(page)).toBe(fullWidth);
  });

  it('moves in a fixed element the page adds while the panel is open', async () => {
    const page = await users.dora.open(siteUrl('/docked?later'));
    await openPanel(users.dora, page);
    await page.evaluate(() => {
      const chat = document.createElement('button');
      chat.id = 'help';
      chat.textContent = 'Help';
      chat.style.cssText = 'position: fixed; right: 16px; bottom: 16px; width: 80px; height: 40px;';
      document.body.append(chat);
    });
    await until(() => whatIsAt(page, '#help'), 'help');
  });

  it('resizes by dragging the grip, the pointer followed outside the frame', async () => {
    const page = await users.dora.open(siteUrl('/docked?drag'));
    const fullWidth = await rootWidth(page);
    const panel = await openPanel(users.dora, page);
    const start = await hostBox(page);
    const grip = await panel.getByTestId('resize-handle').boundingBox();
    if (!grip) throw new Error('the grip has no box');
    const [x, y] = [grip.x + grip.width / 2, grip.y + grip.height / 2];
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let step = 1; step <= 10; step++) await page.mouse.move(x - step * 10, y);
    await page.mouse.up();
    await until(async () => (await hostBox(page)).width, start.width + 100);
    expect(await rootWidth(page)).toBe(fullWidth - start.width - 100);
    // The sheet that followed the drag is gone: the page takes clicks again.
    expect(await page.evaluate(() => document.elementFromPoint(100, 300)?.localName)).not.toBe('samepage-panel');
  });
});
