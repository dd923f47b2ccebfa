/**
 * The options page: the display name and the relay server, written straight to storage
 * (the options page has no Port to the hub; the hub reads the same keys).
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { nameProblem, normalizeName } from '../../protocol/index.ts';
import { serverUrlProblem } from '../lib/server-url-problem.ts';
import { readStored, removeStored, StorageKeys, writeStored } from '../lib/storage-keys.ts';

export interface OptionsModel {
  readonly loaded: ReadonlySignal<boolean>;
  readonly name: ReadonlySignal<string>;
  /** Empty means the build's default server. */
  readonly serverUrl: ReadonlySignal<string>;
  readonly nameError: ReadonlySignal<string | null>;
  readonly serverUrlError: ReadonlySignal<string | null>;
  /** Set after a save, cleared by the next edit. */
  readonly saved: ReadonlySignal<boolean>;
  load(): Promise<void>;
  setName(name: string): void;
  setServerUrl(url: string): void;
  /** Resolves true when both fields were valid and stored. */
  save(): Promise<boolean>;
}

export function createOptionsModel(): OptionsModel {
  const loaded = signal(false);
  const name = signal('');
  const serverUrl = signal('');
  const nameError = signal<string | null>(null);
  const serverUrlError = signal<string | null>(null);
  const saved = signal(false);

  return {
    loaded,
    name,
    serverUrl,
    nameError,
    serverUrlError,
    saved,
    async load() {
      const [profile, url] = await Promise.all([readStored(StorageKeys.profile), readStored(StorageKeys.serverUrl)]);
      batch(() => {
        name.value = profile?.name ?? '';
        serverUrl.value = url ?? '';
        loaded.value = true;
      });
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
