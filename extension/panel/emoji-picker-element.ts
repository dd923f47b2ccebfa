/**
 * The full emoji picker, emoji-picker-element: imported only by EmojiPicker's dynamic
 * `import()`, so it is a chunk of its own that a panel loads when someone opens the picker,
 * not part of the panel's first load (docs/performance.md has both sizes).
 */
import Picker from 'emoji-picker-element/picker.js';

/** A picker element that reads its emoji from `dataSource` (the extension's copy). */
export function createPicker(dataSource: string): Picker {
  return new Picker({ dataSource, locale: 'en' });
}
