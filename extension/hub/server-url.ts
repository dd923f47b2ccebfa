import { readStored, StorageKeys } from '../lib/storage-keys.ts';

/** Set at build time (`WXT_SERVER_URL=https://relay.example npm run build`). */
export const DEFAULT_SERVER_URL: string = import.meta.env.WXT_SERVER_URL || 'http://localhost:3000';

/** The relay to use: the one chosen in the options page, else the build's default. */
export async function serverUrl(): Promise<string> {
  return (await readStored(StorageKeys.serverUrl)) || DEFAULT_SERVER_URL;
}
