/**
 * Issue #13's "Open in Chrome's side panel", in real Chromium: with the option on, the toolbar
 * click opens Chrome's side panel (no panel in the page), which chats in the active tab's room
 * and follows the person to another tab.
 *
 * The option asks for the optional `tabs` permission, whose prompt headless Chromium cannot
 * answer (see keep-open.e2e.ts); this person's copy of the build holds `tabs` in its manifest,
 * as the person's "Allow" would grant it, and the option is set as the options page's click
 * stores it. Playwright does not attach to side panel pages, so the test reads it over the
 * browser's CDP session.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchUser, type User } from './support/browser.ts';
import { grantedBuild, type GrantedBuild } from './support/granted-build.ts';
import { holds, memberIds, openPanel, selfId, siteUrl, until } from './support/panel.ts';

let build: GrantedBuild;
let alice: User;
let bob: User;

beforeAll(async () => {
  build = grantedBuild('side', (manifest) => ({ ...manifest, permissions: [...manifest.permissions, 'tabs'] }));
  [alice, bob] = await Promise.all([launchUser('alice', build.dir), launchUser('bob')]);
});

afterAll(async () => {
  await Promise.all([alice.close(), bob.close()]);
  build.remove();
});

interface SidePanel {
  /** The value of `expression` in the side panel's page. */
  evaluate(expression: string): Promise<unknown>;
  /** A PNG of the side panel. */
  screenshot(): Promise<Buffer>;
}

/** The side panel's page, reached through the browser's CDP session. */
async function sidePanelOf(user: User): Promise<SidePanel> {
  const browser = user.context.browser();
  if (!browser) throw new Error('no browser handle');
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  let targetId: string | undefined;
  for (let attempt = 0; attempt < 100 && !targetId; attempt++) {
    const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{ type: 'page' }] })) as {
      targetInfos: Array<{ targetId: string; url: string }>;
    };
    targetId = targetInfos.find(({ url }) => url.endsWith('/sidepanel.html'))?.targetId;
    if (!targetId) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!targetId) throw new Error('the side panel did not open');
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: false })) as {
    sessionId: string;
  };
  const waiting = new Map<number, (result: Record<string, unknown> | undefined) => void>();
  let next = 1;
  cdp.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
    const answer = JSON.parse(event.message) as { id: number; result?: Record<string, unknown> };
    waiting.get(answer.id)?.(answer.result);
  });
  const send = (method: string, params: object): Promise<Record<string, unknown> | undefined> =>
    new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    });
  return {
    evaluate: async (expression) => {
      const result = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
      return (result?.result as { value?: unknown } | undefined)?.value;
    },
    screenshot: async () => Buffer.from(String((await send('Page.captureScreenshot', {}))?.data ?? ''), 'base64'),
  };
}

const panelsIn = (page: Page): Promise<number> =>
  page.evaluate(() => document.querySelectorAll('samepage-panel').length);

describe("Chrome's side panel", () => {
  it('opens on the toolbar click instead of the in-page panel, in the active tab’s room, and follows tab switches', async () => {
    const article = siteUrl('/article?scenario=side-panel');
    const bobPage = await bob.open(article);
    const bobPanel = await openPanel(bob, bobPage);
    const idB = await selfId(bobPanel);

    const worker = await alice.worker();
    await worker.evaluate(() =>
      (
        globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } }
      ).chrome.storage.local.set({ sidePanel: true }),
    );
    await until(
      () =>
        worker.evaluate(() =>
          (
            globalThis as unknown as {
              chrome: { sidePanel: { getPanelBehavior(): Promise<{ openPanelOnActionClick: boolean }> } };
            }
          ).chrome.sidePanel
            .getPanelBehavior()
            .then((behavior) => behavior.openPanelOnActionClick),
        ),
      true,
    );

    const page = await alice.open(article);
    await alice.clickAction(page);
    const side = await sidePanelOf(alice);
    const read = (expression: string) => () => side.evaluate(expression);
    const title = read(`document.querySelector('[data-testid="page-title"]')?.textContent ?? null`);
    const members = read(
      `[...document.querySelectorAll('[data-testid="member"]')].map((node) => node.getAttribute('data-user-id')).sort()`,
    );
    const connection = read(`document.querySelector('[data-testid="connection"]')?.textContent ?? null`);

    await until(connection, 'connected');
    await until(title, 'An article');
    await until(async () => ((await members()) as string[]).includes(idB), true);
    const idA = ((await members()) as string[]).find((id) => id !== idB);
    await until(() => memberIds(bobPanel), [idA, idB].sort());
    expect(await panelsIn(page)).toBe(0);
    mkdirSync('artifacts/e2e', { recursive: true });
    writeFileSync('artifacts/e2e/side-panel.png', await side.screenshot());

    // Another tab, another page: the side panel goes with the person, and leaves Bob's room.
    const other = await alice.open(siteUrl('/other?scenario=side-panel'));
    await until(title, 'Another article');
    await until(async () => ((await members()) as string[]).includes(idB), false);
    await until(() => memberIds(bobPanel), [idB]);

    await page.bringToFront();
    await until(title, 'An article');
    await until(async () => ((await members()) as string[]).includes(idB), true);
    await holds(() => panelsIn(other), 0, 300);
  });
});
