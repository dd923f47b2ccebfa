/**
 * What the extension presents to a relay as `auth.token` (issue #15; docs/protocol.md,
 * "Credentials per relay"): HMAC-SHA256(install secret, `samepage relay credential v1\n` + the
 * relay's origin), unpadded base64url. A relay, or anyone who reads its traffic, then holds
 * nothing it could present to another relay as this person, and the install secret itself never
 * leaves the extension.
 */
import type { InstallKeys } from './install-keys.ts';

const LABEL = 'samepage relay credential v1\n';

/** A person uses one relay at a time; a few origins cover switching back and forth. */
const CACHE_MAX = 8;

/** Per origin, with the keys it was made with: other install keys (tests) make a new one. */
const cache = new Map<string, { install: InstallKeys; credential: Promise<string> }>();

function base64url(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

async function derive(install: InstallKeys, origin: string): Promise<string> {
  return base64url(await crypto.subtle.sign('HMAC', install.sign, new TextEncoder().encode(LABEL + origin)));
}

/**
 * The credential for the relay at `origin` (`http(s)://host[:port]`, see relayOrigin): 43
 * characters, the same every time for one secret and origin, unrelated between origins.
 */
export function relayCredential(install: InstallKeys, origin: string): Promise<string> {
  const kept = cache.get(origin);
  if (kept?.install === install) return kept.credential;
  const credential = derive(install, origin);
  // A failed derivation is not kept: the next connection attempt tries again.
  credential.catch(() => {
    if (cache.get(origin)?.credential === credential) cache.delete(origin);
  });
  cache.delete(origin);
  cache.set(origin, { install, credential });
  for (const oldest of cache.keys()) {
    if (cache.size <= CACHE_MAX) break;
    cache.delete(oldest);
  }
  return credential;
}
