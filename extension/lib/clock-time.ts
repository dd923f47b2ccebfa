import { locale, t } from './i18n.ts';

// A list formats the time of every message it shows: one formatter per shape and language.
const formatters = new Map<string, Intl.DateTimeFormat>();
function format(at: number, shape: string, options: Intl.DateTimeFormatOptions): string {
  const key = `${locale()} ${shape}`;
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new Intl.DateTimeFormat(locale(), options)));
  return formatter.format(at);
}

/** How the panel shows a message's time: hh:mm in the reader's time zone, 24-hour. */
export function clockTime(at: number): string {
  return format(at, 'clock', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** The full date and time, for a tooltip. */
export function fullTime(at: number): string {
  return format(at, 'full', { dateStyle: 'long', timeStyle: 'short' });
}

/** Midnight, local time, of the day of `at`. */
export const dayStart = (at: number): number => new Date(at).setHours(0, 0, 0, 0);

/** Today, yesterday, or another day; with whether that day is in this year. */
function dayOf(at: number, now: number): 'today' | 'yesterday' | { sameYear: boolean } {
  const day = dayStart(at);
  const today = dayStart(now);
  if (day === today) return 'today';
  // setDate rather than 24 h back: a day with a daylight-saving change is 23 or 25 hours long.
  const yesterday = new Date(today);
  yesterday.setDate(yesterday.getDate() - 1);
  if (day === yesterday.getTime()) return 'yesterday';
  return { sameYear: new Date(day).getFullYear() === new Date(today).getFullYear() };
}

/**
 * The day a message was sent, as its separator in the list says it: "Today", "Yesterday", or
 * the date (with the year only when it is not this year's). Days are the reader's local ones.
 */
export function dayLabel(at: number, now: number): string {
  const day = dayOf(at, now);
  if (day === 'today') return t('time_today');
  if (day === 'yesterday') return t('time_yesterday');
  return day.sameYear
    ? format(at, 'day', { weekday: 'long', day: 'numeric', month: 'long' })
    : format(at, 'day-year', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/**
 * When a conversation last moved, as a list of conversations says it: the clock time today,
 * "Yesterday", the day and month this year, else the date with its year.
 */
export function shortTime(at: number, now: number): string {
  const day = dayOf(at, now);
  if (day === 'today') return clockTime(at);
  if (day === 'yesterday') return t('time_yesterday');
  return day.sameYear
    ? format(at, 'short', { day: 'numeric', month: 'short' })
    : format(at, 'short-year', { day: 'numeric', month: 'short', year: 'numeric' });
}
