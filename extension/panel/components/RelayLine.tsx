import { t } from '../../lib/i18n.ts';
import { PrivacyLink } from '../../privacy/PrivacyLink.tsx';
import type { ConnectionModel } from '../models/connection.ts';

/** Issue #15: which relay everything goes through, and the page that says what it can see. */
export function RelayLine({ connection }: { connection: ConnectionModel }) {
  const host = connection.relayHost.value;
  const through = t('frame_relay_through');
  return (
    <p class="relay-line">
      {host !== null ? (
        <>
          <span class="sr-only">{through}: </span>
          <span aria-hidden="true">{t('frame_relay_label')} </span>
          <span class="relay-host" data-testid="relay-host" title={through}>
            {host}
          </span>
          <span aria-hidden="true"> · </span>
        </>
      ) : null}
      <PrivacyLink>{t('frame_privacy')}</PrivacyLink>
    </p>
  );
}
