/**
 * Issue #13's "Keep samepage open on this site" and the kept draft, in real Chromium: the box
 * in the panel registers the content script for the site, a full navigation there opens the
 * panel by itself with what the person was typing, a second copy of the script makes no second
 * panel, and unticking stops it.
 *
 * Headless Chromium shows the permission prompt that `permissions.request` opens, and nothing
 * can answer it (no flag, no CDP command, and Playwright's grantPermissions covers web
 * permissions only). So this person's copy of the build holds the test site's hosts in its
 * manifest, as the person's "Allow" would grant them: Chrome then answers the panel's request
 * at once, and everything after it (the registration, the injections, the drafts) is the real
 * path. The unit tests (lib/kept-sites.test.ts) cover a refused request.
 */
import type { Frame, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from './support/axe.ts';
import { launchUser, type User } from './support/browser.ts';
import { grantedBuild, type GrantedBuild } from './support/granted-build.ts';
import { connectionOf, holds, openPanel, siteUrl, until } from './support/panel.ts';
import { SITE_HOST } from './support/site.ts';

const GRANTED = [`http://${SITE_HOST}/*`, `http://www.${SITE_HOST}/*`];

let build: GrantedBuild;
let alice: User;

beforeAll(async () => {
  build = grantedBuild('keep', (manifest) => ({ ...manifest, host_permissions: GRANTED }));
  alice = await launchUser('alice', build.dir);
});

afterAll(async () => {
  await alice.close();
  build.remove();
});

/** What these tests ask of the extension's service worker (this project has no Chrome types). */
interface WorkerGlobals {
  chrome: {
    scripting: {
      getRegisteredContentScripts(): Promise<Array<{ id: string; matches: string[]; js: string[] }>>;
      executeScript(injection: { target: { tabId: number }; files: string[] }): Promise<unknown>;
    };
    tabs: { query(filter: { url: string }): Promise<Array<{ id: number }>> };
    storage: { session: { get(keys: null): Promise<Record<string, unknown>> } };
  };
}

const worker = (): Promise<Worker> => alice.worker();

const registrations = async (): Promise<Array<{ id: string; matches: string[]; js: string[] }>> =>
  (await worker()).evaluate(() =>
    (globalThis as unknown as WorkerGlobals).chrome.scripting.getRegisteredContentScripts(),
  );

const panelsIn = (page: Page): Promise<number> =>
  page.evaluate(() => document.querySelectorAll('samepage-panel').length);

/** The panel the page has now, without clicking anything. */
async function panelOf(page: Page): Promise<Frame> {
  const panel = await alice.panel(page);
  await until(() => connectionOf(panel), 'connected');
  return panel;
}

const composerOf = (panel: Frame): Promise<string> => panel.getByTestId('composer').inputValue({ timeout: 2000 });

describe('keep samepage open on this site', () => {
  it('opens the panel by itself after full navigations on the site, with the draft kept', async () => {
    const article = siteUrl('/article?scenario=keep-open');
    const page = await alice.open(article);
    const panel = await openPanel(alice, page);
    await panel.getByTestId('composer').fill('a thought I was still writing');

    const box = panel.getByTestId('keep-open');
    expect(await box.isChecked()).toBe(false);
    await box.click();
    await until(() => box.isChecked(), true);
    await until(
      async () => (await registrations()).map(({ id, matches, js }) => ({ id, matches, js })),
      [{ id: `keep-open:http://${SITE_HOST}`, matches: GRANTED, js: ['content-scripts/content.js'] }],
    );
    await page.screenshot({ path: 'artifacts/e2e/keep-open-box.png' });
    expect((await audit(panel)).violations).toEqual([]);
    // The options page lists it, with a way to stop.
    const options = await alice.open(`chrome-extension://${alice.extensionId}/options.html`);
    await until(
      () => options.getByTestId('kept-sites').locator('li').allTextContents(),
      [`${SITE_HOST}Remove http://${SITE_HOST}`],
    );
    await options.screenshot({ path: 'artifacts/e2e/keep-open-options.png' });
    expect((await audit(options.mainFrame())).violations).toEqual([]);
    await options.close();

    // The same page again: the panel is back, and so is the draft.
    await page.goto(article);
    const again = await panelOf(page);
    await until(() => composerOf(again), 'a thought I was still writing');
    expect(await again.getByTestId('keep-open').isChecked()).toBe(true);
    // Kept for this tab: the draft's key names the tab the panel is in.
    const keys = await (
      await worker()
    ).evaluate(async () =>
      Object.keys(await (globalThis as unknown as WorkerGlobals).chrome.storage.session.get(null)).filter((key) =>
        key.startsWith('draft:'),
      ),
    );
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^draft:\d+\|/);

    // Another page of the site, under its www. name too: a panel of its own room, an empty composer.
    const otherPage = siteUrl('/other?scenario=keep-open', `www.${SITE_HOST}`);
    await page.goto(otherPage);
    const other = await panelOf(page);
    expect(await composerOf(other)).toBe('');
    await other.getByTestId('composer').fill('about the other page');
    // Typing pauses, the draft is written; then back to the article, whose draft is still there.
    await page.waitForTimeout(600);
    await page.goto(article);
    await until(async () => composerOf(await panelOf(page)), 'a thought I was still writing');
    await page.goto(otherPage);
    await until(async () => composerOf(await panelOf(page)), 'about the other page');
    expect(await panelsIn(page)).toBe(1);
  });

  it('makes no second panel when the script is injected again into a page that has it', async () => {
    const url = siteUrl('/article?scenario=keep-open-twice');
    const page = await alice.open(url);
    const panel = await panelOf(page);
    await panel.getByTestId('composer').fill('still here');
    await page.waitForTimeout(600);

    // What the toolbar click does on a page whose script it cannot reach (action.ts).
    await (
      await worker()
    ).evaluate(async (address) => {
      const { chrome } = globalThis as unknown as WorkerGlobals;
      const [tab] = await chrome.tabs.query({ url: address });
      if (!tab) throw new Error('no tab for the page');
      await chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ['/content-scripts/content.js'] });
    }, url);

    await holds(() => panelsIn(page), 1, 1000);
    await until(async () => composerOf(await panelOf(page)), 'still here');
  });

  it('stops when unticked: the next navigation opens nothing', async () => {
    const url = siteUrl('/article?scenario=keep-open-off');
    const page = await alice.open(url);
    const panel = await panelOf(page);
    const box = panel.getByTestId('keep-open');
    await until(() => box.isChecked(), true);

    await box.click();
    await until(() => box.isChecked(), false);
    await until(async () => (await registrations()).length, 0);

    await page.goto(siteUrl('/other?scenario=keep-open-off'));
    await holds(() => panelsIn(page), 0, 1500);
  });
});
