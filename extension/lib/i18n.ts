import { browser } from 'wxt/browser';
import type browserArea from '../locales/en/browser.json';
import type common from '../locales/en/common.json';
import type dm from '../locales/en/dm.json';
import type frame from '../locales/en/frame.json';
import type options from '../locales/en/options.json';
import type privacy from '../locales/en/privacy.json';
import type room from '../locales/en/room.json';
import type inboxArea from '../locales/en/inbox.json';
import type noticeArea from '../locales/en/notice.json';
import type composeArea from '../locales/en/compose.json';
import type mediaArea from '../locales/en/media.json';
import type timeArea from '../locales/en/time.json';
import type notifyArea from '../locales/en/notify.json';
import type modelArea from '../locales/en/model.json';
import type whatsnewArea from '../locales/en/whatsnew.json';

/**
 * Every string a person reads, through the browser's i18n (extension/locales/README.md): the
 * browser picks the language from its own, English where it has none of ours. Numbers, dates,
 * lists and plurals go through Intl in the language of the messages shown, not the browser's,
 * so that a German sentence never carries an English date.
 */

type English = typeof browserArea &
  typeof common &
  typeof dm &
  typeof frame &
  typeof options &
  typeof privacy &
  typeof room &
  typeof inboxArea &
  typeof noticeArea &
  typeof composeArea &
  typeof mediaArea &
  typeof timeArea &
  typeof notifyArea &
  typeof modelArea &
  typeof whatsnewArea;

export type MessageKey = keyof English & string;
/** A counted message: its keys are `<base>_one`, `<base>_other`, … */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}_other` ? Base : never }[MessageKey];

type Substitution = string | number;

// WXT types getMessage from public/_locales, which the build writes from extension/locales
// instead; MessageKey is the typed key here.
const getMessage = (key: string, substitutions?: string[]): string =>
  (browser.i18n.getMessage as (key: string, substitutions?: string[]) => string)(key, substitutions);

function message(key: string, substitutions: readonly Substitution[]): string {
  return getMessage(
    key,
    substitutions.map((value) => (typeof value === 'number' ? formatNumber(value) : value)),
  );
}

/** The message `key`, its `$1`… replaced by `substitutions` (numbers formatted for the locale). */
export function t(key: MessageKey, ...substitutions: Substitution[]): string {
  return message(key, substitutions);
}

/** The message for `count` of `base` (`$1` is the count), in the plural form the language uses for it. */
export function plural(base: PluralKey, count: number, ...substitutions: Substitution[]): string {
  const form = message(`${base}_${pluralRules().select(count)}`, [count, ...substitutions]);
  return form === '' ? message(`${base}_other`, [count, ...substitutions]) : form;
}

/** The language of the messages shown (BCP 47), for Intl and the pages' `lang`. */
export function locale(): string {
  return getMessage('locale_code') || 'en';
}

export function direction(): 'ltr' | 'rtl' {
  return getMessage('locale_dir') === 'rtl' ? 'rtl' : 'ltr';
}

/** Sets a page's `lang` and `dir` to the messages' language, before its first render. */
export function applyLocale(root: HTMLElement = document.documentElement): void {
  root.lang = locale();
  root.dir = direction();
}

// Plural rules and number formats are made on every counted message; one of each per page.
let cache: { locale: string; plurals: Intl.PluralRules; numbers: Intl.NumberFormat } | null = null;
function formats() {
  const current = locale();
  if (cache?.locale !== current) {
    cache = { locale: current, plurals: new Intl.PluralRules(current), numbers: new Intl.NumberFormat(current) };
  }
  return cache;
}
const pluralRules = () => formats().plurals;

export function formatNumber(value: number): string {
  return formats().numbers.format(value);
}

/** "Alice, Bob and Carol" in the locale's words. */
export function formatList(items: readonly string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  return new Intl.ListFormat(locale(), { style: 'long', type }).format(items);
}
