import type { RoomMode } from '../../../protocol/index.ts';
import { t } from '../../lib/i18n.ts';

/** Under the composer of a read-only room, where Send is off: what still works. */
export const readOnlyComposer = (): string => t('notice_read_only_composer');

/** Issue #14: what the room's mode means for the person, said above the composer. */
export function roomModeWords(mode: RoomMode): string {
  if (mode.readOnly) return t('notice_read_only');
  return t(mode.auto ? 'notice_slow_mode_auto' : 'notice_slow_mode', mode.slowModeSeconds);
}

export function RoomModeNotice({ mode }: { mode: RoomMode | null }) {
  if (mode === null) return null;
  return (
    <p class={mode.readOnly ? 'room-mode read-only' : 'room-mode'} role="status" data-testid="room-mode">
      {roomModeWords(mode)}
    </p>
  );
}
