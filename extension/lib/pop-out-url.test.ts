import { describe, expect, it } from 'vitest';
import { popOutHref, popOutTabTitle, popOutTarget, popOutTitle } from './pop-out-url.ts';

const searchOf = (href: string): string => new URL(href).search;

describe('the pop-out address', () => {
  it('carries the page and, when known, its title, and gives both back', () => {
    const href = popOutHref('https://example.com/a?b=c&d#e', 'Otters & co · 100%');
    expect(href.startsWith('chrome-extension://')).toBe(true);
    expect(popOutTarget(searchOf(href))).toBe('https://example.com/a?b=c&d#e');
    expect(popOutTitle(searchOf(href))).toBe('Otters & co · 100%');
  });

  it('has no title when none was given', () => {
    const href = popOutHref('https://example.com/');
    expect(popOutTitle(searchOf(href))).toBeNull();
    expect(popOutTarget(searchOf(href))).toBe('https://example.com/');
  });
});

describe("the pop-out tab's title", () => {
  it('names the page, and leads with the unread count when there is one', () => {
    expect(popOutTabTitle('Otters', 0)).toBe('Otters — samepage');
    expect(popOutTabTitle('Otters', 3)).toBe('(3) Otters — samepage');
    expect(popOutTabTitle(null, 0)).toBe('samepage');
    expect(popOutTabTitle('', 1)).toBe('(1) samepage');
  });
});
