/**
 * The options page: the display name and the relay server (stored on Save), and the switches
 * of issue #13 (stored as they are flipped): staying reachable, notifications and do not
 * disturb. All go straight to storage (the options page has no Port to the hub; the hub reads
 * the same keys and follows their changes).
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { nameProblem, normalizeName } from '../../protocol/index.ts';
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
  load(): Promise<void>;
  /** Stores a switch at once. */
  setSwitch(key: SwitchKey, on: boolean): Promise<void>;
  /** Asks the browser for the notifications permission; call it from the person's click. */
  allowNotifications(): Promise<void>;
  setName(name: string): void;
  setServerUrl(url: string): void;
  /** Resolves true when both fields were valid and stored. */
  save(): Promise<boolean>;
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
  };
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
    async load() {
      const [profile, url, stayConnected, notifyDms, doNotDisturb, allowed] = await Promise.all([
        readStored(StorageKeys.profile),
        readStored(StorageKeys.serverUrl),
        readSwitch(StorageKeys.stayConnected),
        readSwitch(StorageKeys.notifyDms),
        readSwitch(StorageKeys.doNotDisturb),
        permission.allowed(),
      ]);
      permission.onChange(() => void checkPermission());
      batch(() => {
        name.value = profile?.name ?? '';
        serverUrl.value = url ?? '';
        switches.stayConnected.value = stayConnected;
        switches.notifyDms.value = notifyDms;
        switches.doNotDisturb.value = doNotDisturb;
        notificationsAllowed.value = allowed;
        loaded.value = true;
      });
    },
    async setSwitch(key, on) {
      switches[key].value = on;
      await writeStored(key, on);
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
        nameError.value = nameIssue === null ? null : `That name can't be used: ${nameIssue}`;
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
