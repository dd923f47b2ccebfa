/**
 * Who this browser is: a random secret made once per install (never shown, never sent: each
 * relay gets a credential derived from it, issue #15) and the display name kept beside it.
 */
import { nameProblem } from '../../protocol/index.ts';
import { relayCredential } from '../lib/relay-credential.ts';
import { readStored, StorageKeys, writeStored } from '../lib/storage-keys.ts';
import type { Profile } from '../lib/domain.ts';
import { relayOrigin } from './relay-origin.ts';

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

const SUGGESTED_NAMES = ['Otter', 'Heron', 'Lynx', 'Puffin', 'Marten', 'Ibis', 'Wren', 'Gecko', 'Bison', 'Koala'];

function suggestedName(): string {
  const [pick, number] = crypto.getRandomValues(new Uint16Array(2));
  return `${SUGGESTED_NAMES[(pick ?? 0) % SUGGESTED_NAMES.length]} ${(number ?? 0) % 1000}`;
}

/**
 * Runs `make` once at a time: the first start asks for the token and the profile from several
 * places at once, and each must get the same one rather than make its own.
 */
function singleFlight<T>(make: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  return () => (running ??= make().finally(() => (running = null)));
}

/**
 * The install's secret, made and stored on first use; what keys and credentials are derived
 * from. Kept under `token`: before issue #15 it went to the relay as it is, so an install from
 * then keeps its secret and gets a new identity on each relay once.
 */
export const ensureToken = singleFlight(async (): Promise<string> => {
  const stored = await readStored(StorageKeys.token);
  if (stored && /^[A-Za-z0-9_-]{22,128}$/.test(stored)) return stored;
  const token = randomToken();
  await writeStored(StorageKeys.token, token);
  return token;
});

/**
 * What the relay at `address` is given as `auth.token` and an upload's bearer: the credential
 * for its origin, so `ws://host` and `http://host` are one relay.
 */
export async function relayToken(address: string): Promise<string> {
  const origin = relayOrigin(address);
  if (origin === null) throw new Error(`not a relay address: ${address}`);
  return relayCredential(await ensureToken(), origin);
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
