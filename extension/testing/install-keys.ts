/** Install keys for tests: made from a known secret, and a vault in memory where there is no IndexedDB. */
import type { KeyVault } from '../hub/key-vault.ts';
import { installKeysFrom, type InstallKeys } from '../lib/install-keys.ts';

const bySecret = new Map<string, Promise<InstallKeys>>();

/** The keys of `secret`, the same object each time, as one install's keys are. */
export function keysOf(secret: string): Promise<InstallKeys> {
  let keys = bySecret.get(secret);
  if (keys === undefined) bySecret.set(secret, (keys = installKeysFrom(secret)));
  return keys;
}

export function memoryKeyVault(): KeyVault {
  let kept: InstallKeys | undefined;
  return {
    read: async () => kept,
    write: async (keys) => void (kept = keys),
  };
}
