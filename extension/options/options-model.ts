/**
 * The options page: the display name and the relay server (stored on Save), and the switches
 * of issue #13 (stored as they are flipped): staying reachable, notifications and do not
 * disturb. All go straight to storage (the options page has no Port to the hub; the hub reads
 * the same keys and follows their changes).
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { charCount, NAME_MAX_CHARS, nameProblem, normalizeName, type DmPolicy } from '../../protocol/index.ts';
import { parseAllowWords } from '../lib/allow-words.ts';
import { t } from '../lib/i18n.ts';
import { notificationsPermission, type NotificationsPermission } from '../lib/notifications-permission.ts';
import { serverUrlProblem } from '../lib/server-url-problem.ts';
import {
  readStored,
  readSwitch,
  removeStored,
  StorageKeys,
  SWITCH_DEFAULTS,
  writeStored,
  type SwitchKey,
  type WordFilterLevel,
} from '../lib/storage-keys.ts';

export interface OptionsModel {
  readonly loaded: ReadonlySignal<boolean>;
  readonly name: ReadonlySignal<string>;
  /** Empty means the build's default server. */
  readonly serverUrl: ReadonlySignal<string>;
  readonly nameError: ReadonlySignal<string | null>;
  readonly serverUrlError: ReadonlySignal<string | null>;
  /** Set after a save, cleared by the next edit. */
  readonly saved: ReadonlySignal<boolean>;
  /** The switches, as stored (or their defaults). */
  readonly switches: { readonly [K in SwitchKey]: ReadonlySignal<boolean> };
  /** Whether the browser grants the `notifications` permission now. */
  readonly notificationsAllowed: ReadonlySignal<boolean>;
  /** Issue #14: who may DM this person (the relay enforces it). */
  readonly dmPolicy: ReadonlySignal<DmPolicy>;
  /** Issue #14: the word filter's level, and the words it lets through. */
  readonly wordFilter: ReadonlySignal<WordFilterLevel>;
  readonly allowWords: ReadonlySignal<readonly string[]>;
  load(): Promise<void>;
  /** These three are stored at once. */
  setDmPolicy(policy: DmPolicy): Promise<void>;
  setWordFilter(level: WordFilterLevel): Promise<void>;
  /** Takes the allow-list as typed (one per line); stores what parseAllowWords keeps. */
  setAllowWords(text: string): Promise<void>;
  /** Stores a switch at once. */
  setSwitch(key: SwitchKey, on: boolean): Promise<void>;
  /** Asks the browser for the notifications permission; call it from the person's click. */
  allowNotifications(): Promise<void>;
  setName(name: string): void;
  setServerUrl(url: string): void;
  /** Resolves true when both fields were valid and stored. */
  save(): Promise<boolean>;
}

/**
 * Why the name is refused, in the language shown. The protocol's reasons are English (the relay
 * sends the same ones): the two a person meets while typing are said in their language, the rare
 * ones (an invisible character, piled-up marks) quoted as they are.
 */
function nameRefusal(name: string, problem: string): string {
  const length = charCount(normalizeName(name));
  if (length === 0) return t('options_name_empty');
  if (length > NAME_MAX_CHARS) return t('options_name_too_long', NAME_MAX_CHARS);
  return t('options_name_refused', problem);
}

export function createOptionsModel(permission: NotificationsPermission = notificationsPermission): OptionsModel {
  const loaded = signal(false);
  const name = signal('');
  const serverUrl = signal('');
  const nameError = signal<string | null>(null);
  const serverUrlError = signal<string | null>(null);
  const saved = signal(false);
  const switches = {
    stayConnected: signal<boolean>(SWITCH_DEFAULTS.stayConnected),
    notifyDms: signal<boolean>(SWITCH_DEFAULTS.notifyDms),
    doNotDisturb: signal<boolean>(SWITCH_DEFAULTS.doNotDisturb),
    notifyRequests: signal<boolean>(SWITCH_DEFAULTS.notifyRequests),
  };
  const dmPolicy = signal<DmPolicy>('everyone');
  const wordFilter = signal<WordFilterLevel>('off');
  const allowWords = signal<readonly string[]>([]);
  const notificationsAllowed = signal(false);
  const checkPermission = async (): Promise<void> => {
    notificationsAllowed.value = await permission.allowed();
  };

  return {
    loaded,
    name,
    serverUrl,
    nameError,
    serverUrlError,
    saved,
    switches,
    notificationsAllowed,
    dmPolicy,
    wordFilter,
    allowWords,
    async load() {
      const [profile, url, stayConnected, notifyDms, doNotDisturb, notifyRequests, allowed] = await Promise.all([
        readStored(StorageKeys.profile),
        readStored(StorageKeys.serverUrl),
        readSwitch(StorageKeys.stayConnected),
        readSwitch(StorageKeys.notifyDms),
        readSwitch(StorageKeys.doNotDisturb),
        readSwitch(StorageKeys.notifyRequests),
        permission.allowed(),
      ]);
      const [policy, level, words] = await Promise.all([
        readStored(StorageKeys.dmPolicy),
        readStored(StorageKeys.wordFilter),
        readStored(StorageKeys.allowWords),
      ]);
      permission.onChange(() => void checkPermission());
      batch(() => {
        name.value = profile?.name ?? '';
        serverUrl.value = url ?? '';
        switches.stayConnected.value = stayConnected;
        switches.notifyDms.value = notifyDms;
        switches.doNotDisturb.value = doNotDisturb;
        switches.notifyRequests.value = notifyRequests;
        notificationsAllowed.value = allowed;
        dmPolicy.value = policy ?? 'everyone';
        wordFilter.value = level ?? 'off';
        allowWords.value = words ?? [];
        loaded.value = true;
      });
    },
    async setSwitch(key, on) {
      switches[key].value = on;
      await writeStored(key, on);
    },
    async setDmPolicy(policy) {
      dmPolicy.value = policy;
      await writeStored(StorageKeys.dmPolicy, policy);
    },
    async setWordFilter(level) {
      wordFilter.value = level;
      await writeStored(StorageKeys.wordFilter, level);
    },
    async setAllowWords(text) {
      const words = parseAllowWords(text);
      allowWords.value = words;
      await writeStored(StorageKeys.allowWords, words);
    },
    async allowNotifications() {
      // First, inside the click: the browser asks only for a request made there.
      const granted = await permission.request();
      notificationsAllowed.value = granted || (await permission.allowed());
    },
    setName(next) {
      batch(() => {
        name.value = next;
        nameError.value = null;
        saved.value = false;
      });
    },
    setServerUrl(next) {
      batch(() => {
        serverUrl.value = next;
        serverUrlError.value = null;
        saved.value = false;
      });
    },
    async save() {
      const url = serverUrl.value.trim();
      const nameIssue = nameProblem(name.value);
      const urlIssue = url === '' ? null : serverUrlProblem(url);
      batch(() => {
        nameError.value = nameIssue === null ? null : nameRefusal(name.value, nameIssue);
        serverUrlError.value = urlIssue;
      });
      if (nameIssue !== null || urlIssue !== null) return false;
      await Promise.all([
        writeStored(StorageKeys.profile, { name: normalizeName(name.value), named: true }),
        url === '' ? removeStored(StorageKeys.serverUrl) : writeStored(StorageKeys.serverUrl, url),
      ]);
      saved.value = true;
      return true;
    },
  };
}
