import { describe, expect, it } from 'vitest';
import { keepOpenBrowser } from '../testing/keep-open-browser.ts';
import {
  CONTENT_SCRIPT_FILE,
  forgetWithdrawn,
  isKept,
  keepOpen,
  keptSites,
  restoreKeptSites,
  siteOf,
  stopKeeping,
  type KeptSite,
} from './kept-sites.ts';

function site(url: string): KeptSite {
  const found = siteOf(url);
  if (!found) throw new Error(`no site for ${url}`);
  return found;
}

const EXAMPLE = site('https://www.example.com:8443/some/page?x=1');

describe('the site of a page', () => {
  it('is its scheme and host with www. folded in, asked for with its www. twin on any port', () => {
    expect(EXAMPLE).toEqual({
      label: 'https://example.com',
      patterns: ['https://example.com/*', 'https://www.example.com/*'],
    });
  });

  it('has no www. twin for an address or a single-label host', () => {
    expect(siteOf('http://127.0.0.1:3000/')?.patterns).toEqual(['http://127.0.0.1/*']);
    expect(siteOf('http://localhost:5173/app')?.patterns).toEqual(['http://localhost/*']);
  });

  it('does not exist outside http and https', () => {
    expect(siteOf('file:///home/a.html')).toBeNull();
    expect(siteOf('chrome://settings')).toBeNull();
    expect(siteOf('not a url')).toBeNull();
  });
});

describe('keeping a site', () => {
  const kept = EXAMPLE;

  it('asks for the site’s hosts, then registers the toolbar’s content script there, kept across sessions', async () => {
    const browser = keepOpenBrowser();
    expect(await isKept(kept, browser)).toBe(false);

    expect(await keepOpen(kept, browser)).toBe(true);

    expect(browser.asked).toBe(1);
    expect([...browser.granted]).toEqual(kept.patterns);
    expect([...browser.registered.values()]).toEqual([
      {
        id: 'keep-open:https://example.com',
        matches: kept.patterns,
        js: [CONTENT_SCRIPT_FILE],
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
    expect(await isKept(kept, browser)).toBe(true);
    expect(await keptSites(browser)).toEqual([kept]);
  });

  it('registers nothing when the person says no', async () => {
    const browser = keepOpenBrowser();
    browser.answer = false;

    expect(await keepOpen(kept, browser)).toBe(false);

    expect(browser.registered.size).toBe(0);
    expect(await isKept(kept, browser)).toBe(false);
  });

  it('keeps one registration when kept again, and replaces one whose grant was withdrawn', async () => {
    const browser = keepOpenBrowser();
    await keepOpen(kept, browser);
    await keepOpen(kept, browser);
    expect(browser.registered.size).toBe(1);
    expect(browser.asked).toBe(1);

    browser.granted.clear();
    expect(await isKept(kept, browser)).toBe(false);
    expect(await keepOpen(kept, browser)).toBe(true);
    expect(browser.asked).toBe(2);
    expect(await isKept(kept, browser)).toBe(true);
  });

  it('stops: unregistered and its hosts given back, other sites untouched', async () => {
    const browser = keepOpenBrowser();
    const other = site('http://news.test/');
    await keepOpen(kept, browser);
    await keepOpen(other, browser);

    await stopKeeping(kept, browser);

    expect(await isKept(kept, browser)).toBe(false);
    expect(kept.patterns.some((pattern) => browser.granted.has(pattern))).toBe(false);
    expect(await keptSites(browser)).toEqual([other]);
    expect(await isKept(other, browser)).toBe(true);
    // Stopping twice is harmless.
    await stopKeeping(kept, browser);
  });

  it('lists only its own registrations', async () => {
    const browser = keepOpenBrowser();
    await browser.scripting.registerContentScripts([
      {
        id: 'something-else',
        matches: ['https://a.test/*'],
        js: ['x.js'],
        runAt: 'document_idle',
        persistAcrossSessions: false,
      },
    ]);
    await keepOpen(kept, browser);
    expect((await keptSites(browser)).map(({ label }) => label)).toEqual(['https://example.com']);
  });

  it('forgets a site whose hosts were withdrawn outside samepage', async () => {
    const browser = keepOpenBrowser();
    const other = site('http://news.test/');
    await keepOpen(kept, browser);
    await keepOpen(other, browser);

    browser.granted.delete('https://www.example.com/*');
    await forgetWithdrawn(browser);

    expect(await keptSites(browser)).toEqual([other]);
  });

  it('registers a granted site again when the browser dropped its registration, and nothing else', async () => {
    const browser = keepOpenBrowser();
    const other = site('http://news.test/');
    await keepOpen(kept, browser);
    await keepOpen(other, browser);
    browser.registered.clear(); // what Firefox does on an update
    browser.granted.delete('http://www.news.test/*'); // half a site is no kept site

    await restoreKeptSites(browser);

    expect(await keptSites(browser)).toEqual([kept]);
    expect(browser.asked).toBe(2);
    await restoreKeptSites(browser);
    expect(browser.registered.size).toBe(1);
  });
});
