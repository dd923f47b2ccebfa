/**
 * What every history store does alike with its two lanes (types.ts, `HistoryLane`): how much
 * of a join's history newcomers may fill, and merging the lanes back into one id order.
 */
import type { StoredMessage } from '../chat/stored-message.ts';
import type { HistoryPage, HistoryQuery } from './types.ts';

/** How many of `limit` recent messages may come from the newcomer lane: a fifth, rounded down. */
export const newcomerShare = (limit: number): number => Math.floor(limit / 5);

/** The last `count` of a list (none for 0, where `slice(-0)` would give them all). */
export const newest = <T>(list: T[], count: number): T[] => (count <= 0 ? [] : list.slice(-count));

/** Two lists sorted by id, as one. */
export function mergeById(a: StoredMessage[], b: StoredMessage[]): StoredMessage[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const merged: StoredMessage[] = [];
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    const [x, y] = [a[i], b[j]];
    if (x !== undefined && (y === undefined || x.id < y.id)) {
      merged.push(x);
      i++;
    } else if (y !== undefined) {
      merged.push(y);
      j++;
    }
  }
  return merged;
}

/** A join's history from each lane's newest (`newcomers` at most `newcomerShare(limit)`), in id order. */
export function recentOf(trusted: StoredMessage[], newcomers: StoredMessage[], limit: number): StoredMessage[] {
  const fromNewcomers = newest(newcomers, newcomerShare(limit));
  return mergeById(newest(trusted, limit - fromNewcomers.length), fromNewcomers);
}

/**
 * A page out of each lane's candidates for it, oldest first: with `after`, each lane's oldest
 * `limit + 1` newer than it; otherwise each lane's newest `limit + 1` older than `before`.
 * The extra one tells whether there is more.
 */
export function pageOf(
  trusted: StoredMessage[],
  newcomers: StoredMessage[],
  { after, limit }: HistoryQuery,
): HistoryPage {
  const merged = mergeById(trusted, newcomers);
  const messages = after === undefined ? newest(merged, limit) : merged.slice(0, limit);
  return { messages, hasMore: merged.length > limit };
}
