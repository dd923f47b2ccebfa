import { describe, expect, it } from 'vitest';
import { locationInputs, readPageLocation } from './page-location.ts';

function page(head: string, title = 'A story'): Document {
  const doc = document.implementation.createHTMLDocument();
  doc.title = title;
  doc.head.insertAdjacentHTML('beforeend', head);
  return doc;
}

describe('readPageLocation', () => {
  it('reads the address, title, canonical link and opt-out', () => {
    const doc = page('<link rel="canonical" href="https://example.com/stories/7"><meta name="samepage" content="OFF">');
    expect(readPageLocation(doc, 'https://example.com/story?id=7')).toEqual({
      href: 'https://example.com/story?id=7',
      canonical: 'https://example.com/stories/7',
      optedOut: true,
      title: 'A story',
    });
  });

  it('is not opted out by any other value, nor without the tag', () => {
    expect(readPageLocation(page('<meta name="samepage" content="on">'), 'https://a.example/').optedOut).toBe(false);
    expect(readPageLocation(page(''), 'https://a.example/')).toMatchObject({ optedOut: false, canonical: null });
  });

  it('notices what the room depends on, and only that', () => {
    const doc = page('<link rel="canonical" href="https://example.com/a">');
    const before = locationInputs(readPageLocation(doc, 'https://example.com/a'));
    doc.title = 'Another title';
    expect(locationInputs(readPageLocation(doc, 'https://example.com/a'))).toBe(before);
    doc.querySelector('link')?.setAttribute('href', 'https://example.com/b');
    expect(locationInputs(readPageLocation(doc, 'https://example.com/a'))).not.toBe(before);
  });
});
