import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from './base64url.ts';
import { safetyNumber } from './safety-number.ts';
import { SealError } from './seal.ts';

const key = (fill: number) => toBase64Url(new Uint8Array(32).fill(fill));
const ALICE_KEY = 'QBYw9YsZ6DvcfHiwxiVaHBGeB-UuhcbgTkP2YKqrG1o';
const BOB_KEY = 'CZT9668yXFU1P2P_NKnwzx9xjObXG4H6I3SLT9rjYH8';

/** The rule of safety-number.ts in the words of its doc comment, on Node's own SHA-256. */
function referenceNumber(a: string, b: string): string {
  const [first, second] = [Buffer.from(a, 'base64url'), Buffer.from(b, 'base64url')].sort(Buffer.compare);
  const hash = createHash('sha256')
    .update('samepage safety number v1')
    .update(first as Buffer)
    .update(second as Buffer)
    .digest();
  return Array.from({ length: 6 }, (_, i) => String(hash.readUIntBE(i * 5, 5) % 100_000).padStart(5, '0')).join(' ');
}

describe('safetyNumber', () => {
  it('is six groups of five digits', async () => {
    expect(await safetyNumber(ALICE_KEY, BOB_KEY)).toMatch(/^(\d{5} ){5}\d{5}$/);
  });

  it('is the same on both sides', async () => {
    expect(await safetyNumber(ALICE_KEY, BOB_KEY)).toBe(await safetyNumber(BOB_KEY, ALICE_KEY));
  });

  it('is what its rule gives, computed apart', async () => {
    expect(await safetyNumber(ALICE_KEY, BOB_KEY)).toBe(referenceNumber(ALICE_KEY, BOB_KEY));
    // 0x68… spells 'a…' and 0xfb… spells '-…': sorting the spellings would put them the other way.
    expect(await safetyNumber(key(0xfb), key(0x68))).toBe(referenceNumber(key(0x68), key(0xfb)));
  });

  it('does not drift between builds', async () => {
    expect(await safetyNumber(key(1), key(2))).toBe('49787 39946 75393 32349 63560 59487');
  });

  it('changes when either key changes', async () => {
    const base = await safetyNumber(ALICE_KEY, BOB_KEY);
    expect(await safetyNumber(key(7), BOB_KEY)).not.toBe(base);
    expect(await safetyNumber(ALICE_KEY, key(7))).not.toBe(base);
  });

  it('refuses what is not a key', async () => {
    await expect(safetyNumber('short', BOB_KEY)).rejects.toBeInstanceOf(SealError);
    await expect(safetyNumber(ALICE_KEY, `${'a'.repeat(42)}=`)).rejects.toMatchObject({ reason: 'bad_key' });
  });
});
