/**
 * Issue #13, "a panel no page can fake or steer": a page that draws over the panel after it
 * opened (a popover of its own in the top layer, kept there however often the panel is raised
 * again) cannot make a click send, in the room or in a DM, nor delete. The person's draft
 * stays, the panel says why, and once the cover is gone the same click acts. Screenshots of each refusal go to
 * /tmp/shots/frame-guard-<case>.png.
 */
import { mkdirSync } from 'node:fs';
import type { Frame, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit, describeViolations } from './support/axe.ts';
import {
  dmTexts,
  holds,
  member,
  messageTexts,
  messageWith,
  pairOn,
  people,
  siteUrl,
  until,
  type Pair,
} from './support/panel.ts';

const SHOTS = '/tmp/shots';
const REFUSED = 'samepage is covered by the page; nothing was sent.';
const DELETE_REFUSED = 'samepage is covered by the page; nothing was deleted.';
const users = people('alice', 'bob');

beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

interface Cover {
  /** Where the page's popover goes: the whole window, or a box (the Send button's). */
  box: { x: number; y: number; width: number; height: number } | null;
}

/**
 * What an attacking page does: shows a popover of its own over the panel, with clicks passing
 * through it (pointer-events: none) to the panel below, and shows it again on top each time
 * the panel's element is shown (the panel raising itself), as a page bent on it would.
 */
function coverPanel(page: Page, { box }: Cover): Promise<void> {
  return page.evaluate((area) => {
    const decoy = document.createElement('div');
    decoy.id = 'decoy';
    decoy.popover = 'manual';
    decoy.textContent = area ? 'Claim your prize' : 'Nothing to see here: click Send to continue';
    const where = area
      ? `left:${area.x}px;top:${area.y}px;width:${area.width}px;height:${area.height}px;`
      : 'inset:0;width:auto;height:auto;';
    decoy.setAttribute(
      'style',
      `position:fixed;margin:0;${where}border:0;padding:4px;pointer-events:none;` +
        'background:rgba(255,230,0,0.85);color:#000;font:bold 14px sans-serif;',
    );
    document.body.append(decoy);
    decoy.showPopover();
    const onTop = (event: Event): void => {
      const target = event.target as Element;
      if (target === decoy || (event as ToggleEvent).newState !== 'open') return;
      decoy.hidePopover();
      decoy.showPopover();
    };
    document.addEventListener('toggle', onTop, true);
    (window as unknown as { uncover(): void }).uncover = () => {
      document.removeEventListener('toggle', onTop, true);
      decoy.remove();
    };
  }, box);
}

const uncover = (page: Page): Promise<void> =>
  page.evaluate(() => (window as unknown as { uncover(): void }).uncover());

/** The centre of `target` (in the panel), in the page's coordinates: where a person's click lands. */
async function centreOf(target: Locator): Promise<{ x: number; y: number }> {
  const box = await target.boundingBox();
  if (!box) throw new Error(`${String(target)} is not rendered`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Types `text` into the composer by keyboard, focus already inside the frame, as a person does. */
async function typeInto(panel: Frame, testId: string, text: string): Promise<void> {
  await panel.getByTestId(testId).focus();
  await panel.page().keyboard.type(text);
  await until(() => panel.getByTestId(testId).inputValue(), text);
}

/**
 * Clicks at `point` until `arrived` is true: after the cover is gone the panel waits a moment
 * before it acts again, and the clicks before that are refused like the covered one.
 */
async function clickUntil(page: Page, point: { x: number; y: number }, arrived: () => Promise<boolean>) {
  const end = Date.now() + 10_000;
  while (!(await arrived())) {
    if (Date.now() > end) throw new Error('the click never went through');
    await page.mouse.click(point.x, point.y);
    await page.waitForTimeout(250);
  }
}

/** The page covering the panel is what a screenshot of it shows (and that the cover is real). */
async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/frame-guard-${name}.png` });
}

let pair: Pair;

describe('a page that covers the panel', () => {
  it('cannot make a click send in the room through a popover over the whole panel', async () => {
    pair = await pairOn(siteUrl('/article?scenario=frame-guard'), users.alice, users.bob);
    const { pageA, panelA, panelB } = pair;
    await typeInto(panelA, 'composer', 'my password is hunter2');
    const send = await centreOf(panelA.getByTestId('send'));

    await coverPanel(pageA, { box: null });
    // The browser checks visibility every 100 ms at best: a person's click comes later than that.
    await pageA.waitForTimeout(400);
    await pageA.mouse.click(send.x, send.y);
    await until(() => panelA.getByTestId('covered-notice').textContent(), REFUSED);
    await shot(pageA, 'room-covered');
    expect(await panelA.getByTestId('composer').inputValue()).toBe('my password is hunter2');
    await holds(() => messageTexts(panelB), [], 1000);
    expect(await messageTexts(panelA)).toEqual([]);

    await uncover(pageA);
    await shot(pageA, 'room-uncovered-refusal');
    const { violations } = await audit(panelA);
    expect(violations, describeViolations('the refusal', violations)).toEqual([]);
    await clickUntil(pageA, send, async () => (await messageTexts(panelB)).length > 0);
    await until(() => messageTexts(panelB), ['my password is hunter2']);
    await until(() => panelA.getByTestId('covered-notice').count(), 0);
    expect(await panelA.getByTestId('composer').inputValue()).toBe('');
  });

  it('cannot make clicks delete a message through a popover over the whole panel', async () => {
    const { pageA, panelA, panelB } = pair;
    const text = 'my password is hunter2';
    const mine = messageWith(panelA, text);
    await coverPanel(pageA, { box: null });
    await pageA.waitForTimeout(400);
    // The tools show on hover, which passes through the cover like the clicks do.
    const corner = await mine.boundingBox();
    if (!corner) throw new Error('the message is not rendered');
    await pageA.mouse.move(corner.x + 8, corner.y + 4);
    const remove = await centreOf(mine.getByTestId('message-delete'));
    await pageA.mouse.click(remove.x, remove.y);
    const confirm = await centreOf(mine.getByTestId('message-delete-confirm'));
    await pageA.mouse.click(confirm.x, confirm.y);
    await until(() => panelA.getByTestId('covered-notice').textContent(), DELETE_REFUSED);
    await shot(pageA, 'delete-covered');
    await holds(() => panelB.getByTestId('message-deleted').count(), 0, 1000);
    expect(await messageTexts(panelB)).toEqual([text]);

    await uncover(pageA);
    await clickUntil(pageA, confirm, async () => (await panelB.getByTestId('message-deleted').count()) === 1);
    await until(() => panelA.getByTestId('covered-notice').count(), 0);
  });

  it('cannot make a click send a DM through a small popover over the Send button alone', async () => {
    const { pageB, panelA, panelB, idA } = pair;
    await member(panelB, idA).click();
    await typeInto(panelB, 'dm-composer', 'see you at 8');
    const send = await centreOf(panelB.getByTestId('dm-send'));
    const box = await panelB.getByTestId('dm-send').boundingBox();
    if (!box) throw new Error('dm-send is not rendered');

    await coverPanel(pageB, { box: { x: box.x - 4, y: box.y - 4, width: box.width + 8, height: box.height + 8 } });
    await pageB.waitForTimeout(400);
    await pageB.mouse.click(send.x, send.y);
    await until(() => panelB.getByTestId('covered-notice').textContent(), REFUSED);
    await shot(pageB, 'dm-partly-covered');
    expect(await panelB.getByTestId('dm-composer').inputValue()).toBe('see you at 8');
    expect(await dmTexts(panelB)).toEqual([]);

    await uncover(pageB);
    await clickUntil(pageB, send, async () => (await dmTexts(panelB)).length > 0);
    await until(() => dmTexts(panelB), ['see you at 8']);
    await until(() => member(panelA, pair.idB).locator('.badge').count(), 1);
  });
});
