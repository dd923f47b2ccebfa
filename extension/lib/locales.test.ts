import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, localeNames, readLocale, type LocaleMessages } from './locale-files.ts';

const english = readLocale(DEFAULT_LOCALE);
const others = localeNames().filter((locale) => locale !== DEFAULT_LOCALE);

const PLURAL = /_(zero|one|two|few|many|other)$/;
const pluralBases = (messages: LocaleMessages) =>
  new Set(
    Object.keys(messages)
      .filter((key) => key.endsWith('_other'))
      .map((key) => key.replace(PLURAL, '')),
  );
const substitutions = (message: string) =>
  [...new Set(message.replace(/\$\$/g, '').match(/\$[1-9]/g) ?? [])].sort().join(' ');

describe('the locales', () => {
  it('are English and at least two more, one of them written right to left', () => {
    expect(localeNames()).toContain(DEFAULT_LOCALE);
    expect(others.length).toBeGreaterThanOrEqual(2);
    expect(others.some((locale) => readLocale(locale).locale_dir?.message === 'rtl')).toBe(true);
  });

  it('each name their own language, for Intl', () => {
    for (const locale of localeNames()) {
      const code = readLocale(locale).locale_code?.message;
      expect(code, locale).toBe(locale);
      expect(Intl.PluralRules.supportedLocalesOf([locale]), locale).toEqual([locale]);
    }
  });

  it('describe every English message for translators', () => {
    const undescribed = Object.entries(english).filter(([, entry]) => !entry.description?.trim());
    expect(undescribed.map(([key]) => key)).toEqual([]);
  });

  it('give each English plural its "one" and "other" forms', () => {
    for (const base of pluralBases(english)) {
      expect(english[`${base}_one`], base).toBeDefined();
    }
  });

  describe.each(others)('%s', (locale) => {
    const messages = readLocale(locale);
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const englishPlurals = pluralBases(english);
    const isPluralForm = (key: string) => PLURAL.test(key) && englishPlurals.has(key.replace(PLURAL, ''));

    it('has every message English has', () => {
      const missing = Object.keys(english).filter((key) => !isPluralForm(key) && !(key in messages));
      for (const base of englishPlurals) {
        for (const category of categories) {
          if (!(`${base}_${category}` in messages)) missing.push(`${base}_${category}`);
        }
      }
      expect(missing).toEqual([]);
    });

    it('has no message English lacks', () => {
      const extra = Object.keys(messages).filter((key) => !(key in english) && !isPluralForm(key));
      expect(extra).toEqual([]);
    });

    it('uses the substitutions English uses', () => {
      const differing = Object.entries(messages)
        .filter(([key]) => !isPluralForm(key) && key in english)
        .filter(([key, entry]) => substitutions(entry.message) !== substitutions(english[key]?.message ?? ''))
        .map(([key]) => key);
      expect(differing).toEqual([]);
    });

    it('translates every message (none left empty)', () => {
      expect(
        Object.entries(messages)
          .filter(([, entry]) => entry.message.trim() === '')
          .map(([key]) => key),
      ).toEqual([]);
    });
  });
});
