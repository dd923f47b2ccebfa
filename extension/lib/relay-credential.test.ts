import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TOKEN_PATTERN } from '../../protocol/index.ts';
import { relayCredential } from './relay-credential.ts';
import { keysOf } from '../testing/install-keys.ts';

const secret = randomBytes(32).toString('base64url');

/** The same derivation by another implementation (Node's), from docs/protocol.md's words. */
const expected = (key: string, origin: string): string =>
  createHmac('sha256', key).update(`samepage relay credential v1\n${origin}`).digest('base64url');

describe('relayCredential', () => {
  it('is HMAC-SHA256 of the origin under the install secret, as unpadded base64url the relay takes', async () => {
    const credential = await relayCredential(await keysOf(secret), 'https://relay.example');
    expect(credential).toBe(expected(secret, 'https://relay.example'));
    expect(credential).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(credential).toMatch(new RegExp(TOKEN_PATTERN));
    expect(credential).not.toContain(secret);
  });

  it('is the same every time for one origin, and unrelated between origins', async () => {
    const origins = [
      'https://relay.example',
      'https://relay.example:8443',
      'https://other.example',
      'http://localhost:3000',
    ];
    const first = await Promise.all(origins.map(async (origin) => relayCredential(await keysOf(secret), origin)));
    expect(new Set(first).size).toBe(origins.length);
    expect(await Promise.all(origins.map(async (origin) => relayCredential(await keysOf(secret), origin)))).toEqual(
      first,
    );
  });

  it('follows a new secret for an origin it derived before', async () => {
    const other = randomBytes(32).toString('base64url');
    const before = await relayCredential(await keysOf(secret), 'https://relay.example');
    const after = await relayCredential(await keysOf(other), 'https://relay.example');
    expect(after).toBe(expected(other, 'https://relay.example'));
    expect(after).not.toBe(before);
  });

  it('keeps deriving correctly past its cache of a few origins', async () => {
    const origins = Array.from({ length: 20 }, (_, i) => `https://relay${i}.example`);
    for (const origin of origins) await relayCredential(await keysOf(secret), origin);
    for (const origin of origins)
      expect(await relayCredential(await keysOf(secret), origin)).toBe(expected(secret, origin));
  });
});
