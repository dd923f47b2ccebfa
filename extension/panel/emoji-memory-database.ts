/**
 * emoji-picker-element's Database, kept in memory instead of IndexedDB. The in-page panel is an
 * extension frame inside a web page, where Chrome blocks IndexedDB as third-party storage, so the
 * picker's own Database never became ready there (it worked only in the pop-out tab). The picker
 * keeps a `database` it is given when its `locale` and `dataSource` match its own, and only calls
 * the methods below. Search follows the library's rules (database.js): tokens from the
 * annotation, tags, shortcodes and emoticon; every query token exact but the last, a prefix.
 */
import type { CustomEmoji, NativeEmoji, SkinTone } from 'emoji-picker-element/shared.js';

/** An entry of emoji-picker-element-data. */
interface DataEntry {
  annotation: string;
  emoticon?: string;
  group: number;
  order: number;
  shortcodes?: string[];
  tags?: string[];
  emoji: string;
  version: number;
  skins?: Array<{ tone: SkinTone; emoji: string; version: number }>;
}

/**
 * An emoji as the library's Database gives it. Its typings ask for a `name`, which only custom
 * emoji have: the picker labels an emoji by its name first and reports it as custom.
 */
export type PickerEmoji = Omit<NativeEmoji, 'name'>;

interface Indexed {
  emoji: PickerEmoji;
  tokens: string[];
}

// The emoticons that are words to the library's tokenizer, from its database.js.
const IRREGULAR_EMOTICONS = new Set(
  ":D XD :'D O:) :X :P ;P XP :L :Z :j 8D XO 8) :B :O :S :'o Dx X( D: :C >0) :3 </3 <3 \\M/ :E 8#".split(' '),
);

function extractTokens(text: string): string[] {
  return text
    .split(/[\s_]+/)
    .map((word) =>
      !/\w/.test(word) || IRREGULAR_EMOTICONS.has(word)
        ? word.toLowerCase()
        : word
            .replace(/[)(:,]/g, '')
            .replace(/’/g, "'")
            .toLowerCase(),
    )
    .filter(Boolean);
}

const searchable = (tokens: string[]): string[] =>
  tokens.map((token) => token.toLowerCase()).filter((token) => token.length >= 2);

function indexed(entry: DataEntry): Indexed {
  const words = [
    ...(entry.shortcodes ?? []).flatMap(extractTokens),
    ...(entry.tags ?? []).flatMap(extractTokens),
    ...extractTokens(entry.annotation),
    ...(entry.emoticon ? [entry.emoticon] : []),
  ];
  const emoji: PickerEmoji = {
    annotation: entry.annotation,
    group: entry.group,
    order: entry.order,
    unicode: entry.emoji,
    version: entry.version,
    ...(entry.tags ? { tags: entry.tags } : {}),
    ...(entry.shortcodes ? { shortcodes: entry.shortcodes } : {}),
    ...(entry.emoticon ? { emoticon: entry.emoticon } : {}),
    ...(entry.skins
      ? { skins: entry.skins.map(({ tone, emoji: unicode, version }) => ({ tone, unicode, version })) }
      : {}),
  };
  return { emoji, tokens: [...new Set(searchable(words))] };
}

/** Preferences live as long as the panel: there is no storage of the frame's own to keep them in. */
let skinTone: SkinTone = 0;
const favorites = new Map<string, number>();

export class MemoryEmojiDatabase {
  customEmoji: CustomEmoji[] = [];
  private readonly all: Promise<Indexed[]>;

  constructor(
    readonly dataSource: string,
    readonly locale: string,
  ) {
    this.all = fetch(dataSource).then(async (response) => {
      if (!response.ok) throw new Error(`emoji data: ${response.status}`);
      return ((await response.json()) as DataEntry[]).map(indexed);
    });
  }

  async ready(): Promise<void> {
    await this.all;
  }

  async getEmojiByGroup(group: number): Promise<PickerEmoji[]> {
    return (await this.all)
      .filter(({ emoji }) => emoji.group === group)
      .map(({ emoji }) => emoji)
      .sort((a, b) => a.order - b.order);
  }

  async getEmojiBySearchQuery(query: string): Promise<PickerEmoji[]> {
    const tokens = searchable(extractTokens(query));
    if (tokens.length === 0) return [];
    const last = tokens.length - 1;
    return (await this.all)
      .filter((entry) =>
        tokens.every((token, index) =>
          index === last ? entry.tokens.some((own) => own.startsWith(token)) : entry.tokens.includes(token),
        ),
      )
      .map(({ emoji }) => emoji)
      .sort((a, b) => a.order - b.order);
  }

  async getEmojiByShortcode(shortcode: string): Promise<PickerEmoji | null> {
    const wanted = shortcode.toLowerCase();
    const found = (await this.all).find(({ emoji }) =>
      (emoji.shortcodes ?? []).some((own) => own.toLowerCase() === wanted),
    );
    return found?.emoji ?? null;
  }

  async getEmojiByUnicodeOrName(unicode: string): Promise<PickerEmoji | null> {
    const all = await this.all;
    const found =
      all.find(({ emoji }) => emoji.unicode === unicode) ??
      all.find(({ emoji }) => (emoji.skins ?? []).some((skin) => skin.unicode === unicode));
    return found?.emoji ?? null;
  }

  async getPreferredSkinTone(): Promise<SkinTone> {
    return skinTone;
  }

  async setPreferredSkinTone(tone: SkinTone): Promise<void> {
    skinTone = tone;
  }

  async incrementFavoriteEmojiCount(unicode: string): Promise<void> {
    favorites.set(unicode, (favorites.get(unicode) ?? 0) + 1);
  }

  async getTopFavoriteEmoji(limit: number): Promise<PickerEmoji[]> {
    const ranked = [...favorites].sort((a, b) => b[1] - a[1]).map(([unicode]) => unicode);
    const found = await Promise.all(ranked.map((unicode) => this.getEmojiByUnicodeOrName(unicode)));
    return found.filter((emoji): emoji is PickerEmoji => emoji !== null).slice(0, limit);
  }

  async close(): Promise<void> {}

  async delete(): Promise<void> {}
}
