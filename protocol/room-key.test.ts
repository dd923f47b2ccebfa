import { describe, expect, it } from 'vitest';
import vectors from './url-vectors.json' with { type: 'json' };
import { normalizeUrl, pageUrlFor, roomKeyOf, siteKeyOf, siteOf } from './room-key.ts';

describe('room keys (url-vectors.json)', () => {
  it.each(vectors.vectors)('$url', async ({ url, normalized, key }) => {
    expect(normalizeUrl(url)).toBe(normalized);
    expect(normalized === null ? null : await roomKeyOf(normalized)).toBe(key);
  });
});

describe('normalizeUrl beyond the vectors', () => {
  it('keeps repeated parameter names in their order while sorting by name', () => {
    expect(normalizeUrl('https://example.com/?b=2&a=z&a=y')).toBe('https://example.com/?a=z&a=y&b=2');
  });

  it('drops the question mark when only tracking parameters were present', () => {
    expect(normalizeUrl('https://example.com/x?utm_a=1&utm_b=2')).toBe('https://example.com/x');
  });

  it('keeps a non-default port and rejects strings that are not URLs', () => {
    expect(normalizeUrl('http://example.com:8080/a/')).toBe('http://example.com:8080/a');
    expect(normalizeUrl('not a url')).toBeNull();
    expect(normalizeUrl('')).toBeNull();
  });
});

describe('pageUrlFor (rel=canonical)', () => {
  it('uses a same-origin canonical', () => {
    expect(pageUrlFor('https://example.com/story?id=7&utm_source=x', 'https://example.com/stories/7')).toBe(
      'https://example.com/stories/7',
    );
  });

  it('resolves a relative canonical against the page', () => {
    expect(pageUrlFor('https://example.com/a/b', '/canonical/b')).toBe('https://example.com/canonical/b');
  });

  it('ignores a canonical of another origin', () => {
    expect(pageUrlFor('https://example.com/a', 'https://other.example/a')).toBe('https://example.com/a');
  });

  it('treats www and the bare host as the same origin', () => {
    expect(pageUrlFor('https://www.example.com/a?x=1', 'https://example.com/a')).toBe('https://example.com/a');
  });

  it('ignores a canonical that points at the site root from a deeper page', () => {
    expect(pageUrlFor('https://example.com/deep/page', 'https://example.com/')).toBe('https://example.com/deep/page');
    expect(pageUrlFor('https://example.com/', 'https://example.com/')).toBe('https://example.com/');
  });

  it('has no room for a non-http page whatever its canonical', () => {
    expect(pageUrlFor('file:///tmp/a.html', 'https://example.com/a')).toBeNull();
  });
});

describe('site keys', () => {
  it('keys the site room by the normalized origin', async () => {
    const origin = siteOf(normalizeUrl('HTTPS://WWW.Example.COM:443/a/b/?utm_source=x') ?? '');
    expect(origin).toBe('https://example.com');
    expect(await siteKeyOf(origin)).toMatch(/^[0-9a-f]{64}$/);
    expect(await siteKeyOf(origin)).not.toBe(await roomKeyOf(`${origin}/`));
  });
});
