/**
 * The people this person wrote to in DMs, for `privacy:set`'s `contacts` (issue #14): whom the
 * `replied` setting lets in. Taken from the DMs kept on this device (dm-archive.ts), so it
 * follows what the person did here and nothing else: newest conversation first, each person
 * once, at most CONTACTS_MAX.
 */
import { browser } from 'wxt/browser';
import { CONTACTS_MAX, type UserId } from '../../protocol/index.ts';
import { asMessages, INDEX, PREFIX } from './dm-archive.ts';

export async function writtenTo(self: UserId, max = CONTACTS_MAX): Promise<UserId[]> {
  const { [INDEX]: stored } = await browser.storage.local.get(INDEX);
  const index = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const newest = Object.entries(index)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .sort((a, b) => b[1] - a[1])
    .map(([key]) => PREFIX + key);
  if (newest.length === 0) return [];
  const kept = await browser.storage.local.get(newest);
  const people = new Set<UserId>();
  for (const key of newest) {
    for (const envelope of asMessages(kept[key])) {
      if (envelope.from.id === self && envelope.to !== undefined) people.add(envelope.to);
    }
    if (people.size >= max) break;
  }
  return [...people].slice(0, max);
}
