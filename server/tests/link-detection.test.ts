import { describe, expect, it } from 'vitest';
import { containsLink } from '../chat/newcomers.ts';

describe('containsLink', () => {
  it.each([
    'see https://example.com',
    'HTTP://EXAMPLE.COM',
    'ftp://files.example.org/x',
    'go to www.example.com now',
    'example.com/offer',
    'cheap pills at shop.example.co.uk/buy',
    'пример.рф/путь',
  ])('finds a link in %j', (text) => expect(containsLink(text)).toBe(true));

  it.each(['hello there', 'I use node.js and vue.js', 'e.g. this', 'version 1.2.3', 'ratio 3/4', 'mail me at noon'])(
    'finds none in %j',
    (text) => expect(containsLink(text)).toBe(false),
  );
});
