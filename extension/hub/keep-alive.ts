/**
 * Staying reachable (issue #13). Chrome stops an idle service worker after 30 s; the relay's
 * ping every 25 s counts as activity and keeps a connected worker running (NOTES.md), but a
 * worker stopped anyway (an update, a long sleep, a network change) would stay stopped with no
 * panel to wake it. This alarm wakes it about every minute, and a woken worker connects again
 * (Hub.idle). With `stayConnected` off there is no alarm.
 */
import { browser } from 'wxt/browser';

export const KEEP_ALIVE_ALARM = 'samepage:keep-alive';
const PERIOD_MINUTES = 1;

/** Starts or stops the alarm to match the setting. */
export async function keepAlive(on: boolean): Promise<void> {
  if (!browser.alarms) return;
  if (!on) {
    await browser.alarms.clear(KEEP_ALIVE_ALARM);
    return;
  }
  // Re-creating an alarm that exists would push its next wake-up back: left as it is.
  if (await browser.alarms.get(KEEP_ALIVE_ALARM)) return;
  await browser.alarms.create(KEEP_ALIVE_ALARM, { periodInMinutes: PERIOD_MINUTES });
}
