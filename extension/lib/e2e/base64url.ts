/**
 * Unpadded base64url (RFC 4648 §5), the one spelling of keys and ciphertexts on the wire.
 * Decoding is strict, so a key or ciphertext the relay or anyone else altered in its spelling is
 * refused rather than read as other bytes.
 */

const ALPHABET = /^[A-Za-z0-9_-]*$/;

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode's argument list short for large ciphertexts.
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The bytes `text` spells, or null when it is not unpadded base64url in its canonical form. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!ALPHABET.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  // Leftover bits in the last character would let two spellings mean the same bytes.
  return toBase64Url(bytes) === text ? bytes : null;
}

/** A 32-byte X25519 key (or HPKE `enc`) from its wire spelling, or null. */
export function keyBytes(text: string): Uint8Array | null {
  const bytes = fromBase64Url(text);
  return bytes?.length === 32 ? bytes : null;
}
