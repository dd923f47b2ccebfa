/**
 * Who this browser is to the server: a random token made once per install (never shown,
 * never sent anywhere but the handshake) and the display name kept beside it.
 */
import { nameProblem } from '../../protocol/index.ts';
import { readStored, StorageKeys, writeStored } from '../lib/storage-keys.ts';
import type { Profile } from '../lib/domain.ts';

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

/** The install's token, made and stored on first use. */
export const ensureToken = singleFlight(async (): Promise<string> => {
  const stored = await readStored(StorageKeys.token);
  if (stored && /^[A-Za-z0-9_-]{22,128}$/.test(stored)) return stored;
  const token = randomToken();
  await writeStored(StorageKeys.token, token);
  return token;
});

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
