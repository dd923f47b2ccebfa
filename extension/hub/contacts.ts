/**
 * The people this person wrote to in DMs, for `privacy:set`'s `contacts` (issue #14): whom the
 * `replied` setting lets in. Taken from the DMs kept on this device (dm-archive.ts), so it
 * follows what the person did here and nothing else: newest conversation first, each person
 * once, at most CONTACTS_MAX. Each is named by their id in the conversation's room, and "wrote"
 * is a DM from one of this person's own ids (own-ids.ts), which differ from room to room.
 */
import { browser } from 'wxt/browser';
import { CONTACTS_MAX, type UserId } from '../../protocol/index.ts';
import { asMessages, INDEX, PREFIX } from './dm-archive.ts';

export async function writtenTo(isOwn: (id: UserId) => boolean, max = CONTACTS_MAX): Promise<UserId[]> {
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
      if (isOwn(envelope.from.id) && envelope.to !== undefined) people.add(envelope.to);
    }
    if (people.size >= max) break;
  }
  return [...people].slice(0, max);
}
