import { t } from '../../lib/i18n.ts';
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
      <span>{refused ? t('frame_notifications_refused') : t('frame_notifications_offer')}</span>
      <button type="button" class="small" onClick={allow}>
        {t('frame_notifications_allow')}
      </button>
    </p>
  );
}
