import { useEffect, useState } from 'preact/hooks';
import { notificationsPermission, type NotificationsPermission } from '../../lib/notifications-permission.ts';

/**
 * In the Messages view, until notifications are allowed: the person's click asks the browser
 * (the request has to come from that click), and the offer goes once they are allowed.
 */
export function NotificationsOffer({ permission = notificationsPermission }: { permission?: NotificationsPermission }) {
  const [allowed, setAllowed] = useState<boolean | null>(null);
  const [refused, setRefused] = useState(false);

  useEffect(() => {
    void permission.allowed().then(setAllowed);
    permission.onChange(() => void permission.allowed().then(setAllowed));
  }, [permission]);

  if (allowed !== false) return null;

  function allow(): void {
    void permission.request().then((granted) => {
      setAllowed(granted);
      setRefused(!granted);
    });
  }

  return (
    <p class="notifications-offer" data-testid="notifications-offer">
      <span>
        {refused
          ? 'The browser did not allow notifications.'
          : 'Be told of a DM or a mention while samepage is closed.'}
      </span>
      <button type="button" class="small" onClick={allow}>
        Allow notifications
      </button>
    </p>
  );
}
