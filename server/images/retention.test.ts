/** Which images go: past the age first, then the oldest until the rest fits the size bound. */
import { describe, expect, it } from 'vitest';
import { overdue } from './retention.ts';

const image = (id: string, at: number, bytes = 100) => ({ id, at, bytes, thumbBytes: 10 });

describe('overdue', () => {
  it('lets go of the images older than the age, and only those while the rest fits', () => {
    const images = [image('b', 500), image('a', 100), image('c', 900)];
    expect(overdue(images, { maxAgeMs: 450, maxBytes: Infinity }, 1000).sort()).toEqual(['a', 'b']);
    expect(overdue(images, { maxAgeMs: 900, maxBytes: Infinity }, 1000)).toEqual([]);
  });

  it('lets go of the oldest first until what is kept (both encodings) fits the size bound', () => {
    const images = [image('new', 300), image('old', 100), image('mid', 200)];
    expect(overdue(images, { maxAgeMs: Infinity, maxBytes: 330 }, 400)).toEqual([]);
    expect(overdue(images, { maxAgeMs: Infinity, maxBytes: 329 }, 400)).toEqual(['old']);
    expect(overdue(images, { maxAgeMs: Infinity, maxBytes: 110 }, 400)).toEqual(['old', 'mid']);
    expect(overdue(images, { maxAgeMs: Infinity, maxBytes: 109 }, 400)).toEqual(['old', 'mid', 'new']);
  });
});
