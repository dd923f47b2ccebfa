import { expect, it } from 'vitest';
import { clockTime } from './clock-time.ts';

it('shows hours and minutes with leading zeros', () => {
  expect(clockTime(new Date(2025, 0, 1, 7, 5, 59).getTime())).toBe('07:05');
  expect(clockTime(new Date(2025, 0, 1, 23, 40).getTime())).toBe('23:40');
});
