import { serverUrlProblem } from '../lib/server-url-problem.ts';
import { readStored, StorageKeys } from '../lib/storage-keys.ts';

/** Set at build time (`WXT_SERVER_URL=https://relay.example npm run build`). */
export const DEFAULT_SERVER_URL: string = import.meta.env.WXT_SERVER_URL || 'http://localhost:3000';

/**
 * The relay to use: the one chosen in the options page, else the build's default. A choice the
 * options page would refuse now (one kept from a version that took plain `http://` to any host)
 * is not used: the identity token would travel unencrypted.
 */
export async function serverUrl(): Promise<string> {
  const chosen = await readStored(StorageKeys.serverUrl);
  return chosen && serverUrlProblem(chosen) === null ? chosen : DEFAULT_SERVER_URL;
}
