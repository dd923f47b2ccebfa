/**
 * Scenarios 7 and 8 of issue #4: pages that fight the panel (hostile CSS and scripts, a
 * strict CSP), a publisher's opt-out, and browser pages that can have no room.
 */
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { messageTexts, openPanel, pairOn, people, popOutUrl, sayAccepted, siteUrl, until } from './support/panel.ts';

const users = people('alice', 'bob');

/** The panel's frame as laid out in the page, which must be a real, readable panel. */
async function panelBox(panel: Frame): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await (await panel.frameElement()).boundingBox();
  if (!box) throw new Error('the panel frame is not rendered');
  expect(box.width).toBeGreaterThanOrEqual(280);
  expect(box.height).toBeGreaterThanOrEqual(400);
  return box;
}

const NO_ROOM = /This page has no chat room/;

async function saysNoRoom(panel: Frame): Promise<void> {
  await panel.getByText(NO_ROOM).waitFor();
  expect(await panel.getByTestId('composer').count()).toBe(0);
}

interface Probe {
  hostFound: boolean;
  shadowRoot: null | 'open' | 'no host';
  capturedRoots: number;
  frameDocument: 'READ' | 'blocked' | 'unreachable';
  textVisible: boolean;
}

const probe = (page: Page, secret: string): Promise<Probe> =>
  page.evaluate((text) => (window as unknown as { probe(secret: string): Probe }).probe(text), secret);

describe('a hostile page', () => {
  it('cannot hide, cover or read the panel', async () => {
    const { pageA, panelA, panelB } = await pairOn(siteUrl('/hostile?scenario=7'), users.alice, users.bob);

    const box = await panelBox(panelA);
    const hitAt = (x: number, y: number): Promise<string | undefined> =>
      pageA.evaluate(
        (point) => {
          const element = document.elementFromPoint(point.x, point.y);
          return element ? `${element.localName}${element.id ? `#${element.id}` : ''}` : undefined;
        },
        { x, y },
      );
    // The overlay is live and covers the page...
    expect(await hitAt(10, 10)).toBe('div#overlay');
    // ...but not the panel, which is above it.
    expect(await hitAt(box.x + box.width / 2, box.y + box.height / 2)).toBe('samepage-panel');
    expect(await hitAt(box.x + 20, box.y + box.height - 20)).toBe('samepage-panel');

    // Playwright's clicks check what is under the pointer, so these fail if anything covers the panel.
    await sayAccepted(panelA, 'typed on a hostile page');
    await until(() => messageTexts(panelB), ['typed on a hostile page']);

    const secret = 'secret from B';
    await sayAccepted(panelB, secret);
    await until(() => messageTexts(panelA), ['typed on a hostile page', secret]);
    const seen = await probe(pageA, secret);
    expect(seen.hostFound).toBe(true);
    // Closed, and created in the content script's world, where the page's attachShadow patch is not.
    expect(seen.shadowRoot).toBeNull();
    expect(seen.capturedRoots).toBe(0);
    expect(seen.frameDocument).not.toBe('READ');
    expect(seen.textVisible).toBe(false);
  });
});

describe('a page with a strict Content-Security-Policy', () => {
  it('still gets a working panel', async () => {
    const url = siteUrl('/strict-csp?scenario=8');
    const [pageA, pageB] = await Promise.all([users.alice.open(url), users.bob.open(url)]);
    // The policy is in force: the page's own inline script did not run.
    expect(await pageA.evaluate(() => document.documentElement.dataset.scripted)).toBeUndefined();
    const panelA = await openPanel(users.alice, pageA);
    const panelB = await openPanel(users.bob, pageB);
    await panelBox(panelA);

    await sayAccepted(panelA, 'hello under a strict CSP');
    await until(() => messageTexts(panelB), ['hello under a strict CSP']);
    await sayAccepted(panelB, 'it works here too');
    await until(() => messageTexts(panelA), ['hello under a strict CSP', 'it works here too']);
  });
});

describe('a page without a room', () => {
  it('says the site asked not to host chat when it opted out, and offers no composer', async () => {
    const page = await users.alice.open(siteUrl('/optout?scenario=8'));
    await users.alice.clickAction(page);
    const panel = await users.alice.panel(page);
    await panel.getByText(/This site asked not to host chat/).waitFor();
    expect(await panel.getByTestId('composer').count()).toBe(0);
    expect(await panel.getByTestId('member').count()).toBe(0);
  });

  it('opens the pop-out on a browser page, and the pop-out says the page has no room', async () => {
    const page = await users.alice.open('chrome://version');
    const opened = users.alice.context.waitForEvent('page');
    await users.alice.clickAction(page);
    const popOut = await opened;
    await popOut.waitForURL(new RegExp(`^chrome-extension://${users.alice.extensionId}/panel\\.html\\?url=`));
    await saysNoRoom(popOut.mainFrame());
  });

  it('says so in a pop-out opened for a browser page', async () => {
    const page = await users.alice.open(popOutUrl(users.alice, 'chrome://extensions/'));
    await saysNoRoom(page.mainFrame());
  });
});
