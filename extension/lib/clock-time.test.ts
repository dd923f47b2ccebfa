import { expect, it } from 'vitest';
import { clockTime, shortTime } from './clock-time.ts';

it('shows hours and minutes with leading zeros', () => {
  expect(clockTime(new Date(2025, 0, 1, 7, 5, 59).getTime())).toBe('07:05');
  expect(clockTime(new Date(2025, 0, 1, 23, 40).getTime())).toBe('23:40');
});

it("says a conversation's last time as the clock today, Yesterday, then a short date", () => {
  const now = new Date(2025, 5, 10, 9, 0).getTime();
  expect(shortTime(new Date(2025, 5, 10, 8, 3).getTime(), now)).toBe('08:03');
  expect(shortTime(new Date(2025, 5, 9, 23, 59).getTime(), now)).toBe('Yesterday');
  const earlier = shortTime(new Date(2025, 4, 2, 12).getTime(), now);
  expect(earlier).toMatch(/2/);
  expect(earlier).not.toMatch(/2025/);
  expect(shortTime(new Date(2024, 4, 2, 12).getTime(), now)).toMatch(/2024/);
});
