import type { PageContext } from '../../lib/domain.ts';
import type { RoomModel, Scope } from '../models/room.ts';

const SCOPES: readonly { scope: Scope; label: string }[] = [
  { scope: 'page', label: 'Page' },
  { scope: 'site', label: 'Site' },
];

/** Chat with this page's visitors or with the whole site's. */
export function ScopeSwitch({ room, context }: { room: RoomModel; context: PageContext & { status: 'ok' } }) {
  const current = room.scope.value;
  return (
    <div class="scope" role="group" aria-label="Room">
      {SCOPES.map(({ scope, label }) => (
        <button
          key={scope}
          type="button"
          aria-pressed={scope === current}
          title={`Everyone on ${context[scope].label}`}
          onClick={() => room.setScope(scope)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
