/**
 * The viewer's word filter in the panel (issue #14): the level and allow-list from the options
 * page, followed as they change. The matcher (lib/word-filter.ts, with its dataset) is loaded
 * only once the level is not `off`, so a panel without the filter does not carry it. Until it
 * has loaded, texts show as they are. It applies to what others wrote only, never to the composer.
 */
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { t } from '../../lib/i18n.ts';
import { readStored, StorageKeys, type WordFilterLevel } from '../../lib/storage-keys.ts';
import type { WordFilter } from '../../lib/word-filter.ts';

const level = signal<WordFilterLevel>('off');
const filter = signal<WordFilter | null>(null);

// The browser's language is fixed for the page's life: read once, as the panel loads.
export const HIDDEN_WORDS = t('model_hidden_words');

/** A message's text as shown: masked at `mild` and `strict` (where the whole is hidden first, see hiddenByFilter). */
export function filtered(text: string): string {
  const active = filter.value;
  return level.value === 'off' || active === null ? text : active.mask(text);
}

/** At `strict`, a text with a matched word is hidden behind a Show button. */
export function hiddenByFilter(text: string): boolean {
  const active = filter.value;
  return level.value === 'strict' && active !== null && active.matches(text);
}

/** One line (a reply's snippet, the Messages list's last line): masked, or at `strict` replaced. */
export function filteredLine(text: string): string {
  return hiddenByFilter(text) ? HIDDEN_WORDS : filtered(text);
}

async function load(): Promise<void> {
  const [stored, allow] = await Promise.all([readStored(StorageKeys.wordFilter), readStored(StorageKeys.allowWords)]);
  const next = stored ?? 'off';
  if (next === 'off') {
    level.value = next;
    filter.value = null;
    return;
  }
  const { createWordFilter } = await import('../../lib/word-filter.ts');
  filter.value = createWordFilter(allow ?? []);
  level.value = next;
}

/** Reads the settings and follows their changes; resolves once the first read is applied. */
export function startWordFilter(): { ready: Promise<void>; stop(): void } {
  const changed = (changes: Record<string, unknown>, area: string): void => {
    if (area === 'local' && (StorageKeys.wordFilter in changes || StorageKeys.allowWords in changes)) void load();
  };
  browser.storage.onChanged.addListener(changed);
  return { ready: load().catch(() => undefined), stop: () => browser.storage.onChanged.removeListener(changed) };
}
