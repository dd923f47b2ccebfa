import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.ts';

describe('linkify', () => {
  it('keeps plain text as one text segment', () => {
    expect(linkify('hello <b>there</b>')).toEqual([{ kind: 'text', text: 'hello <b>there</b>' }]);
  });

  it('finds http and https links between text', () => {
    expect(linkify('see https://example.com/a?b=1 and http://x.test.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.test', href: 'http://x.test/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('never links another scheme', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<script>x</script>', 'JaVaScRiPt://%0aalert(1)']) {
      expect(linkify(text).every((segment) => segment.kind === 'text')).toBe(true);
    }
  });

  it('keeps a closing parenthesis the URL opened, and drops one it did not', () => {
    expect(linkify('(https://en.wikipedia.org/wiki/Otter_(disambiguation))')).toEqual([
      { kind: 'text', text: '(' },
      {
        kind: 'link',
        text: 'https://en.wikipedia.org/wiki/Otter_(disambiguation)',
        href: 'https://en.wikipedia.org/wiki/Otter_(disambiguation)',
      },
      { kind: 'text', text: ')' },
    ]);
  });

  it('leaves a bare scheme as text', () => {
    expect(linkify('https:// nothing')).toEqual([{ kind: 'text', text: 'https:// nothing' }]);
  });
});
