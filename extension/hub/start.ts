/**
 * Wires the service worker: the hub, the panels' Ports, the content scripts' messages, the
 * toolbar action, the badge, notifications, the keep-alive alarm and the settings the options
 * page changes. Listeners are added at once on every start, as MV3 requires, because Chrome
 * starts a stopped worker to deliver an event. Every start (install, browser start, an alarm, a
 * panel) also connects with no room joined when the person stays reachable (Hub.idle).
 */
import { browser } from 'wxt/browser';
import { PANEL_PORT } from '../messaging/panel-hub.ts';
import type { PageLocation, PageToHub } from '../messaging/page-hub.ts';
import { contextOf } from '../lib/page-context.ts';
import { readSwitch, StorageKeys, type StoredValues } from '../lib/storage-keys.ts';
import { onActionClicked, sendToPage } from './action.ts';
import { browserBadge } from './badge-surface.ts';
import { roomKeyPair } from '../lib/e2e/keys.ts';
import { createDmArchive } from './dm-archive.ts';
import { Hub } from './hub.ts';
import { ensureInstallKeys, ensureProfile, relayCredentials, saveProfile } from './identity.ts';
import { KEEP_ALIVE_ALARM, keepAlive } from './keep-alive.ts';
import { openNotified } from './notification-clicks.ts';
import { browserNotifications, targetOf } from './notifications.ts';
import { followKeptSites } from './keep-open.ts';
import { followSidePanelChoice } from './side-panel.ts';
import { sessionOutboxStore } from './outbox-store.ts';
import { linkFromPort } from './panel-link.ts';
import { createQuoteMenu, listenToQuoteMenu } from './quote-menu.ts';
import { relayOrigin } from './relay-origin.ts';
import { serverUrl } from './server-url.ts';
import { createTabContexts } from './tab-contexts.ts';
import { markUpdates } from '../lib/whats-new.ts';

export function startServiceWorker(): Hub {
  const tabContexts = createTabContexts();
  const hub = new Hub({
    credentials: relayCredentials(serverUrl),
    loadProfile: ensureProfile,
    saveProfile,
    readTabContext: tabContexts.read,
    closePanel: async (tabId) => void (await sendToPage(tabId, { type: 'panel:close' })),
    collapsePanel: async (tabId) => void (await sendToPage(tabId, { type: 'panel:collapse' })),
    revealInPage: (tabId, quote) => sendToPage(tabId, { type: 'page:reveal', quote }),
    outboxStore: sessionOutboxStore,
    dmArchive: createDmArchive(),
    // The install's keys, never sent: each room's key pair is derived through them (issue #15).
    // One relay whether its address is written ws(s):// or http(s)://, as for its credential.
    keyPair: async (room) => {
      const address = await serverUrl();
      return roomKeyPair(await ensureInstallKeys(), relayOrigin(address) ?? new URL(address).origin, room);
    },
    badge: browserBadge(),
    notifications: browserNotifications(),
  });

  async function stayReachable(): Promise<void> {
    await keepAlive(await readSwitch(StorageKeys.stayConnected));
    await hub.idle();
  }

  async function located(tabId: number, location: PageLocation): Promise<{ ok: true }> {
    const context = await contextOf(location);
    const stored = tabContexts.write(tabId, context);
    // Not after the write: the tab's panel is loading, and storage is for the next worker.
    hub.pageChanged(tabId, context);
    await stored;
    return { ok: true };
  }

  browser.runtime.onInstalled.addListener(() => {
    void ensureInstallKeys();
    void createQuoteMenu();
  });
  browser.runtime.onStartup.addListener(() => void createQuoteMenu());
  // The alarm's only job is to start this worker; starting it is what reconnects.
  browser.alarms?.onAlarm.addListener((alarm) => {
    if (alarm.name === KEEP_ALIVE_ALARM) void hub.idle();
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading' || change.status === 'complete') void hub.tabUpdated(tabId);
  });
  // The API exists only once the optional permission is granted: listen at start, and on the grant.
  let clicksHeard = false;
  function listenToNotificationClicks(): void {
    if (clicksHeard || !browser.notifications) return;
    clicksHeard = true;
    browser.notifications.onClicked.addListener((id) => {
      const target = targetOf(id);
      if (!target) return;
      void browser.notifications.clear(id);
      void openNotified(target, hub);
    });
  }
  listenToNotificationClicks();
  browser.permissions.onAdded.addListener(listenToNotificationClicks);
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
  followKeptSites();
  followSidePanelChoice();
  markUpdates();
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (StorageKeys.serverUrl in changes) void hub.serverChanged();
    if (StorageKeys.stayConnected in changes) {
      void readSwitch(StorageKeys.stayConnected).then(keepAlive);
      void hub.stayConnectedChanged();
    }
    const profile = changes[StorageKeys.profile]?.newValue as StoredValues['profile'] | undefined;
    if (profile) void hub.profileChanged(profile);
  });
  void stayReachable();
  return hub;
}
