/**
 * How a conversation's messages are laid out (issue #12, "Readable list"): a separator where a
 * new day begins, and a message that closely follows one of the same author under that
 * author's name instead of repeating it.
 */
import { dayLabel, dayStart } from './clock-time.ts';

/** Messages of one author further apart than this start a new group, under the name again. */
export const GROUP_GAP_MS = 5 * 60_000;

/** What the layout needs of a message: who sent it and when. */
export interface Placeable {
  author: string;
  at: number;
}

export interface Placement {
  /** The day to name in a separator before this message; null when it is the day of the one before. */
  day: string | null;
  /** True when the message continues its author's group: shown without the name. */
  continued: boolean;
}

/** The placement of each of `messages` (oldest first), with days relative to `now`. */
export function placeMessages(messages: readonly Placeable[], now: number): Placement[] {
  return messages.map((message, index) => {
    const previous = messages[index - 1];
    // Only a new day's label is formatted: a date other than today's or yesterday's loads ICU.
    const newDay = previous === undefined || dayStart(previous.at) !== dayStart(message.at);
    const continued =
      !newDay &&
      previous !== undefined &&
      previous.author === message.author &&
      message.at - previous.at <= GROUP_GAP_MS;
    return { day: newDay ? dayLabel(message.at, now) : null, continued };
  });
}
