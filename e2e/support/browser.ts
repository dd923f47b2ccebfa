/**
 * One person in a real Chromium: Debian's /usr/bin/chromium with the built extension loaded
 * into a profile of its own. The panel is opened the way a toolbar click opens it: Chrome's
 * own `Extensions.triggerAction`, which grants activeTab and runs the action's handler.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Frame, type Page, type Worker } from 'playwright-core';

const EXTENSION_DIR = join(process.cwd(), '.output/chrome-mv3');
const RUN_DIR = join(process.cwd(), 'artifacts/e2e');

export interface User {
  name: string;
  context: BrowserContext;
  extensionId: string;
  /** Opens a page in a new tab. */
  open(url: string): Promise<Page>;
  /** Clicks the toolbar button for `page` (opens, or closes, its panel). */
  clickAction(page: Page): Promise<void>;
  /**
   * Does what comes before the click (brings `page` to the front, finds its tab target: tens of
   * ms) and returns the click itself, so that a measurement times the click alone.
   */
  prepareClick(page: Page): Promise<() => Promise<void>>;
  /** The panel inside `page` (waits for it to load). */
  panel(page: Page): Promise<Frame>;
  /** Everything the browser's pages, panels and worker printed, for the failure artifacts. */
  logs: string[];
  /** Saves a screenshot of every open page and the logs under artifacts/e2e/<label>. */
  saveArtifacts(label: string): Promise<void>;
  /** The extension's service worker (after a stop, the handle evaluates in the new instance). */
  worker(): Promise<Worker>;
  /** Stops the extension's service worker, as Chrome does when it idles. */
  stopServiceWorker(): Promise<void>;
  /** Points the extension at another relay, as the options page does. */
  useRelay(url: string): Promise<void>;
  /** Where this browser keeps its profile: `launchUser` with it starts the same browser again. */
  profile: string;
  /** Quits the browser and keeps its profile, as a person closing their browser does. */
  quit(): Promise<void>;
  close(): Promise<void>;
}

/** A language for the browser: its code (`de`) and the POSIX locale that says it (`de_DE.UTF-8`). */
export interface BrowserLanguage {
  code: string;
  posix: string;
}

/** What `useRelay` reaches in the extension's service worker (this project has no Chrome types). */
interface WorkerGlobals {
  chrome: { storage: { local: { set(items: Record<string, string>): Promise<void> } } };
}

/**
 * `extensionDir`: another build than the suite's (e2e/emoji-picker.e2e.ts loads an e2e-mode build);
 * `profile`: the profile of a browser that quit, to start it again; `hostRules`: Chromium's
 * `--host-resolver-rules` instead of every host to loopback (scripts/screenshots.ts gives hosts
 * ports of their own); `language`: the browser's language instead of the machine's (e2e/languages.e2e.ts).
 */
export async function launchUser(
  name: string,
  extensionDir = EXTENSION_DIR,
  profile = mkdtempSync(join(tmpdir(), `samepage-e2e-${name}-`)),
  hostRules = 'MAP * 127.0.0.1',
  language?: BrowserLanguage,
): Promise<User> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    // A killed Chromium leaves its temporary folders behind: keep them inside the run's folder.
    // On Linux Chromium takes its language from the environment; `--lang` alone does nothing there.
    env: {
      ...process.env,
      TMPDIR: profile,
      ...(language && { LANGUAGE: language.code, LANG: language.posix }),
    },
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-unsafe-extension-debugging',
      `--host-resolver-rules=${hostRules}`,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...(language ? [`--lang=${language.code}`] : []),
    ],
  });
  const logs: string[] = [];
  context.on('console', (message) => logs.push(`[${message.type()}] ${message.location().url} ${message.text()}`));
  context.on('weberror', (error) => logs.push(`[pageerror] ${error.error().message}`));
  const firstWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(firstWorker.url()).host;
  const browser = context.browser();
  if (!browser) throw new Error('no browser handle for the persistent context');
  const cdp: CDPSession = await browser.newBrowserCDPSession();

  /** The tab target of `page`: CDP lists tabs by URL and title only, so mark the title for a moment. */
  async function tabTargetId(page: Page): Promise<string> {
    const marker = `samepage-e2e-${Math.random().toString(36).slice(2)}`;
    const title = await page.evaluate((next) => {
      const previous = document.title;
      document.title = next;
      return previous;
    }, marker);
    try {
      for (let attempt = 0; attempt < 50; attempt++) {
        const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] })) as {
          targetInfos: Array<{ targetId: string; title: string }>;
        };
        const tab = targetInfos.find((target) => target.title === marker);
        if (tab) return tab.targetId;
        await page.waitForTimeout(20);
      }
      throw new Error('no tab target for this page');
    } finally {
      await page.evaluate((previous) => void (document.title = previous), title);
    }
  }

  async function prepareClick(page: Page): Promise<() => Promise<void>> {
    await page.bringToFront();
    const targetId = await tabTargetId(page);
    return async () => void (await cdp.send('Extensions.triggerAction', { id: extensionId, targetId }));
  }

  return {
    name,
    context,
    extensionId,
    async open(url) {
      const page = await context.newPage();
      await page.goto(url);
      return page;
    },
    async clickAction(page) {
      const click = await prepareClick(page);
      await click();
    },
    prepareClick,
    async panel(page) {
      // The frame sits in a closed shadow root, out of reach of selectors; the frame tree still lists it.
      // Up to 15 s: the first click after a browser starts waits for its service worker, which on
      // a loaded 2-core CI machine took more than 5 s once.
      for (let attempt = 0; attempt < 300; attempt++) {
        const frame = page.frames().find((candidate) => candidate.url().endsWith('/panel.html'));
        if (frame) {
          await frame.waitForLoadState('domcontentloaded');
          return frame;
        }
        await page.waitForTimeout(50);
      }
      throw new Error('the panel did not appear');
    },
    logs,
    async saveArtifacts(label) {
      const folder = join(RUN_DIR, label.replace(/[^\w.-]+/g, '-'), name);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'console.log'), logs.join('\n'));
      await Promise.all(
        context
          .pages()
          .map((page, index) => page.screenshot({ path: join(folder, `page-${index}.png`) }).catch(() => undefined)),
      );
    },
    async stopServiceWorker() {
      const page = context.pages()[0] ?? (await context.newPage());
      const session = await context.newCDPSession(page);
      await session.send('ServiceWorker.enable');
      await session.send('ServiceWorker.stopAllWorkers');
      await session.detach();
    },
    async worker() {
      return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    },
    async useRelay(url) {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      // The key the options page writes (extension/lib/storage-keys.ts); the hub follows it at once.
      await worker.evaluate(
        (serverUrl) => (globalThis as unknown as WorkerGlobals).chrome.storage.local.set({ serverUrl }),
        url,
      );
    },
    profile,
    async quit() {
      await context.close();
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
