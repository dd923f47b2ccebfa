import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_LOCALE, readLocale, type LocaleMessages } from '../lib/locale-files.ts';

/**
 * `browser.i18n.getMessage` for unit tests (WXT's fake browser has none), reading
 * extension/locales as the build writes it, with Chrome's substitution rules: `$1`…`$9` from
 * the substitutions, `$$` a dollar sign, and "" for a key the language lacks. A language other
 * than English falls back to English key by key, as the browser does.
 */
const cache = new Map<string, LocaleMessages>();
const messagesOf = (locale: string): LocaleMessages => {
  let messages = cache.get(locale);
  if (!messages) cache.set(locale, (messages = readLocale(locale)));
  return messages;
};

export function substitute(message: string, substitutions: readonly string[]): string {
  return message.replace(/\$(\$|[1-9])/g, (_match, which: string) =>
    which === '$' ? '$' : (substitutions[Number(which) - 1] ?? ''),
  );
}

export function useLocale(locale: string = DEFAULT_LOCALE): void {
  fakeBrowser.i18n.getMessage = (key: string, substitutions?: string | string[]) => {
    const entry = messagesOf(locale)[key] ?? messagesOf(DEFAULT_LOCALE)[key];
    if (!entry) return '';
    const list = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    return substitute(entry.message, list);
  };
  fakeBrowser.i18n.getUILanguage = () => locale;
}
