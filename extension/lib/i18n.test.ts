import { describe, expect, it } from 'vitest';
import { useLocale } from '../testing/locale.ts';
import { applyLocale, formatList, formatNumber, plural, t } from './i18n.ts';

describe('i18n', () => {
  it('fills a message with its substitutions, numbers formatted for the language', () => {
    expect(t('room_typing_two_people', 'Alice', 'Bob')).toBe('Alice and Bob are typing…');
    expect(plural('frame_members_unlisted', 1200)).toBe('and 1,200 more');
    useLocale('de');
    expect(t('room_typing_one_person', 'Alice')).toBe('Alice schreibt…');
    expect(plural('frame_members_unlisted', 1200)).toBe('und 1.200 weitere');
  });

  it("chooses each plural form by the language's own rules", () => {
    useLocale('de');
    expect(plural('frame_members_unlisted', 1)).toBe('und 1 weitere Person');
    useLocale('ar');
    // Arabic's six forms, each number written as Arabic writes it (the digits depend on the ICU data).
    const n = (value: number) => new Intl.NumberFormat('ar').format(value);
    expect([0, 1, 2, 3, 11, 100].map((n) => plural('frame_members_unlisted', n))).toEqual([
      'ولا أحد غيرهم',
      'وشخص آخر',
      'وشخصان آخران',
      `و${n(3)} أشخاص آخرين`,
      `و${n(11)} شخصًا آخر`,
      `و${n(100)} شخص آخر`,
    ]);
    expect(formatNumber(1200)).toBe(n(1200));
  });

  it('falls back to English for a message a language lacks, as the browser does', () => {
    useLocale('de');
    expect(t('browser_ext_name')).toBe('samepage');
  });

  it("sets a page's language and direction", () => {
    const root = document.createElement('html');
    useLocale('ar');
    applyLocale(root);
    expect([root.lang, root.dir]).toEqual(['ar', 'rtl']);
    useLocale('en');
    applyLocale(root);
    expect([root.lang, root.dir]).toEqual(['en', 'ltr']);
  });

  it('joins lists in the words of the language', () => {
    expect(formatList(['Alice', 'Bob', 'Carol'])).toBe('Alice, Bob, and Carol');
    useLocale('de');
    expect(formatList(['Alice', 'Bob', 'Carol'])).toBe('Alice, Bob und Carol');
  });
});
