/**
 * The full emoji picker, emoji-picker-element: imported only by EmojiPicker's dynamic
 * `import()`, so it is a chunk of its own that a panel loads when someone opens the picker,
 * not part of the panel's first load (docs/performance.md has both sizes).
 */
import Picker from 'emoji-picker-element/picker.js';
import type { PickerConstructorOptions } from 'emoji-picker-element/shared.js';
import { MemoryEmojiDatabase } from './emoji-memory-database.ts';

const LOCALE = 'en';

/**
 * A picker element that reads its emoji from `dataSource` (the extension's copy), held in
 * memory: the in-page panel has no IndexedDB (emoji-memory-database.ts). The picker takes a
 * `database` option although its typings do not list it.
 */
export function createPicker(dataSource: string): Picker {
  const options: PickerConstructorOptions & { database: MemoryEmojiDatabase } = {
    dataSource,
    locale: LOCALE,
    database: new MemoryEmojiDatabase(dataSource, LOCALE),
  };
  return new Picker(options);
}
