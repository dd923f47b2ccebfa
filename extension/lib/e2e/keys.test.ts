import { describe, expect, it } from 'vitest';
import { PUBLIC_KEY_PATTERN } from '../../../protocol/index.ts';
import { OTHER_PAGE_ROOM, PAGE_ROOM } from '../../testing/envelopes.ts';
import { referencePublicKey } from '../../testing/hpke-reference.ts';
import { roomKeyPair } from './keys.ts';
import { keysOf } from '../../testing/install-keys.ts';

const SECRET = 'install-secret-0123456789abcdefghij';
const RELAY = 'https://relay.example';

describe('roomKeyPair', () => {
  it('derives the known key for a fixed secret, relay and room', async () => {
    // Fixed once computed: a change here changes every published key and strands every mailbox.
    const { publicKey } = await roomKeyPair(await keysOf(SECRET), RELAY, PAGE_ROOM);
    expect(publicKey).toBe('QBYw9YsZ6DvcfHiwxiVaHBGeB-UuhcbgTkP2YKqrG1o');
  });

  it('derives what RFC 9180 DeriveKeyPair over HKDF gives, computed apart with node:crypto', async () => {
    const { publicKey } = await roomKeyPair(await keysOf(SECRET), RELAY, PAGE_ROOM);
    expect(publicKey).toMatch(new RegExp(PUBLIC_KEY_PATTERN));
    expect(publicKey).toBe(referencePublicKey(SECRET, RELAY, PAGE_ROOM));
  });

  it('gives the same key for the same inputs, also once forgotten from the cache', async () => {
    const first = await roomKeyPair(await keysOf(SECRET), RELAY, PAGE_ROOM);
    // More rooms than the cache keeps, so the first pair is derived anew.
    for (let i = 0; i < 300; i++) await roomKeyPair(await keysOf(SECRET), RELAY, i.toString(16).padStart(64, '0'));
    const again = await roomKeyPair(await keysOf(SECRET), RELAY, PAGE_ROOM);
    expect(again.publicKey).toBe(first.publicKey);
  });

  it('keeps a pair while it is in use', async () => {
    const first = await roomKeyPair(await keysOf(SECRET), RELAY, PAGE_ROOM);
    expect(await roomKeyPair(await keysOf(SECRET), RELAY, PAGE_ROOM)).toBe(first);
  });

  it('counts only the relay origin, not the path of its URL', async () => {
    const byOrigin = await roomKeyPair(await keysOf(SECRET), RELAY, PAGE_ROOM);
    expect((await roomKeyPair(await keysOf(SECRET), `${RELAY}/socket.io/`, PAGE_ROOM)).publicKey).toBe(
      byOrigin.publicKey,
    );
  });

  it('gives another key for another room, relay or secret', async () => {
    const base = (await roomKeyPair(await keysOf(SECRET), RELAY, PAGE_ROOM)).publicKey;
    const others = await Promise.all([
      roomKeyPair(await keysOf(SECRET), RELAY, OTHER_PAGE_ROOM),
      roomKeyPair(await keysOf(SECRET), 'https://other-relay.example', PAGE_ROOM),
      roomKeyPair(await keysOf(SECRET), 'http://relay.example', PAGE_ROOM),
      roomKeyPair(await keysOf(`${SECRET}x`), RELAY, PAGE_ROOM),
    ]);
    const keys = new Set([base, ...others.map((pair) => pair.publicKey)]);
    expect(keys.size).toBe(5);
  });
});
