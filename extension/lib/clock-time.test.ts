import { describe, expect, it } from 'vitest';
import { useLocale } from '../testing/locale.ts';
import { clockTime, dayLabel, fullTime, shortTime } from './clock-time.ts';

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

describe('in the language of the messages, not the browser’s', () => {
  const now = new Date(2025, 4, 6, 15, 0).getTime();
  const saturday = new Date(2025, 4, 3, 12).getTime();

  it('German: Heute, Gestern, German day and month names', () => {
    useLocale('de');
    expect(dayLabel(new Date(2025, 4, 6, 8).getTime(), now)).toBe('Heute');
    expect(dayLabel(new Date(2025, 4, 5, 8).getTime(), now)).toBe('Gestern');
    expect(shortTime(new Date(2025, 4, 5, 8).getTime(), now)).toBe('Gestern');
    expect(dayLabel(saturday, now)).toBe('Samstag, 3. Mai');
    expect(shortTime(new Date(2024, 4, 3, 12).getTime(), now)).toMatch(/^3\. Mai 2024$/);
    expect(fullTime(saturday)).toMatch(/3\. Mai 2025/);
    expect(clockTime(new Date(2025, 0, 1, 7, 5).getTime())).toBe('07:05');
  });

  it('Arabic: اليوم, أمس, Arabic day and month names', () => {
    useLocale('ar');
    expect(dayLabel(new Date(2025, 4, 6, 8).getTime(), now)).toBe('اليوم');
    expect(dayLabel(new Date(2025, 4, 5, 8).getTime(), now)).toBe('أمس');
    const day = dayLabel(saturday, now);
    expect(day).toBe(
      new Intl.DateTimeFormat('ar', { weekday: 'long', day: 'numeric', month: 'long' }).format(saturday),
    );
    expect(day).toContain('السبت');
    expect(day).toContain('مايو');
    expect(shortTime(saturday, now)).toContain('مايو');
  });
});
