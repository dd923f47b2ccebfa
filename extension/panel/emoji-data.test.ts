import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isEmoji } from '../../protocol/index.ts';
import { reactableEmojiData } from './emoji-data.ts';

interface Entry {
  emoji: string;
  annotation: string;
  skins?: Array<{ emoji: string }>;
}

const source = readFileSync(
  createRequire(import.meta.url).resolve('emoji-picker-element-data/en/emojibase/data.json'),
  'utf8',
);
const offered = (entries: Entry[]): string[] =>
  entries.flatMap((entry) => [entry.emoji, ...(entry.skins ?? []).map((skin) => skin.emoji)]);

describe('the bundled emoji data', () => {
  const kept = JSON.parse(reactableEmojiData(source)) as Entry[];

  it('offers only emoji that the relay accepts as a reaction', () => {
    expect(offered(kept).length).toBeGreaterThan(3000);
    expect(offered(kept).filter((emoji) => !isEmoji(emoji))).toEqual([]);
  });

  it('drops only the lone skin tones, and keeps each entry whole', () => {
    const all = JSON.parse(source) as Entry[];
    const dropped = all.filter((entry) => !kept.some((kept) => kept.emoji === entry.emoji));
    expect(dropped.map((entry) => entry.emoji)).toEqual(['🏻', '🏼', '🏽', '🏾', '🏿']);
    expect(kept.find((entry) => entry.emoji === '👋')).toEqual(all.find((entry) => entry.emoji === '👋'));
  });
});
