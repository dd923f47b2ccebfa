import type { ConnectionModel } from '../models/connection.ts';

/** The state word stays exact (a test surface); the attempt or the reason goes beside it. */
export function ConnectionStatus({ connection }: { connection: ConnectionModel }) {
  const state = connection.state.value;
  const detail =
    state.status === 'reconnecting' ? `attempt ${state.attempt}` : state.status === 'offline' ? state.reason : null;
  return (
    <div class={`connection ${state.status}`} role="status">
      <span class="dot" aria-hidden="true" />
      <span data-testid="connection">{state.status}</span>
      {detail !== null ? (
        <span class="connection-detail" title={detail}>
          {detail}
        </span>
      ) : null}
      {state.status === 'offline' ? (
        <button type="button" class="small" onClick={() => connection.retry()}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
