import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The build's and the tests' view of extension/locales (its README): each language's area files
 * merged into the one `messages.json` the browser reads. Node only: the extension itself reads
 * its messages through `browser.i18n`.
 */

export interface LocaleMessage {
  message: string;
  description?: string;
}
export type LocaleMessages = Record<string, LocaleMessage>;

// From the repository's root, where npm runs the build and the tests (under Vitest's DOM
// environment a module's import.meta.url is not a file URL).
export const LOCALES_DIR = resolve('extension/locales');
export const DEFAULT_LOCALE = 'en';

const KEY = /^[A-Za-z0-9_]+$/;

export function localeNames(dir: string = LOCALES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** One language's messages, from all its area files; a malformed entry or a key in two files throws, naming both. */
export function readLocale(locale: string, dir: string = LOCALES_DIR): LocaleMessages {
  const merged: LocaleMessages = {};
  const origin = new Map<string, string>();
  const folder = join(dir, locale);
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const path = join(folder, file);
    const entries = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
      throw new Error(`${path}: not an object of messages`);
    }
    for (const [key, value] of Object.entries(entries)) {
      if (!KEY.test(key)) throw new Error(`${path}: key "${key}" has characters other than A-Z, a-z, 0-9 and _`);
      if (typeof value !== 'object' || value === null || typeof (value as LocaleMessage).message !== 'string') {
        throw new Error(`${path}: "${key}" has no "message" string`);
      }
      const previous = origin.get(key);
      if (previous !== undefined) throw new Error(`${path}: "${key}" is in ${previous} too`);
      origin.set(key, file);
      const { message, description } = value as LocaleMessage;
      merged[key] = description === undefined ? { message } : { message, description };
    }
  }
  return merged;
}
