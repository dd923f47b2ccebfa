/** Names that read the same get the same skeleton; user ids get short, stable tags (look-alikes.ts). */
import { describe, expect, it } from 'vitest';
import { nameSkeleton, userTag } from './index.ts';

describe('nameSkeleton', () => {
  it.each([
    ['Sam', 'sam'],
    ['Sam', 'SAM'],
    ['Sam', '\u0405\u0430m'], // Cyrillic Ѕ and а
    ['Sam', 'Ｓａｍ'], // fullwidth
    ['Sam', '𝐒𝐚𝐦'], // mathematical bold
    ['Sam', '  Sam  '],
    ['Ann Lee', 'Ann   Lee'],
    ['Ann Lee', 'Ann\u00A0Lee'],
    ['Paypal', 'Pаypаl'], // Cyrillic а
    ['Paypal', 'PayPaI'], // capital I for l
    ['Bill', 'Bi11'],
    ['Bob', 'B0b'],
    ['Modern', 'rnodern'], // rn for m
    ['Hope', 'Ηορε'], // Greek capital eta, small omicron, rho, epsilon
    ['Nico', 'Νicο'], // Greek capital nu, small omicron
    ['Zoë', 'Zoe\u0308'],
    ['Зоё', 'Зое\u0308'],
    ['Alёna', 'Alëna'], // Cyrillic ё meets Latin ë
    ['Ann ❤', 'Ann ❤️'],
  ])('%j looks like %j', (one, other) => {
    expect(nameSkeleton(one)).toBe(nameSkeleton(other));
  });

  it.each([
    ['Sam', 'Sum'],
    ['Sam', 'Sám'],
    ['Ann', 'Anne'],
    ['李小龙', '李小虎'],
    ['Сергей', 'Sergei'],
  ])('%j does not look like %j', (one, other) => {
    expect(nameSkeleton(one)).not.toBe(nameSkeleton(other));
  });
});

describe('userTag', () => {
  it('is four readable characters, the same for the same id', () => {
    const tag = userTag('Qm9iIGlzIGhlcmUgYWdhaW4');
    expect(tag).toMatch(/^[0-9a-hjkmnp-tv-z]{4}$/);
    expect(userTag('Qm9iIGlzIGhlcmUgYWdhaW4')).toBe(tag);
  });

  it('tells apart ids that differ in one character', () => {
    const tags = new Set(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((last) => userTag(`Qm9iIGlzIGhlcmUgYWdhaW${last}`)),
    );
    expect(tags.size).toBe(8);
  });

  it('spreads ids over many tags', () => {
    const tags = new Set(Array.from({ length: 1000 }, (_, index) => userTag(`user-${index}-padding-pad`)));
    expect(tags.size).toBeGreaterThan(990);
  });
});
