import { expect, it } from 'vitest';
import { dayLabel } from './clock-time.ts';
import { placeMessages } from './message-groups.ts';

const NOW = new Date(2025, 4, 6, 15, 0).getTime();
const at = (day: number, hours: number, minutes = 0): number => new Date(2025, 4, day, hours, minutes).getTime();

it('names today, yesterday, and other days by their date, with the year only when it is another', () => {
  expect(dayLabel(at(6, 0, 1), NOW)).toBe('Today');
  expect(dayLabel(at(5, 23, 59), NOW)).toBe('Yesterday');
  const earlier = dayLabel(at(3, 12), NOW);
  expect(earlier).toMatch(/3/);
  expect(earlier).not.toMatch(/2025/);
  expect(dayLabel(new Date(2024, 11, 31, 12).getTime(), NOW)).toMatch(/2024/);
});

it('groups one author within five minutes, and starts again for another author, a gap or a new day', () => {
  const placed = placeMessages(
    [
      { author: 'bob', at: at(5, 23, 50) },
      { author: 'bob', at: at(5, 23, 54) },
      { author: 'bob', at: at(6, 0, 1) },
      { author: 'bob', at: at(6, 0, 6) },
      { author: 'alice', at: at(6, 0, 7) },
      { author: 'bob', at: at(6, 0, 8) },
      { author: 'bob', at: at(6, 0, 14) },
    ],
    NOW,
  );
  expect(placed).toEqual([
    { day: 'Yesterday', continued: false },
    { day: null, continued: true },
    { day: 'Today', continued: false },
    { day: null, continued: true },
    { day: null, continued: false },
    { day: null, continued: false },
    { day: null, continued: false },
  ]);
});
