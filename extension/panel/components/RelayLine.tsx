import { PrivacyLink } from '../../privacy/PrivacyLink.tsx';
import type { ConnectionModel } from '../models/connection.ts';

const THROUGH = 'Your messages go through this relay';

/** Issue #15: which relay everything goes through, and the page that says what it can see. */
export function RelayLine({ connection }: { connection: ConnectionModel }) {
  const host = connection.relayHost.value;
  return (
    <p class="relay-line">
      {host !== null ? (
        <>
          <span class="sr-only">{THROUGH}: </span>
          <span aria-hidden="true">Relay: </span>
          <span class="relay-host" data-testid="relay-host" title={THROUGH}>
            {host}
          </span>
          <span aria-hidden="true"> · </span>
        </>
      ) : null}
      <PrivacyLink>Privacy</PrivacyLink>
    </p>
  );
}
