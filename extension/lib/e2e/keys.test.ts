import { createHmac, createPrivateKey, createPublicKey, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PUBLIC_KEY_PATTERN } from '../../../protocol/index.ts';
import { OTHER_PAGE_ROOM, PAGE_ROOM } from '../../testing/envelopes.ts';
import { roomKeyPair } from './keys.ts';

/** The scheme of keys.ts spelled out step by step on Node's own crypto, to check it against. */
function independentPublicKey(secret: string, origin: string, room: string): string {
  const ikm = Buffer.from(hkdfSync('sha256', secret, 'samepage e2e v1', `${origin}\n${room}`, 32));
  // RFC 9180 §7.1.3 DeriveKeyPair for DHKEM(X25519, HKDF-SHA256): suite_id "KEM" || 0x0020.
  const labeled = (label: string) => Buffer.concat([Buffer.from('HPKE-v1KEM'), Buffer.from([0, 0x20]), Buffer.from(label)]);
  const dkpPrk = createHmac('sha256', Buffer.alloc(32)).update(Buffer.concat([labeled('dkp_prk'), ikm])).digest();
  const sk = createHmac('sha256', dkpPrk)
    .update(Buffer.concat([Buffer.from([0, 32]), labeled('sk'), Buffer.from([1])]))
    .digest();
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), sk]);
  const jwk = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'jwk' });
  return String(jwk.x);
}

const SECRET = 'install-secret-0123456789abcdefghij';
const RELAY = 'https://relay.example';

describe('roomKeyPair', () => {
  it('derives the known key for a fixed secret, relay and room', async () => {
    // Fixed once computed: a change here changes every published key and strands every mailbox.
    const { publicKey } = await roomKeyPair(SECRET, RELAY, PAGE_ROOM);
    expect(publicKey).toBe('QBYw9YsZ6DvcfHiwxiVaHBGeB-UuhcbgTkP2YKqrG1o');
  });

  it('derives what RFC 9180 DeriveKeyPair over HKDF gives, computed apart with node:crypto', async () => {
    const { publicKey } = await roomKeyPair(SECRET, RELAY, PAGE_ROOM);
    expect(publicKey).toMatch(new RegExp(PUBLIC_KEY_PATTERN));
    expect(publicKey).toBe(independentPublicKey(SECRET, RELAY, PAGE_ROOM));
  });

  it('gives the same key for the same inputs, also once forgotten from the cache', async () => {
    const first = await roomKeyPair(SECRET, RELAY, PAGE_ROOM);
    // More rooms than the cache keeps, so the first pair is derived anew.
    for (let i = 0; i < 300; i++) await roomKeyPair(SECRET, RELAY, i.toString(16).padStart(64, '0'));
    const again = await roomKeyPair(SECRET, RELAY, PAGE_ROOM);
    expect(again.publicKey).toBe(first.publicKey);
  });

  it('keeps a pair while it is in use', async () => {
    const first = await roomKeyPair(SECRET, RELAY, PAGE_ROOM);
    expect(await roomKeyPair(SECRET, RELAY, PAGE_ROOM)).toBe(first);
  });

  it('counts only the relay origin, not the path of its URL', async () => {
    const byOrigin = await roomKeyPair(SECRET, RELAY, PAGE_ROOM);
    expect((await roomKeyPair(SECRET, `${RELAY}/socket.io/`, PAGE_ROOM)).publicKey).toBe(byOrigin.publicKey);
  });

  it('gives another key for another room, relay or secret', async () => {
    const base = (await roomKeyPair(SECRET, RELAY, PAGE_ROOM)).publicKey;
    const others = await Promise.all([
      roomKeyPair(SECRET, RELAY, OTHER_PAGE_ROOM),
      roomKeyPair(SECRET, 'https://other-relay.example', PAGE_ROOM),
      roomKeyPair(SECRET, 'http://relay.example', PAGE_ROOM),
      roomKeyPair(`${SECRET}x`, RELAY, PAGE_ROOM),
    ]);
    const keys = new Set([base, ...others.map((pair) => pair.publicKey)]);
    expect(keys.size).toBe(5);
  });
});
