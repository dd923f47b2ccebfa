/**
 * The install's secret as WebCrypto keys that cannot be exported (issue #15): every room's key
 * pair (lib/e2e/keys.ts) and every relay's credential (lib/relay-credential.ts) is derived
 * through them, so once they are made the secret's bytes exist nowhere a script can read, not
 * even the extension's own pages.
 */
export interface InstallKeys {
  /** HKDF-SHA256 over the secret: room key pairs. */
  readonly derive: CryptoKey;
  /** HMAC-SHA256 under the secret: relay credentials. */
  readonly sign: CryptoKey;
}

const utf8 = new TextEncoder();

/** Both keys from one secret (its UTF-8 bytes), neither extractable. */
export async function installKeysFrom(secret: string): Promise<InstallKeys> {
  const bytes = utf8.encode(secret);
  const [derive, sign] = await Promise.all([
    crypto.subtle.importKey('raw', bytes, 'HKDF', false, ['deriveBits']),
    crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
  ]);
  return { derive, sign };
}

/** A new install's keys, from 32 random bytes written as unpadded base64url (as secrets always were). */
export function newInstallKeys(): Promise<InstallKeys> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
  return installKeysFrom(secret);
}

/** Whether `value`, as read back from storage, is a pair of install keys. */
export function isInstallKeys(value: unknown): value is InstallKeys {
  if (typeof value !== 'object' || value === null) return false;
  const { derive, sign } = value as Partial<Record<keyof InstallKeys, unknown>>;
  return (
    derive instanceof CryptoKey &&
    derive.algorithm.name === 'HKDF' &&
    !derive.extractable &&
    sign instanceof CryptoKey &&
    sign.algorithm.name === 'HMAC' &&
    !sign.extractable
  );
}
