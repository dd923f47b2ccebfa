import type { DmDeliveryState } from '../../lib/domain.ts';
import { t } from '../../lib/i18n.ts';

const MARKS: Record<DmDeliveryState, string> = { sent: '✓', waiting: '◷', delivered: '✓✓' };

/** Issue #15: the small mark after one's own DM: sent, waiting for the other one, delivered. */
export function DeliveryMark({ state, peerName }: { state: DmDeliveryState; peerName: string }) {
  const words: Record<DmDeliveryState, string> = {
    sent: t('notice_delivery_sent_label', peerName),
    waiting: t('notice_delivery_waiting_label', peerName),
    delivered: t('notice_delivery_delivered'),
  };
  const short: Record<DmDeliveryState, string> = {
    sent: t('notice_delivery_sent'),
    waiting: t('notice_delivery_waiting'),
    delivered: t('notice_delivery_delivered'),
  };
  return (
    <span class={`delivery ${state}`} data-testid="message-delivery" title={words[state]}>
      <span aria-hidden="true">{MARKS[state]} </span>
      <span aria-hidden="true">{short[state]}</span>
      <span class="sr-only">{words[state]}</span>
    </span>
  );
}
