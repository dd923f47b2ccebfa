/**
 * The emoji picker's data, bundled: wxt.config.ts writes it into the build from
 * emoji-picker-element-data, so the picker reads it from the extension and never from a CDN
 * (issue #12). English only, like the rest of the panel.
 */
import { isEmoji } from '../../protocol/index.ts';

/** Where the build puts the data, for browser.runtime.getURL. */
export const EMOJI_DATA_PATH = '/emoji/en.json';

/** An entry of emoji-picker-element-data, as far as the filter needs it. */
interface EmojiEntry {
  emoji: string;
  skins?: ReadonlyArray<{ emoji: string }>;
}

/**
 * The data without what the relay would refuse as a reaction: the lone skin tones, which the
 * data lists as emoji of their own (emojibase's "component" group) and the picker's search finds.
 */
export function reactableEmojiData(json: string): string {
  const entries = (JSON.parse(json) as EmojiEntry[])
    .filter((entry) => isEmoji(entry.emoji))
    .map((entry) => (entry.skins ? { ...entry, skins: entry.skins.filter((skin) => isEmoji(skin.emoji)) } : entry));
  return JSON.stringify(entries);
}
