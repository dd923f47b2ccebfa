import { t } from '../../lib/i18n.ts';
import type { ConnectionModel } from '../models/connection.ts';

/**
 * The state word stays exact (a test surface); the attempt or the reason goes beside it. A
 * reason is a sentence the person acts on ("try again in 4 min"), so it wraps rather than
 * being cut off.
 */
export function ConnectionStatus({ connection }: { connection: ConnectionModel }) {
  const state = connection.state.value;
  // Attempt 0 is the moment the link dropped, before any try: "attempt 0" read as a glitch.
  const attempt =
    state.status === 'reconnecting' && state.attempt > 0 ? t('frame_connection_attempt', state.attempt) : null;
  const detail = state.status === 'reconnecting' ? attempt : connection.reason.value;
  return (
    <div class={`connection ${state.status}`} role="status">
      <span class="dot" aria-hidden="true" />
      <span data-testid="connection">{state.status}</span>
      {detail !== null ? (
        <span class="connection-detail" data-testid="connection-detail">
          {detail}
        </span>
      ) : null}
      {state.status === 'offline' ? (
        <button type="button" class="small" onClick={() => connection.retry()}>
          {t('frame_connection_retry')}
        </button>
      ) : null}
    </div>
  );
}
