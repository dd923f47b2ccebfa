/**
 * Per-room key pairs: one X25519 key pair per person, relay and room, derived from the install's
 * secret so that nothing but that secret is ever stored, and keys in two rooms cannot be matched.
 */
import type { RoomKey } from '../../../protocol/index.ts';
import type { InstallKeys } from '../install-keys.ts';
import { toBase64Url } from './base64url.ts';
import { dmSuite } from './suite.ts';

export interface RoomKeyPair {
  /** The raw X25519 public key, unpadded base64url (43 characters): what `room:join` publishes. */
  publicKey: string;
  keyPair: CryptoKeyPair;
}

const SALT = 'samepage e2e v1';
/** Rooms a person has keys for at once, with room to spare; a key is cheap to derive again. */
const CACHE_MAX = 256;

/** Per install's keys (tests use several), the pairs by origin and room, least recently used first. */
const caches = new WeakMap<InstallKeys, Map<string, Promise<RoomKeyPair>>>();
const utf8 = new TextEncoder();

/**
 * This person's key pair for one room of one relay: RFC 9180 DeriveKeyPair of
 * HKDF-SHA256(ikm = UTF-8 of the install secret, salt = 'samepage e2e v1',
 * info = relay origin + '\n' + room). Deterministic; `relayOrigin` may be any URL of the relay,
 * only its origin counts. Kept in memory for the most recently used rooms.
 */
export function roomKeyPair(install: InstallKeys, relayOrigin: string, room: RoomKey): Promise<RoomKeyPair> {
  const origin = new URL(relayOrigin).origin;
  const cacheKey = `${origin}\n${room}`;
  const cache = cacheOf(install);
  const cached = cache.get(cacheKey);
  if (cached) {
    cache.delete(cacheKey);
    cache.set(cacheKey, cached);
    return cached;
  }
  const derived = derive(install, origin, room);
  cache.set(cacheKey, derived);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
  derived.catch(() => {
    if (cache.get(cacheKey) === derived) cache.delete(cacheKey);
  });
  return derived;
}

function cacheOf(install: InstallKeys): Map<string, Promise<RoomKeyPair>> {
  const kept = caches.get(install);
  if (kept) return kept;
  const made = new Map<string, Promise<RoomKeyPair>>();
  caches.set(install, made);
  return made;
}

async function derive(install: InstallKeys, origin: string, room: RoomKey): Promise<RoomKeyPair> {
  const ikm = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: utf8.encode(SALT), info: utf8.encode(`${origin}\n${room}`) },
    install.derive,
    256,
  );
  const kem = dmSuite().kem;
  const keyPair = await kem.deriveKeyPair(ikm);
  const publicKey = toBase64Url(new Uint8Array(await kem.serializePublicKey(keyPair.publicKey)));
  return { publicKey, keyPair };
}
