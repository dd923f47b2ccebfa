/**
 * A room's mode as clients are told it (issue #14, docs/protocol.md "Moderation and
 * consent"): what the store keeps is the operator's settings and the relay's own automatic
 * slow mode with its end; what applies is the slower of the two, and read-only.
 */
import type { RoomMode } from '../../protocol/index.ts';
import type { StoredRoomMode } from '../stores/types.ts';

/** Whether the automatic slow mode is on at `now`. */
export const autoActive = (stored: StoredRoomMode, now: number): boolean =>
  stored.autoUntil !== undefined && stored.autoUntil > now && (stored.autoSeconds ?? 0) > 0;

/** The mode that applies at `now`. */
export function modeOf(stored: StoredRoomMode, now: number): RoomMode {
  const auto = autoActive(stored, now) ? (stored.autoSeconds ?? 0) : 0;
  const slowModeSeconds = Math.max(stored.slowModeSeconds, auto);
  return {
    slowModeSeconds,
    readOnly: stored.readOnly,
    ...(auto > stored.slowModeSeconds ? { auto: true } : {}),
  };
}

/** Whether `mode` is the default one, which a join answer leaves out. */
export const isDefault = (mode: RoomMode): boolean => mode.slowModeSeconds === 0 && !mode.readOnly;
