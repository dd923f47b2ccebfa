/**
 * "What's new" after an update (issue #17): when the browser updates the extension, the service
 * worker marks the new version's notes unseen; the first panel to open takes the mark and shows
 * them, so they show once across all tabs. A fresh install marks nothing: a new person has no
 * earlier version to compare with. The notes are this build's (locales/<lang>/whatsnew.json,
 * rewritten for each release: docs/releasing.md).
 */
import { browser } from 'wxt/browser';
import type { MessageKey } from './i18n.ts';
import { readStored, removeStored, StorageKeys, writeStored } from './storage-keys.ts';

/** The lines the notice shows, in order: a release rewrites their messages (and this list, for more or fewer). */
export const WHATS_NEW_NOTES = [
  'whatsnew_note_languages',
  'whatsnew_note_stores',
  'whatsnew_note_relays',
] as const satisfies readonly MessageKey[];

const runningVersion = (): string => browser.runtime.getManifest().version;

/**
 * From the service worker's start: marks the running version's notes unseen after an update to
 * it (not after a reload of the same version, nor the browser's own update).
 */
export function markUpdates(): void {
  browser.runtime.onInstalled.addListener(async ({ reason, previousVersion }) => {
    const version = runningVersion();
    if (reason === 'update' && previousVersion !== version) await writeStored(StorageKeys.whatsNew, version);
  });
}

/**
 * The version to announce, or null when there is none; the mark goes at once, so a panel opened
 * next (in this tab or another) does not show it again. A mark left from an earlier version
 * announces nothing: the notes this build carries are not that version's.
 */
export async function takeWhatsNew(): Promise<string | null> {
  const version = await readStored(StorageKeys.whatsNew);
  if (version === undefined) return null;
  await removeStored(StorageKeys.whatsNew);
  return version === runningVersion() ? version : null;
}
