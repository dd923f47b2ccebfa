import { createContext } from 'preact';
import type { ReadonlySignal } from '@preact/signals';
import type { DmDeliveryState } from '../../lib/domain.ts';

/**
 * Issue #15: where this person's own DMs are, for the messages of the open conversation: by
 * message id, and the other person's name for the words. Absent outside a DM view.
 */
export interface DeliveryShown {
  states: ReadonlySignal<ReadonlyMap<string, DmDeliveryState>>;
  peerName: string;
}

export const DeliveryContext = createContext<DeliveryShown | null>(null);
