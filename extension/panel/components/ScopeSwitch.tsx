import { t } from '../../lib/i18n.ts';
import type { PageContext } from '../../lib/domain.ts';
import type { RoomModel, Scope } from '../models/room.ts';

const SCOPES: readonly { scope: Scope; label: () => string }[] = [
  { scope: 'page', label: () => t('frame_scope_page') },
  { scope: 'site', label: () => t('frame_scope_site') },
];

/** Chat with this page's visitors or with the whole site's. */
export function ScopeSwitch({ room, context }: { room: RoomModel; context: PageContext & { status: 'ok' } }) {
  const current = room.scope.value;
  return (
    <div class="scope" role="group" aria-label={t('frame_scope_label')}>
      {SCOPES.map(({ scope, label }) => (
        <button
          key={scope}
          type="button"
          aria-pressed={scope === current}
          title={t('frame_scope_title', context[scope].label)}
          onClick={() => room.setScope(scope)}
        >
          {label()}
        </button>
      ))}
    </div>
  );
}
