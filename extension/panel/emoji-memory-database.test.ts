import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryEmojiDatabase } from './emoji-memory-database.ts';
import { reactableEmojiData } from './emoji-data.ts';

const DATA_URL = 'chrome-extension://test/emoji/en.json';
// The data the build bundles, served as the extension would serve it.
const data = reactableEmojiData(
  readFileSync(createRequire(import.meta.url).resolve('emoji-picker-element-data/en/emojibase/data.json'), 'utf8'),
);

function database(): MemoryEmojiDatabase {
  vi.stubGlobal('fetch', async (url: string) =>
    url === DATA_URL ? new Response(data, { status: 200 }) : new Response('', { status: 404 }),
  );
  return new MemoryEmojiDatabase(DATA_URL, 'en');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

// As the data spells it: with the emoji presentation selector.
const THUMBS_UP = '\u{1F44D}\u{FE0F}';

const unicodes = (emoji: ReadonlyArray<{ unicode: string }>): string[] => emoji.map((each) => each.unicode);

describe('the emoji picker database in memory', () => {
  it('finds by a word, by the start of the last word, and by every word', async () => {
    const db = database();
    await db.ready();
    expect(unicodes(await db.getEmojiBySearchQuery('otter'))).toEqual(['🦦']);
    // Words shorter than two letters are not searched for, as in the library.
    expect(await db.getEmojiBySearchQuery('thumbs u')).toHaveLength(2);
    expect(unicodes(await db.getEmojiBySearchQuery('thumbs up'))).toEqual([THUMBS_UP]);
    const grinning = unicodes(await db.getEmojiBySearchQuery('grinning cat'));
    expect(grinning).toContain('😸');
    expect(grinning).not.toContain('😀');
    expect(await db.getEmojiBySearchQuery('a')).toEqual([]);
  });

  it('gives a group in its order, and an emoji by itself, by a skin tone or by shortcode', async () => {
    const db = database();
    const smileys = await db.getEmojiByGroup(0);
    expect(smileys[0]?.unicode).toBe('😀');
    expect(smileys.map((emoji) => emoji.order)).toEqual([...smileys.map((emoji) => emoji.order)].sort((a, b) => a - b));
    expect((await db.getEmojiByUnicodeOrName('👍🏽'))?.unicode).toBe(THUMBS_UP);
    expect((await db.getEmojiByUnicodeOrName(THUMBS_UP))?.skins).toHaveLength(5);
    expect((await db.getEmojiByShortcode('otter'))?.unicode).toBe('🦦');
    expect(await db.getEmojiByUnicodeOrName('not an emoji')).toBeNull();
    // A name would make the picker take it for a custom emoji.
    expect(await db.getEmojiByShortcode('otter')).not.toHaveProperty('name');
  });

  it('ranks favourites by use', async () => {
    const db = database();
    await db.incrementFavoriteEmojiCount('🦦');
    await db.incrementFavoriteEmojiCount(THUMBS_UP);
    await db.incrementFavoriteEmojiCount(THUMBS_UP);
    expect(unicodes(await db.getTopFavoriteEmoji(1))).toEqual([THUMBS_UP]);
    expect(unicodes(await db.getTopFavoriteEmoji(5)).slice(0, 2)).toEqual([THUMBS_UP, '🦦']);
  });

  it('fails to get ready when the data cannot be read', async () => {
    vi.stubGlobal('fetch', async () => new Response('', { status: 404 }));
    await expect(new MemoryEmojiDatabase('chrome-extension://test/missing.json', 'en').ready()).rejects.toThrow(
      'emoji data: 404',
    );
  });
});
