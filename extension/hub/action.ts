/**
 * The toolbar click (and its keyboard command): toggle the panel of a tab whose content
 * script is already there, inject it otherwise. A page that cannot have a panel (not http,
 * or a browser page where nothing may be injected) gets the pop-out, which explains why; a click
 * again on that tab brings its pop-out window forward instead of opening another.
 * The context menu's quote opens the panel the same way (openPanel), without the toggle.
 */
import { browser, type Browser } from 'wxt/browser';
import { popOutHref } from '../lib/pop-out-url.ts';
import type { HubToPage, HubToPageOf, PageReplies } from '../messaging/page-hub.ts';

const CONTENT_SCRIPT = '/content-scripts/content.js';

/** Sends a command to the tab's content script; undefined when there is none (yet). */
export async function sendToPage<T extends HubToPage['type']>(
  tabId: number,
  command: HubToPageOf<T>,
): Promise<PageReplies[T] | undefined> {
  try {
    return (await browser.tabs.sendMessage(tabId, command)) as PageReplies[T] | undefined;
  } catch {
    return undefined; // no content script in that tab (yet)
  }
}

/**
 * Chrome can run the click handler before the page's renderer has learnt of the activeTab
 * grant the click gave, and then refuses the injection ("Cannot access contents of the
 * page"); a moment later it is accepted (seen under load, within 200 ms). So a refusal is
 * tried again a few times before the page is taken for one that forbids injection.
 */
const INJECT_RETRY_DELAYS_MS = [50, 100, 200, 400];

async function inject(tabId: number): Promise<boolean> {
  for (const delay of [0, ...INJECT_RETRY_DELAYS_MS]) {
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT] });
      return true;
    } catch {
      // Not granted yet, or never (a store page, a PDF viewer): try again, then give up.
    }
  }
  return false;
}

/** Per tab, the pop-out window opened for it and the page it is about (`storage.session`). */
const POP_OUT_WINDOWS = 'popOutWindows';
/** The tabs remembered at most: the newest are kept (tab ids only grow, and objects list integer keys in order). */
const POP_OUT_WINDOWS_KEPT = 20;

type PopOutWindows = Record<string, { windowId: number; url: string }>;

async function popOutWindows(): Promise<PopOutWindows> {
  const { [POP_OUT_WINDOWS]: stored } = await browser.storage.session.get(POP_OUT_WINDOWS);
  return typeof stored === 'object' && stored !== null ? (stored as PopOutWindows) : {};
}

/** Focuses the tab's pop-out window when it is still open and about the same page; opens one otherwise. */
async function showPopOut(tabId: number, url: string, title: string): Promise<void> {
  const windows = await popOutWindows();
  const known = windows[tabId];
  if (known && known.url === url) {
    try {
      await browser.windows.update(known.windowId, { focused: true });
      return;
    } catch {
      // Closed since: open another.
    }
  }
  const opened = await browser.windows.create({ url: popOutHref(url, title), type: 'popup', width: 380, height: 640 });
  if (opened?.id === undefined) return;
  const kept = Object.entries(windows)
    .filter(([tab]) => tab !== String(tabId))
    .slice(-(POP_OUT_WINDOWS_KEPT - 1));
  await browser.storage.session.set({
    [POP_OUT_WINDOWS]: Object.fromEntries([...kept, [String(tabId), { windowId: opened.id, url }]]),
  });
}

/** Injects the content script, which opens the panel; true when the page has it now, else the pop-out opens. */
async function injectOrPopOut(tabId: number, url = '', title = ''): Promise<boolean> {
  if (/^https?:/i.test(url) && (await inject(tabId))) return true;
  await showPopOut(tabId, url, title);
  return false;
}

export async function onActionClicked(tab: Browser.tabs.Tab): Promise<void> {
  if (tab.id === undefined) return;
  if (await sendToPage(tab.id, { type: 'panel:toggle' })) return;
  await injectOrPopOut(tab.id, tab.url, tab.title);
}

/** Opens the panel of a tab unless it is open; false when the page cannot have one (the pop-out opened). */
export async function openPanel(tab: Browser.tabs.Tab): Promise<boolean> {
  if (tab.id === undefined) return false;
  if (await sendToPage(tab.id, { type: 'panel:open' })) return true;
  return injectOrPopOut(tab.id, tab.url, tab.title);
}
