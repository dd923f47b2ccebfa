/**
 * What the panel shows of a DM conversation's encryption (issue #15): the open conversation's
 * trust (the hub's `dm:trust`: both keys, the safety number, verified or not, its notices),
 * asked again whenever the hub says it changed, and where each of this person's own DMs is
 * (`sent`, `waiting`, `delivered`): from the post's answer, the DM archive, and the hub's
 * `dm:delivered` pushes. Delivered is final: a late answer does not take it back.
 */
import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { MessagePostAnswer } from '../../../protocol/index.ts';
import type { DmDeliveryState, DmTrust } from '../../lib/domain.ts';
import { explainError } from '../../lib/explain-error.ts';
import { t } from '../../lib/i18n.ts';
import type { HubClient } from '../hub-client.ts';
import type { OpenConversation } from './dm.ts';

/** Delivery states remembered in a panel's life; a panel shows at most a few conversations. */
const DELIVERIES_MAX = 2000;

export interface DmSecurity {
  /** The open conversation's trust; null until the hub answered, or with no conversation open. */
  readonly trust: ReadonlySignal<DmTrust | null>;
  /** Why the latest verify was refused. */
  readonly problem: ReadonlySignal<string | null>;
  readonly deliveries: ReadonlySignal<ReadonlyMap<string, DmDeliveryState>>;
  /** Marks the open conversation verified or not, for the safety number shown. */
  setVerified(verified: boolean): Promise<void>;
  /** Delivery states the hub gave (a post's answer, the archive). */
  record(states: Readonly<Record<string, DmDeliveryState>>): void;
  /** A post's answer, on its way to the log: its delivery state is kept. */
  answered(answer: MessagePostAnswer): MessagePostAnswer;
  dispose(): void;
}

export function createDmSecurity(hub: HubClient, open: ReadonlySignal<OpenConversation | null>): DmSecurity {
  const trusts = signal<{ key: string; trust: DmTrust } | null>(null);
  const problem = signal<string | null>(null);
  const deliveries = signal<ReadonlyMap<string, DmDeliveryState>>(new Map());

  async function fetch(conversation: OpenConversation): Promise<void> {
    const { key, room, peer } = conversation;
    const trust = await hub.request('dm:trust', { key, room, peer: peer.id });
    if (open.peek()?.key === key) trusts.value = { key, trust };
  }

  function record(states: Readonly<Record<string, DmDeliveryState>>): void {
    const next = new Map(deliveries.peek());
    let changed = false;
    for (const [id, state] of Object.entries(states)) {
      if (next.get(id) === state || next.get(id) === 'delivered') continue;
      next.delete(id);
      next.set(id, state);
      changed = true;
    }
    if (!changed) return;
    while (next.size > DELIVERIES_MAX) next.delete(next.keys().next().value ?? '');
    deliveries.value = next;
  }

  const stops = [
    effect(() => {
      const conversation = open.value;
      problem.value = null;
      if (conversation !== null) void fetch(conversation);
    }),
    hub.on('dm:trust', ({ key }) => {
      const conversation = open.peek();
      if (conversation?.key === key) void fetch(conversation);
    }),
    hub.on('dm:delivered', ({ ids }) => record(Object.fromEntries(ids.map((id) => [id, 'delivered' as const])))),
  ];

  return {
    trust: computed(() => {
      const current = trusts.value;
      return current !== null && current.key === open.value?.key ? current.trust : null;
    }),
    problem,
    deliveries,
    async setVerified(verified) {
      const conversation = open.peek();
      const safetyNumber = trusts.peek()?.trust.safetyNumber;
      if (conversation === null || safetyNumber === null || safetyNumber === undefined) return;
      const { key, room, peer } = conversation;
      const answer = await hub.request('dm:verify', { key, room, peer: peer.id, safetyNumber, verified });
      // The hub refuses a verify only when the safety number changed since it was shown.
      problem.value = answer.ok
        ? null
        : answer.error.code === 'bad_request'
          ? t('model_verify_number_changed')
          : explainError(answer.error);
      await fetch(conversation);
    },
    record,
    answered(answer) {
      if (answer.ok && answer.delivery !== undefined) record({ [answer.message.id]: answer.delivery });
      return answer;
    },
    dispose() {
      for (const stop of stops) stop();
    },
  };
}
