/**
 * Who this browser is: a random secret made once per install, kept only as keys that cannot be
 * exported (never shown, never sent: each relay gets a credential derived from it, issue #15),
 * and the display name kept beside it.
 */
import { nameProblem } from '../../protocol/index.ts';
import { installKeysFrom, newInstallKeys, type InstallKeys } from '../lib/install-keys.ts';
import { relayCredential } from '../lib/relay-credential.ts';
import { readStored, removeStored, StorageKeys, writeStored } from '../lib/storage-keys.ts';
import type { Profile } from '../lib/domain.ts';
import { indexedDbVault, type KeyVault } from './key-vault.ts';
import { relayOrigin } from './relay-origin.ts';

const SUGGESTED_NAMES = ['Otter', 'Heron', 'Lynx', 'Puffin', 'Marten', 'Ibis', 'Wren', 'Gecko', 'Bison', 'Koala'];

function suggestedName(): string {
  const [pick, number] = crypto.getRandomValues(new Uint16Array(2));
  return `${SUGGESTED_NAMES[(pick ?? 0) % SUGGESTED_NAMES.length]} ${(number ?? 0) % 1000}`;
}

/**
 * Runs `make` once at a time: the first start asks for the keys and the profile from several
 * places at once, and each must get the same one rather than make its own.
 */
function singleFlight<T>(make: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  return () => (running ??= make().finally(() => (running = null)));
}

let vault: KeyVault = indexedDbVault();
/** Once read, for the worker's life: they never change, and each join and connection asks for them. */
let known: InstallKeys | undefined;

/** Unit tests run where there is no IndexedDB; they keep the keys in a vault of their own. */
export function useKeyVault(replacement: KeyVault): void {
  vault = replacement;
  known = undefined;
}

/** A secret kept in clear under `token` by a version before the keys moved to the vault. */
async function legacySecret(): Promise<string | undefined> {
  const stored = await readStored(StorageKeys.token);
  return stored && /^[A-Za-z0-9_-]{22,128}$/.test(stored) ? stored : undefined;
}

/**
 * The install's keys, made and kept on first use; what room keys and credentials are derived
 * from. An install whose secret is still in storage.local in clear keeps being who it is: its
 * keys are made from that secret, and the clear copy is removed once they are kept.
 */
export const ensureInstallKeys = singleFlight(async (): Promise<InstallKeys> => {
  known ??= await vault.read();
  if (known) return known;
  const legacy = await legacySecret();
  const keys = legacy === undefined ? await newInstallKeys() : await installKeysFrom(legacy);
  await vault.write(keys);
  await removeStored(StorageKeys.token);
  return (known = keys);
});

/** Whether this browser has used samepage: it holds install keys, or a secret from before them. */
export async function hasIdentity(): Promise<boolean> {
  return known !== undefined || (await vault.read()) !== undefined || (await legacySecret()) !== undefined;
}

/**
 * What the relay at `address` is given as `auth.token` and an upload's bearer: the credential
 * for its origin, so `ws://host` and `http://host` are one relay.
 */
export async function relayToken(address: string): Promise<string> {
  const origin = relayOrigin(address);
  if (origin === null) throw new Error(`not a relay address: ${address}`);
  return relayCredential(await ensureInstallKeys(), origin);
}

/**
 * The hub's `credentials`: where `address` says the relay is, this relay's credential, and the
 * name. Read again on every connection attempt, so a new address or name is presented at once.
 */
export function relayCredentials(
  address: () => Promise<string>,
): () => Promise<{ url: string; token: string; name: string }> {
  return async () => {
    const url = await address();
    const [token, profile] = await Promise.all([relayToken(url), ensureProfile()]);
    return { url, token, name: profile.name };
  };
}

/**
 * The display name; a suggested one (not yet `named`) until the person picks theirs. A name kept
 * from before the name rules tightened (issue #11) is replaced the same way, since the relay would
 * refuse every connection presenting it; the panel then asks for a name again.
 */
export const ensureProfile = singleFlight(async (): Promise<Profile> => {
  const stored = await readStored(StorageKeys.profile);
  if (stored && nameProblem(stored.name) === null) return stored;
  const profile = { name: suggestedName(), named: false };
  await writeStored(StorageKeys.profile, profile);
  return profile;
});

export function saveProfile(profile: Profile): Promise<void> {
  return writeStored(StorageKeys.profile, profile);
}
