import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import preact from '@preact/preset-vite';
import type { AliasOptions, Plugin } from 'vite';
import { defineConfig } from 'wxt';
import { localeNames, readLocale } from './extension/lib/locale-files.ts';
import { EMOJI_DATA_PATH, reactableEmojiData } from './extension/panel/emoji-data.ts';

// The emoji picker's data, written into the build from its package rather than kept in the repository.
const EMOJI_DATA_SOURCE = createRequire(import.meta.url).resolve('emoji-picker-element-data/en/emojibase/data.json');
const EMOJI_DATA_FILE = EMOJI_DATA_PATH.replace(/^\//, '');

/**
 * The content script's build resolves `wxt/browser` to WXT's own `browser` (the browser's native
 * API: `chrome` in Chrome, `browser` in Firefox) instead of webextension-polyfill, which would be
 * most of its weight. Everything it calls (runtime.getURL, sendMessage, onMessage answered through
 * sendResponse) is native and promise-based in both browsers' MV3. See docs/architecture.md.
 */
function withoutPolyfill(alias: AliasOptions | undefined): AliasOptions | undefined {
  if (Array.isArray(alias)) return alias.filter(({ find }) => find !== 'wxt/browser');
  if (!alias) return alias;
  const { 'wxt/browser': _polyfill, ...rest } = alias as Record<string, string>;
  return rest;
}

/**
 * The panel's first view in as few requests as possible (issue #16): panel.html is built on its
 * own (WXT builds every page together otherwise, which splits what they share into chunks that
 * panel.html then loads one by one), so it loads one script, and its stylesheet is written into
 * it. What the panel imports with `import()` stays in chunks of their own.
 */
const PANEL_ENTRY = 'panel';

/** Replaces each stylesheet link of a page built here with the stylesheet itself. */
function inlineStylesheets(): Plugin {
  return {
    name: 'samepage:inline-stylesheets',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const inlined = new Set<string>();
      for (const page of Object.values(bundle)) {
        if (page.type !== 'asset' || !page.fileName.endsWith('.html')) continue;
        page.source = String(page.source).replace(
          /<link rel="stylesheet"[^>]*? href="\/([^"]+\.css)"[^>]*>/g,
          (link, file: string) => {
            const sheet = bundle[file];
            if (sheet?.type !== 'asset') return link;
            inlined.add(file);
            return `<style>${String(sheet.source)}</style>`;
          },
        );
      }
      // Rollup drops a file from the output when it leaves the bundle object.
      for (const file of inlined) Reflect.deleteProperty(bundle, file);
    },
  };
}

/**
 * engine.io-client finds the global object with `Function("return this")()` where neither `self`
 * nor `window` exists. The extension's pages and worker always have `self`, so that branch never
 * runs, but Mozilla's linter (web-ext lint, DANGEROUS_EVAL) and reviewers flag any Function
 * constructor: it becomes `globalThis`.
 */
function withoutFunctionConstructor(): Plugin {
  return {
    name: 'samepage:without-function-constructor',
    transform(code, id) {
      if (!/engine\.io-client[\\/]build[\\/][^\\/]+[\\/]globals\.js$/.test(id)) return null;
      const next = code.replace('Function("return this")()', 'globalThis');
      if (next === code)
        throw new Error(`${id}: the Function constructor this plugin replaces is gone; drop the plugin`);
      return { code: next, map: null };
    },
  };
}

/** What the Firefox sources archive holds, at the top of the repository; everything else is left out. */
const SOURCES = [
  'extension',
  'protocol',
  'store',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'wxt.config.ts',
];

/** Everything at the top of the repository but SOURCES, then what the extension's build does not read. */
function notInSources(): string[] {
  const root = readdirSync(new URL('.', import.meta.url));
  return [
    ...root.filter((entry) => !SOURCES.includes(entry)).flatMap((entry) => [entry, `${entry}/**`]),
    '**/testing/**',
    'extension/test-setup.ts',
    'store/!(BUILDING.md)',
    'store/*/**',
  ];
}

export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  // Firefox too: MV3 keeps one code path (action.onClicked, scripting, activeTab).
  manifestVersion: 3,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    // Every string through the browser's i18n (issue #17): extension/locales, written as _locales.
    default_locale: 'en',
    name: '__MSG_browser_ext_name__',
    description: '__MSG_browser_ext_description__',
    // contextMenus: "Quote in samepage" on a selection (issue #12); its click grants activeTab too.
    // alarms: wakes a stopped service worker so the person stays reachable (issue #13).
    permissions: ['activeTab', 'alarms', 'contextMenus', 'scripting', 'storage'],
    // "Keep samepage open on this site": one origin at a time, asked for on the person's click.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // Asked for on the person's click, never at install (issue #13): notifications (options page,
    // panel); in Chrome, `tabs` for the side panel, which follows the active tab's address (the
    // side_panel entry itself is WXT's).
    optional_permissions: browser === 'firefox' ? ['notifications'] : ['notifications', 'tabs'],
    // The toolbar icon (WXT lists public/icon/<size>.png as the extension's icons too).
    action: {
      default_title: '__MSG_browser_action_title__',
      default_icon: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    },
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+S' }, description: '__MSG_browser_command_toggle__' },
    },
    // The panel is the one page a web page may frame; Firefox has no use_dynamic_url.
    web_accessible_resources: [
      {
        resources: ['panel.html'],
        matches: ['<all_urls>'],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'samepage@samepage.chat',
              // 140: the first Firefox that asks for data_collection_permissions at install.
              strict_min_version: '140.0',
              // Firefox's own consent at install: what leaves the browser for the relay, all of it
              // needed for chat, so all required (store/listing.md, "Privacy practices").
              data_collection_permissions: {
                required: ['personalCommunications', 'personallyIdentifyingInfo', 'browsingActivity', 'websiteContent'],
              },
            },
            // Firefox for Android asks for it from 142 on.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : // 116: the first Chrome in which WebSocket traffic keeps an extension service worker alive.
        { minimum_chrome_version: '116' }),
  }),
  // `npm run zip` (scripts/zip.ts, docs/releasing.md): the sources archive Mozilla's reviewers
  // rebuild from holds what the extension is built from and nothing else.
  zip: { excludeSources: notInSources() },
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      files.push({
        contents: reactableEmojiData(readFileSync(EMOJI_DATA_SOURCE, 'utf8')),
        relativeDest: EMOJI_DATA_FILE,
      });
      for (const locale of localeNames()) {
        files.push({
          contents: JSON.stringify(readLocale(locale)),
          relativeDest: `_locales/${locale}/messages.json`,
        });
      }
    },
    // So that browser.runtime.getURL(EMOJI_DATA_PATH) type-checks like any public file.
    'prepare:publicPaths': (_wxt, paths) => {
      paths.push(EMOJI_DATA_FILE);
    },
    // panel.html in a build of its own (PANEL_ENTRY).
    'entrypoints:grouped': (_wxt, groups) => {
      for (const group of groups) {
        if (!Array.isArray(group) || group.length < 2) continue;
        const at = group.findIndex((entrypoint) => entrypoint.name === PANEL_ENTRY);
        if (at === -1) continue;
        groups.push(group.splice(at, 1));
        return;
      }
    },
    'vite:build:extendConfig': (entrypoints, config) => {
      config.plugins = [...(config.plugins ?? []), withoutFunctionConstructor()];
      if (entrypoints.length === 1 && entrypoints[0]?.name === PANEL_ENTRY) {
        config.plugins = [...(config.plugins ?? []), inlineStylesheets()];
      }
      if (entrypoints.every((entrypoint) => entrypoint.type === 'content-script') && config.resolve) {
        config.resolve.alias = withoutPolyfill(config.resolve.alias);
      }
    },
    // WXT writes an empty content_scripts list; there is none, the content script is injected on click.
    'build:manifestGenerated': (_wxt, manifest) => {
      if (manifest.content_scripts?.length === 0) delete manifest.content_scripts;
    },
  },
});
