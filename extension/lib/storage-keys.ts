/**
 * What the extension keeps in `browser.storage.local`, and the type stored under each key.
 * The hub and the options page both read and write these, so a key or its shape cannot
 * drift between them. Reads check the shape: storage outlives versions of the extension,
 * and a value it cannot use reads as absent, so the caller falls back to its default.
 * The DMs kept on this device live beside these, under `dmIndex` and keys starting `dm:`,
 * owned by hub/dm-archive.ts; the inbox (issue #13) under `inbox`, owned by hub/inbox.ts; each
 * conversation's peer key, verification and encryption notices (issue #15) under `dmTrust`, and
 * the DMs it took (for replays) under keys starting `dmSeen:`, owned by hub/trust-book.ts.
 */
import { browser } from 'wxt/browser';
import type { DmPolicy } from '../../protocol/index.ts';
import type { Profile } from './domain.ts';

export interface StoredValues {
  /** The display name; `named` is false while it is still the suggested one. */
  profile: Profile;
  /**
   * The install's secret in clear, as versions before the install keys kept it (hub/identity.ts):
   * read once to make the keys from it, then removed.
   */
  token: string;
  /** The relay server the person chose instead of the build's default. */
  serverUrl: string;
  /** Per room, the newest message the panel showed there: where "New messages" begins next time. */
  readMarks: Record<string, string>;
  /** Issue #13: keep the connection (no room joined) after the last panel closes; default true. */
  stayConnected: boolean;
  /** Issue #13: notify DMs and mentions once the notifications permission is granted; default true. */
  notifyDms: boolean;
  /** Issue #13: no notification at all while on; default false. */
  doNotDisturb: boolean;
  /** The injected panel's width in px, as the person last left it (page/panel-width.ts). */
  panelWidth: number;
  /** Issue #14: the people this person blocked, newest last, with the name they had then (BLOCKED_MAX). */
  blocked: BlockedPerson[];
  /** Issue #14: people muted in one room, until a time (epoch ms) or until unmuted (`until: null`). */
  mutes: Mute[];
  /** Issue #14: who may DM this person; default `everyone` (in their rooms). */
  dmPolicy: DmPolicy;
  /** Issue #14: notify message requests too; default false. */
  notifyRequests: boolean;
  /** Issue #14: the viewer's word filter; default `off`. */
  wordFilter: WordFilterLevel;
  /** Issue #14: words the filter lets through (a name like "Dick Smith"), as the person typed them. */
  allowWords: string[];
  /** Issue #14: per room key, the ids of messages this person hid for themselves (safety-lists.ts bounds it). */
  hiddenMessages: Record<string, string[]>;
  /** Issue #17: the version the extension was updated to, until a panel has shown its notes (lib/whats-new.ts). */
  whatsNew: string;
}

export interface BlockedPerson {
  id: string;
  name: string;
  at: number;
}

export interface Mute {
  room: string;
  id: string;
  name: string;
  until: number | null;
}

export type WordFilterLevel = 'off' | 'mild' | 'strict';

export type StorageKey = keyof StoredValues;

/** The keys by name, so no caller spells one as a bare string. */
export const StorageKeys = {
  profile: 'profile',
  token: 'token',
  serverUrl: 'serverUrl',
  readMarks: 'readMarks',
  stayConnected: 'stayConnected',
  notifyDms: 'notifyDms',
  doNotDisturb: 'doNotDisturb',
  panelWidth: 'panelWidth',
  blocked: 'blocked',
  mutes: 'mutes',
  dmPolicy: 'dmPolicy',
  notifyRequests: 'notifyRequests',
  wordFilter: 'wordFilter',
  allowWords: 'allowWords',
  hiddenMessages: 'hiddenMessages',
  whatsNew: 'whatsNew',
} as const satisfies { [K in StorageKey]: K };

const isString = (value: unknown): value is string => typeof value === 'string';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const valid: { [K in StorageKey]: (value: unknown) => value is StoredValues[K] } = {
  profile: (value): value is StoredValues['profile'] =>
    typeof value === 'object' &&
    value !== null &&
    isString((value as { name?: unknown }).name) &&
    typeof (value as { named?: unknown }).named === 'boolean',
  token: isString,
  serverUrl: isString,
  readMarks: (value): value is StoredValues['readMarks'] =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(isString),
  stayConnected: isBoolean,
  notifyDms: isBoolean,
  doNotDisturb: isBoolean,
  panelWidth: (value): value is number => typeof value === 'number' && Number.isFinite(value),
  blocked: (value): value is BlockedPerson[] =>
    Array.isArray(value) &&
    value.every(
      (entry: unknown) => isRecord(entry) && isString(entry.id) && isString(entry.name) && isNumber(entry.at),
    ),
  mutes: (value): value is Mute[] =>
    Array.isArray(value) &&
    value.every(
      (entry: unknown) =>
        isRecord(entry) &&
        isString(entry.room) &&
        isString(entry.id) &&
        isString(entry.name) &&
        (entry.until === null || isNumber(entry.until)),
    ),
  dmPolicy: (value): value is DmPolicy => value === 'everyone' || value === 'replied' || value === 'nobody',
  notifyRequests: isBoolean,
  wordFilter: (value): value is WordFilterLevel => value === 'off' || value === 'mild' || value === 'strict',
  allowWords: (value): value is string[] => Array.isArray(value) && value.every(isString),
  hiddenMessages: (value): value is Record<string, string[]> =>
    isRecord(value) && Object.values(value).every((ids) => Array.isArray(ids) && ids.every(isString)),
  whatsNew: isString,
};

/** The settings that are switches, with the value each has until the person changes it. */
export const SWITCH_DEFAULTS = {
  stayConnected: true,
  notifyDms: true,
  doNotDisturb: false,
  notifyRequests: false,
} as const;

export type SwitchKey = keyof typeof SWITCH_DEFAULTS;

/** A switch's stored value, or its default. */
export async function readSwitch(key: SwitchKey): Promise<boolean> {
  return (await readStored(key)) ?? SWITCH_DEFAULTS[key];
}

/** The stored value, or undefined when there is none or it has the wrong shape. */
export async function readStored<K extends StorageKey>(key: K): Promise<StoredValues[K] | undefined> {
  const { [key]: value } = await browser.storage.local.get(key);
  return valid[key](value) ? value : undefined;
}

export function writeStored<K extends StorageKey>(key: K, value: StoredValues[K]): Promise<void> {
  return browser.storage.local.set({ [key]: value });
}

export function removeStored(key: StorageKey): Promise<void> {
  return browser.storage.local.remove(key);
}
