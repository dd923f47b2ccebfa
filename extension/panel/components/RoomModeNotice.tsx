import type { RoomMode } from '../../../protocol/index.ts';

export const READ_ONLY_WORDS = 'Read-only: a moderator paused this room';
/** Under the composer of a read-only room, where Send is off: what still works. */
export const READ_ONLY_COMPOSER = 'Sending is paused until the room opens again; your draft is kept.';

/** Issue #14: what the room's mode means for the person, said above the composer. */
export function roomModeWords(mode: RoomMode): string {
  if (mode.readOnly) return READ_ONLY_WORDS;
  const busy = mode.auto ? ', switched on because the room is busy' : '';
  return `Slow mode: one message every ${mode.slowModeSeconds} s${busy}`;
}

export function RoomModeNotice({ mode }: { mode: RoomMode | null }) {
  if (mode === null) return null;
  return (
    <p class={mode.readOnly ? 'room-mode read-only' : 'room-mode'} role="status" data-testid="room-mode">
      {roomModeWords(mode)}
    </p>
  );
}
