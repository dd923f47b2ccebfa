import { useState } from 'preact/hooks';
import './consent.css';
import type { Member } from '../../../protocol/index.ts';
import { block } from '../../lib/safety-lists.ts';
import type { InboxModel } from '../models/inbox.ts';
import { t } from '../../lib/i18n.ts';

interface Props {
  inbox: InboxModel;
  /** The request's conversation key. */
  conversationKey: string;
  peer: Member;
  /** After Decline or Block: the request is gone (a view of it goes back). */
  onGone?: () => void;
  /** Read by a screen reader with each button, where several requests are listed. */
  named?: boolean;
}

/**
 * Issue #14: what a message request asks: Accept (it becomes a conversation), Decline (it goes,
 * the sender is told nothing) or Block (the person is blocked, then it is declined).
 */
export function RequestActions({ inbox, conversationKey, peer, onGone, named = false }: Props) {
  const [busy, setBusy] = useState(false);
  const act = (work: () => Promise<void>, gone: boolean) => async (): Promise<void> => {
    setBusy(true);
    try {
      await work();
      if (gone) onGone?.();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      class="request-actions"
      role="group"
      aria-label={named ? t('dm_request_group_from', peer.name) : t('dm_request_group')}
    >
      <button
        type="button"
        class="small primary"
        data-testid="dm-accept"
        aria-label={named ? t('dm_request_accept_from', peer.name) : t('dm_request_accept')}
        disabled={busy}
        onClick={act(() => inbox.accept(conversationKey), false)}
      >
        {t('dm_request_accept')}
      </button>
      <button
        type="button"
        class="small"
        data-testid="dm-decline"
        aria-label={named ? t('dm_request_decline_from', peer.name) : t('dm_request_decline')}
        disabled={busy}
        onClick={act(() => inbox.decline(conversationKey), true)}
      >
        {t('dm_request_decline')}
      </button>
      <button
        type="button"
        class="small danger"
        data-testid="dm-request-block"
        aria-label={t('dm_request_block_person', peer.name)}
        disabled={busy}
        onClick={act(async () => {
          await block(peer);
          await inbox.decline(conversationKey);
        }, true)}
      >
        {t('dm_request_block')}
      </button>
    </div>
  );
}
