/**
 * Issue #15 in real Chromium: the panel says which relay it talks to, and the privacy page opens
 * from the panel and from the options page in a tab of its own, naming the same relay. The
 * panel is saved as /tmp/shots/privacy-panel-{light,dark}.png and the page as privacy-page.png.
 * The install's secret is kept only as keys the browser will not export, in IndexedDB.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { User } from './support/browser.ts';
import { openPanel, people, setName, siteUrl, until } from './support/panel.ts';

const SHOTS = '/tmp/shots';
const users = people('alice');

/** Clicks `link` and gives the tab it opened, once the privacy page in it has named the relay. */
async function openedBy(user: User, click: () => Promise<void>): Promise<Page> {
  const opened = user.context.waitForEvent('page', { predicate: (page) => page.url().endsWith('/privacy.html') });
  await click();
  const page = await opened;
  await page.getByTestId('privacy-relay').waitFor();
  return page;
}

describe('the relay and the privacy page', () => {
  it('the panel names its relay, and its privacy link opens the page about that relay', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const { alice } = users;
    const page = await alice.open(siteUrl('/article?scenario=privacy'));
    const panel = await openPanel(alice, page);
    await setName(panel, 'Alice');
    const host = panel.getByTestId('relay-host');
    await until(() => host.textContent(), new URL(inject('relayUrl')).host);
    expect(await host.getAttribute('title')).toBe('Your messages go through this relay');
    await (await panel.frameElement()).screenshot({ path: `${SHOTS}/privacy-panel-light.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await (await panel.frameElement()).screenshot({ path: `${SHOTS}/privacy-panel-dark.png` });

    const privacy = await openedBy(alice, () => panel.getByTestId('privacy-link').click());
    expect(privacy.url()).toBe(`chrome-extension://${alice.extensionId}/privacy.html`);
    expect(await privacy.getByTestId('privacy-relay').textContent()).toBe(await host.textContent());
    await privacy.screenshot({ path: `${SHOTS}/privacy-page.png`, fullPage: true });
    // The panel's page stays where it was: the link opened a tab beside it.
    expect(page.url()).toContain('/article?scenario=privacy');
    await privacy.close();
  });

  it("keeps the install's secret only as keys that cannot be exported, with nothing of it in storage.local", async () => {
    const { alice } = users;
    const worker = await alice.worker();
    const kept = await worker.evaluate(async () => {
      const database = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('samepage-keys');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const keys = await new Promise<Record<string, CryptoKey>>((resolve, reject) => {
        const request = database.transaction('keys').objectStore('keys').get('install');
        request.onsuccess = () => resolve(request.result as Record<string, CryptoKey>);
        request.onerror = () => reject(request.error);
      });
      database.close();
      const exported = await Promise.all(
        Object.values(keys).map((key) =>
          crypto.subtle.exportKey('raw', key).then(
            () => 'exported',
            (error: unknown) => (error instanceof Error ? error.name : 'refused'),
          ),
        ),
      );
      const chrome = (globalThis as unknown as { chrome: { storage: { local: { get(): Promise<object> } } } }).chrome;
      return {
        kinds: Object.entries(keys).map(([name, key]) => `${name}:${key.algorithm.name}:${key.extractable}`),
        exported,
        stored: Object.keys(await chrome.storage.local.get()),
      };
    });
    expect(kept.kinds.sort()).toEqual(['derive:HKDF:false', 'sign:HMAC:false']);
    // HKDF keys are never exportable (NotSupportedError); the HMAC key refuses as non-extractable.
    expect(kept.exported.sort()).toEqual(['InvalidAccessError', 'NotSupportedError']);
    expect(kept.stored).not.toContain('token');
  });

  it('the options page links to it too', async () => {
    const { alice } = users;
    const options = await alice.open(`chrome-extension://${alice.extensionId}/options.html`);
    const privacy = await openedBy(alice, () => options.getByTestId('privacy-link').click());
    expect(privacy.url()).toBe(`chrome-extension://${alice.extensionId}/privacy.html`);
    await privacy.getByRole('link', { name: 'options' }).click();
    await privacy.waitForURL(`chrome-extension://${alice.extensionId}/options.html`);
    await privacy.close();
    await options.close();
  });
});
