/**
 * What the toolbar badge says (issue #13), computed from counts alone so it is tested without a
 * browser: everywhere, the unread DMs plus the unread mentions; on the tab of a panel that
 * watches a room without showing it (collapsed, hidden, or in a DM), also that room's unread
 * messages, each message counted once.
 */
import type { RoomKey } from '../../protocol/index.ts';

/** A watched room's messages not yet shown, and how many of them mention this person. */
export interface RoomCount {
  unread: number;
  mentions: number;
}

export interface BadgeInput {
  /** The inbox's unread messages, all conversations together. */
  dmUnread: number;
  rooms: ReadonlyMap<RoomKey, RoomCount>;
  /** Each tab whose panel watches rooms without showing them, with those rooms. */
  tabs: ReadonlyMap<number, readonly RoomKey[]>;
}

export interface BadgeTexts {
  global: string;
  /** Per tab; a tab not listed shows `global`. */
  tabs: Map<number, string>;
}

/** A count as the badge shows it: nothing at 0, and at most three characters. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}

export function badgeTexts({ dmUnread, rooms, tabs }: BadgeInput): BadgeTexts {
  let mentions = 0;
  for (const count of rooms.values()) mentions += count.mentions;
  const global = dmUnread + mentions;
  const perTab = new Map<number, string>();
  for (const [tabId, watched] of tabs) {
    let extra = 0;
    for (const room of new Set(watched)) {
      const count = rooms.get(room);
      // Its mentions are in the global count already: only the rest of the room's messages add.
      if (count) extra += count.unread - count.mentions;
    }
    perTab.set(tabId, badgeText(global + extra));
  }
  return { global: badgeText(global), tabs: perTab };
}
