/**
 * Notifications (issue #13), opt-in: only once the person granted the optional `notifications`
 * permission (asked on their click: lib/notifications-permission.ts), with `notifyDms` on and
 * `doNotDisturb` off, for a DM from the other person or a mention, never for what a panel shows.
 * What they say (a name and a line) is made and shown in this browser only. The browser's API
 * sits behind a seam the tests replace.
 */
import { browser } from 'wxt/browser';
import type { RoomKey } from '../../protocol/index.ts';
import { notificationsAllowed } from '../lib/notifications-permission.ts';
import { readSwitch } from '../lib/storage-keys.ts';

/** What a click on a notification opens. */
export type NotificationTarget = { kind: 'conversation'; key: string; room: RoomKey } | { kind: 'room'; room: RoomKey };

export interface NotificationSurface {
  /** The person granted the permission (it can be taken back at any time in the browser). */
  permitted(): Promise<boolean>;
  show(id: string, title: string, message: string): Promise<void>;
}

const ID_PREFIX = 'samepage:';

/** One notification per conversation or room: a newer one replaces the one before. */
export function notificationId(target: NotificationTarget): string {
  return target.kind === 'conversation'
    ? `${ID_PREFIX}dm:${target.room}:${target.key}`
    : `${ID_PREFIX}room:${target.room}`;
}

/** The target of a clicked notification, or null for an id this extension did not make. */
export function targetOf(id: string): NotificationTarget | null {
  const dm = /^samepage:dm:([^:]+):(.+)$/.exec(id);
  if (dm?.[1] && dm[2]) return { kind: 'conversation', room: dm[1], key: dm[2] };
  const room = /^samepage:room:([^:]+)$/.exec(id);
  return room?.[1] ? { kind: 'room', room: room[1] } : null;
}

export function browserNotifications(): NotificationSurface {
  return {
    permitted: notificationsAllowed,
    async show(id, title, message) {
      // Without the permission the API is absent.
      await browser.notifications
        ?.create(id, {
          type: 'basic',
          iconUrl: browser.runtime.getURL('/icon/128.png'),
          title,
          message,
        })
        .catch(() => undefined);
    },
  };
}

export class Notifier {
  constructor(private readonly surface: NotificationSurface) {}

  /** Shows the notification if the person wants them now; true when shown. */
  async notify(target: NotificationTarget, title: string, message: string): Promise<boolean> {
    const [permitted, wanted, quiet] = await Promise.all([
      this.surface.permitted(),
      readSwitch('notifyDms'),
      readSwitch('doNotDisturb'),
    ]);
    if (!permitted || !wanted || quiet) return false;
    await this.surface.show(notificationId(target), title, message);
    return true;
  }
}
