/** How the panel shows a message's time: hh:mm in the reader's time zone, 24-hour. */
export function clockTime(at: number): string {
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** The full date and time, for a tooltip. */
export function fullTime(at: number): string {
  return new Date(at).toLocaleString();
}

/** Midnight, local time, of the day of `at`. */
export const dayStart = (at: number): number => new Date(at).setHours(0, 0, 0, 0);

/**
 * The day a message was sent, as its separator in the list says it: "Today", "Yesterday", or
 * the date (with the year only when it is not this year's). Days are the reader's local ones.
 */
export function dayLabel(at: number, now: number): string {
  const day = dayStart(at);
  const today = dayStart(now);
  if (day === today) return 'Today';
  // setDate rather than 24 h back: a day with a daylight-saving change is 23 or 25 hours long.
  const yesterday = new Date(today);
  yesterday.setDate(yesterday.getDate() - 1);
  if (day === yesterday.getTime()) return 'Yesterday';
  const sameYear = new Date(day).getFullYear() === new Date(today).getFullYear();
  return new Date(day).toLocaleDateString(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

/**
 * When a conversation last moved, as a list of conversations says it: the clock time today,
 * "Yesterday", the day and month this year, else the date with its year.
 */
export function shortTime(at: number, now: number): string {
  const day = dayStart(at);
  const today = dayStart(now);
  if (day === today) return clockTime(at);
  const yesterday = new Date(today);
  yesterday.setDate(yesterday.getDate() - 1);
  if (day === yesterday.getTime()) return 'Yesterday';
  const sameYear = new Date(day).getFullYear() === new Date(today).getFullYear();
  return new Date(day).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}
