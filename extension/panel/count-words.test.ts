import { describe, expect, it } from 'vitest';
import { countOf } from './count-words.ts';

describe('countOf', () => {
  it('says one thing in the singular and every other count in the plural', () => {
    expect(countOf(1, 'character', 'characters')).toBe('1 character');
    expect(countOf(0, 'character', 'characters')).toBe('0 characters');
    expect(countOf(2, 'character', 'characters')).toBe('2 characters');
    expect(countOf(21, 'character', 'characters')).toBe('21 characters');
  });
});
