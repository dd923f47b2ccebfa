import type { DmDeliveryState } from '../../lib/domain.ts';

const MARKS: Record<DmDeliveryState, string> = { sent: '✓', waiting: '◷', delivered: '✓✓' };

/** Issue #15: the small mark after one's own DM: sent, waiting for the other one, delivered. */
export function DeliveryMark({ state, peerName }: { state: DmDeliveryState; peerName: string }) {
  const words: Record<DmDeliveryState, string> = {
    sent: `Sent: on its way to ${peerName}’s browser`,
    waiting: `Waiting for ${peerName} to come online`,
    delivered: 'Delivered',
  };
  const short: Record<DmDeliveryState, string> = { sent: 'Sent', waiting: 'Waiting', delivered: 'Delivered' };
  return (
    <span class={`delivery ${state}`} data-testid="message-delivery" title={words[state]}>
      <span aria-hidden="true">{MARKS[state]} </span>
      <span aria-hidden="true">{short[state]}</span>
      <span class="sr-only">{words[state]}</span>
    </span>
  );
}
