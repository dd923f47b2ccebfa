/**
 * The safety number two people compare (out of band) to know no one sits between them: both
 * sides compute it from the same two room keys, so it matches exactly when each sees the
 * other's real key.
 */
import { keyBytes } from './base64url.ts';
import { SealError } from './seal.ts';

const LABEL = new TextEncoder().encode('samepage safety number v1');
const GROUPS = 6;
const GROUP_BYTES = 5;

/**
 * SHA-256 over 'samepage safety number v1' and the two raw public keys in byte order, shown as 6
 * groups of 5 digits, each a big-endian 40-bit slice of the hash mod 100000.
 */
export async function safetyNumber(keyA: string, keyB: string): Promise<string> {
  const a = keyBytes(keyA);
  const b = keyBytes(keyB);
  if (!a || !b) throw new SealError('bad_key', 'A key is not a valid encryption key.');
  const [first, second] = compareBytes(a, b) <= 0 ? [a, b] : [b, a];
  const input = new Uint8Array(LABEL.length + 64);
  input.set(LABEL);
  input.set(first, LABEL.length);
  input.set(second, LABEL.length + 32);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', input));
  const groups: string[] = [];
  for (let group = 0; group < GROUPS; group++) {
    let value = 0;
    // 40 bits stay exact in a double.
    for (const byte of hash.subarray(group * GROUP_BYTES, (group + 1) * GROUP_BYTES)) value = value * 256 + byte;
    groups.push(String(value % 100_000).padStart(5, '0'));
  }
  return groups.join(' ');
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (const [i, byte] of a.entries()) {
    const other = b[i] ?? 0;
    if (byte !== other) return byte - other;
  }
  return 0;
}
