import { describe, expect, it } from 'vitest';
import { parseAllowWords } from './allow-words.ts';
import { createWordFilter } from './word-filter.ts';

describe('word filter', () => {
  it('masks matched words but for their first letter, look-alikes too', () => {
    const filter = createWordFilter([]);
    expect(filter.mask('well fuck this')).toBe('well f*** this');
    expect(filter.mask('what a sh1t day')).toBe('what a s*** day');
    expect(filter.matches('what a dick')).toBe(true);
  });

  it("leaves innocent words alone, by the dataset's own whitelist", () => {
    const filter = createWordFilter([]);
    expect(filter.matches('Scunthorpe United, an assessment of the class')).toBe(false);
    expect(filter.mask('hello there')).toBe('hello there');
  });

  it('lets through what the person allows, whatever its case, and nothing more', () => {
    expect(createWordFilter([]).matches('Dick Smith sells radios')).toBe(true);
    const filter = createWordFilter(['Dick Smith']);
    expect(filter.matches('dick smith sells radios')).toBe(false);
    expect(filter.mask('Dick Smith is a dick')).toBe('Dick Smith is a d***');
  });
});

describe('allow-list', () => {
  it('keeps one trimmed word or phrase per line, each once, bounded', () => {
    expect(parseAllowWords('  Dick  Smith \n\nScunthorpe\nScunthorpe\n' + 'x'.repeat(65))).toEqual([
      'Dick Smith',
      'Scunthorpe',
    ]);
    const many = Array.from({ length: 300 }, (_, index) => `word${index}`).join('\n');
    expect(parseAllowWords(many)).toHaveLength(200);
  });
});
