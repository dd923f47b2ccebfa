import { plural, t } from './i18n.ts';

/**
 * A wait as a person reads it: seconds under a minute, whole minutes from there on. Both round
 * up, so "try again in 4 min" never sends anyone back before the relay will let them in.
 */

const MINUTE_MS = 60_000;

/** "8 s", "4 min": for a sentence that says when to try again. */
export function shortWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds < 60
    ? t('notice_wait_short_seconds', seconds)
    : t('notice_wait_short_minutes', Math.ceil(ms / MINUTE_MS));
}

/** "40 seconds", "1 minute", "9 minutes": for a notice that reads as prose. */
export function longWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds < 60
    ? plural('notice_wait_seconds', seconds)
    : plural('notice_wait_minutes', Math.ceil(ms / MINUTE_MS));
}
