import { describe, expect, it } from 'vitest';
import { normalizeUrl, roomKeyOf, siteKeyOf } from '../../protocol/room-key.ts';
import { contextOf, pageContextOf } from './page-context.ts';

const at = (href: string, more: { canonical?: string; optedOut?: boolean; title?: string } = {}) =>
  contextOf({
    href,
    canonical: more.canonical ?? null,
    optedOut: more.optedOut ?? false,
    title: more.title ?? 'A story',
  });

describe('contextOf', () => {
  it('keys the page by its normalized URL and the site by its origin', async () => {
    expect(await at('https://www.example.com/a/?utm_source=x#top')).toEqual({
      status: 'ok',
      title: 'A story',
      page: { key: await roomKeyOf('https://example.com/a'), label: 'https://example.com/a' },
      site: { key: await siteKeyOf('https://example.com'), label: 'https://example.com' },
    });
  });

  it('uses a same-origin canonical link', async () => {
    const context = await at('https://example.com/story?id=7', { canonical: 'https://example.com/stories/7' });
    expect(context.status === 'ok' && context.page.label).toBe('https://example.com/stories/7');
  });

  it('ignores a canonical to another origin or to the site root', async () => {
    const foreign = await at('https://example.com/x', { canonical: 'https://other.example/x' });
    expect(foreign.status === 'ok' && foreign.page.label).toBe('https://example.com/x');
    const root = await at('https://example.com/deep', { canonical: 'https://example.com/' });
    expect(root.status === 'ok' && root.page.label).toBe('https://example.com/deep');
  });

  it('honours the publisher opt-out', async () => {
    expect(await at('https://example.com/x', { optedOut: true })).toEqual({ status: 'opted_out', title: 'A story' });
  });

  it('has no room for pages that are not http or https, whatever their canonical', async () => {
    expect(await at('file:///home/me/page.html', { canonical: 'https://example.com/', title: '' })).toEqual({
      status: 'no_room',
      title: 'file:///home/me/page.html',
    });
  });
});

describe('pageContextOf (pop-out)', () => {
  it('keys a web page by its normalized URL and its site by the origin', async () => {
    const url = 'https://www.example.com/a/?utm_source=x';
    const normalized = normalizeUrl(url) ?? '';
    expect(await pageContextOf(url)).toEqual({
      status: 'ok',
      title: url,
      page: { key: await roomKeyOf(normalized), label: 'https://example.com/a' },
      site: { key: await siteKeyOf('https://example.com'), label: 'https://example.com' },
    });
  });

  it('has no room for a page that is not on the web', async () => {
    expect(await pageContextOf('chrome://extensions')).toEqual({ status: 'no_room', title: 'chrome://extensions' });
  });
});
