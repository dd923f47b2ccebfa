/**
 * Wires the service worker: the hub, the panels' Ports, the content scripts' messages, the
 * toolbar action and the settings the options page changes. Listeners are added at once on
 * every start, as MV3 requires, because Chrome starts a stopped worker to deliver an event.
 */
import { browser } from 'wxt/browser';
import { PANEL_PORT } from '../messaging/panel-hub.ts';
import type { PageLocation, PageToHub } from '../messaging/page-hub.ts';
import { contextOf } from '../lib/page-context.ts';
import { StorageKeys, type StoredValues } from '../lib/storage-keys.ts';
import { onActionClicked, sendToPage } from './action.ts';
import { createDmArchive } from './dm-archive.ts';
import { Hub } from './hub.ts';
import { ensureProfile, ensureToken, saveProfile } from './identity.ts';
import { sessionOutboxStore } from './outbox-store.ts';
import { linkFromPort } from './panel-link.ts';
import { createQuoteMenu, listenToQuoteMenu } from './quote-menu.ts';
import { serverUrl } from './server-url.ts';
import { createTabContexts } from './tab-contexts.ts';

export function startServiceWorker(): Hub {
  const tabContexts = createTabContexts();
  const hub = new Hub({
    credentials: async () => {
      const [url, token, profile] = await Promise.all([serverUrl(), ensureToken(), ensureProfile()]);
      return { url, token, name: profile.name };
    },
    loadProfile: ensureProfile,
    saveProfile,
    readTabContext: tabContexts.read,
    closePanel: async (tabId) => void (await sendToPage(tabId, { type: 'panel:close' })),
    collapsePanel: async (tabId) => void (await sendToPage(tabId, { type: 'panel:collapse' })),
    revealInPage: (tabId, quote) => sendToPage(tabId, { type: 'page:reveal', quote }),
    outboxStore: sessionOutboxStore,
    dmArchive: createDmArchive(),
  });

  async function located(tabId: number, location: PageLocation): Promise<{ ok: true }> {
    const context = await contextOf(location);
    const stored = tabContexts.write(tabId, context);
    // Not after the write: the tab's panel is loading, and storage is for the next worker.
    hub.pageChanged(tabId, context);
    await stored;
    return { ok: true };
  }

  browser.runtime.onInstalled.addListener(() => {
    void ensureToken();
    void createQuoteMenu();
  });
  browser.runtime.onStartup.addListener(() => void createQuoteMenu());
  browser.action.onClicked.addListener((tab) => {
    hub.warmUp();
    void onActionClicked(tab);
  });
  listenToQuoteMenu({ warmUp: () => hub.warmUp(), deliver: (tabId, quote) => hub.quote(tabId, quote) });
  browser.runtime.onConnect.addListener((port) => {
    if (port.name === PANEL_PORT) hub.attach(linkFromPort(port));
  });
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const tabId = sender.tab?.id;
    const report = message as PageToHub;
    if (tabId === undefined || sender.id !== browser.runtime.id) return undefined;
    if (report.type === 'page:location') return located(tabId, report.location);
    if (report.type === 'quote:selected') return Promise.resolve({ ok: hub.quote(tabId, report.quote) });
    return undefined;
  });
  browser.tabs.onRemoved.addListener((tabId) => void tabContexts.forget(tabId));
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (StorageKeys.serverUrl in changes) void hub.serverChanged();
    const profile = changes[StorageKeys.profile]?.newValue as StoredValues['profile'] | undefined;
    if (profile) void hub.profileChanged(profile);
  });
  return hub;
}
