import { describe, expect, it } from 'vitest';
import { roomKeyOf, siteKeyOf } from '../../protocol/room-key.ts';
import { contextInputs, readPageContext } from './page-context.ts';

function page(head: string, title = 'A story'): Document {
  const doc = document.implementation.createHTMLDocument();
  doc.title = title;
  doc.head.insertAdjacentHTML('beforeend', head);
  return doc;
}

describe('readPageContext', () => {
  it('keys the page by its normalized URL and the site by its origin', async () => {
    const context = await readPageContext(page(''), 'https://www.example.com/a/?utm_source=x#top');
    expect(context).toEqual({
      status: 'ok',
      title: 'A story',
      page: { key: await roomKeyOf('https://example.com/a'), label: 'https://example.com/a' },
      site: { key: await siteKeyOf('https://example.com'), label: 'https://example.com' },
    });
  });

  it('uses a same-origin canonical link', async () => {
    const doc = page('<link rel="canonical" href="/stories/7">');
    const context = await readPageContext(doc, 'https://example.com/story?id=7');
    expect(context.status === 'ok' && context.page.label).toBe('https://example.com/stories/7');
  });

  it('ignores a canonical to another origin or to the site root', async () => {
    const foreign = await readPageContext(
      page('<link rel="canonical" href="https://other.example/x">'),
      'https://example.com/x',
    );
    expect(foreign.status === 'ok' && foreign.page.label).toBe('https://example.com/x');
    const root = await readPageContext(
      page('<link rel="canonical" href="https://example.com/">'),
      'https://example.com/deep',
    );
    expect(root.status === 'ok' && root.page.label).toBe('https://example.com/deep');
  });

  it('honours the publisher opt-out', async () => {
    const context = await readPageContext(page('<meta name="samepage" content="off">'), 'https://example.com/x');
    expect(context).toEqual({ status: 'opted_out', title: 'A story' });
    const notOff = await readPageContext(page('<meta name="samepage" content="on">'), 'https://example.com/x');
    expect(notOff.status).toBe('ok');
  });

  it('has no room for pages that are not http or https', async () => {
    expect(await readPageContext(page('', ''), 'file:///home/me/page.html')).toEqual({
      status: 'no_room',
      title: 'file:///home/me/page.html',
    });
  });

  it('notices what the room depends on, and only that', () => {
    const doc = page('<link rel="canonical" href="/a">');
    const before = contextInputs(doc, 'https://example.com/a');
    doc.title = 'Another title';
    expect(contextInputs(doc, 'https://example.com/a')).toBe(before);
    doc.querySelector('link')?.setAttribute('href', '/b');
    expect(contextInputs(doc, 'https://example.com/a')).not.toBe(before);
    expect(contextInputs(doc, 'https://example.com/b')).not.toBe(contextInputs(doc, 'https://example.com/a'));
  });
});
