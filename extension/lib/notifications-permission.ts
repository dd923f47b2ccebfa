/**
 * The `notifications` permission (issue #13): optional in the manifest, never asked at install,
 * asked for only when the person clicks "Allow notifications" (options page, panel). The browser
 * shows its prompt only for a request made inside that click, so `requestNotifications` must be
 * the first thing the click handler calls, before any await.
 */
import { browser } from 'wxt/browser';

const NOTIFICATIONS = { permissions: ['notifications'] as const };

export interface NotificationsPermission {
  allowed(): Promise<boolean>;
  /** Asks the browser; resolves true when granted. Call it from the person's click. */
  request(): Promise<boolean>;
  /** Calls `listener` when the permission is granted or taken back (here or in the browser's settings). */
  onChange(listener: () => void): void;
}

/** Where the permissions API is missing (a browser without it, a test), notifications are not allowed. */
export async function notificationsAllowed(): Promise<boolean> {
  try {
    return await browser.permissions.contains({ permissions: [...NOTIFICATIONS.permissions] });
  } catch {
    return false;
  }
}

export async function requestNotifications(): Promise<boolean> {
  try {
    return await browser.permissions.request({ permissions: [...NOTIFICATIONS.permissions] });
  } catch {
    return false;
  }
}

export const notificationsPermission: NotificationsPermission = {
  allowed: notificationsAllowed,
  request: requestNotifications,
  onChange(listener) {
    try {
      browser.permissions.onAdded.addListener(listener);
      browser.permissions.onRemoved.addListener(listener);
    } catch {
      // No permission events here: the state shown is the one read at load.
    }
  },
};
