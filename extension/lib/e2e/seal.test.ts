import { describe, expect, it } from 'vitest';
import { SEALED_CT_MAX_CHARS, TEXT_MAX_CHARS } from '../../../protocol/index.ts';
import type { SealedBody, SealedInner } from '../../../protocol/messages.ts';
import { ALICE, BOB, CAROL, OTHER_PAGE_ROOM, PAGE_ROOM } from '../../testing/envelopes.ts';
import { referenceOpen, referencePrivateKey } from '../../testing/hpke-reference.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { roomKeyPair, type RoomKeyPair } from './keys.ts';
import { openDm, sealDm, SealError, type DmAad } from './seal.ts';
import { dmSuite } from './suite.ts';
import { keysOf } from '../../testing/install-keys.ts';

const RELAY = 'https://relay.example';
const aliceKeys = async () => roomKeyPair(await keysOf('alice-install-secret-000000000000'), RELAY, PAGE_ROOM);
const BOB_SECRET = 'bob-install-secret-00000000000000';
const bobKeys = async () => roomKeyPair(await keysOf(BOB_SECRET), RELAY, PAGE_ROOM);
const carolKeys = async () => roomKeyPair(await keysOf('carol-install-secret-000000000000'), RELAY, PAGE_ROOM);
const AAD: DmAad = { room: PAGE_ROOM, from: ALICE.id, to: BOB.id, clientId: 'client-0001' };

const INNERS: SealedInner[] = [
  {
    kind: 'text',
    body: {
      text: 'Hé 👋 "quoted" \\ back\nslash',
      reply: { id: 'm1', from: BOB, snippet: 'earlier' },
      mentions: [BOB.id],
      quote: { text: 'a passage', prefix: 'before ', suffix: ' after' },
    },
  },
  { kind: 'reaction', body: { target: 'm1', emoji: '👍', on: true } },
  { kind: 'edit', body: { target: 'm1', text: 'fixed', mentions: [] } },
  { kind: 'delete', body: { target: 'm1' } },
  {
    kind: 'image',
    body: {
      width: 2048,
      height: 1536,
      thumbWidth: 320,
      thumbHeight: 240,
      alt: 'a cat',
      full: { id: 'A'.repeat(22), key: 'k'.repeat(43), iv: 'i'.repeat(16), sha256: 's'.repeat(43) },
      thumb: { id: 'B'.repeat(22), key: 'K'.repeat(43), iv: 'I'.repeat(16), sha256: 'S'.repeat(43) },
    },
  },
];

async function sealed(inner: SealedInner = INNERS[0] as SealedInner): Promise<SealedBody> {
  return sealDm(inner, await aliceKeys(), (await bobKeys()).publicKey, AAD);
}

/** Bob opens, with Alice's published key unless told otherwise. */
async function bobOpens(body: SealedBody, aad: DmAad = AAD, senderKey?: string, recipient?: RoomKeyPair) {
  return openDm(body, recipient ?? (await bobKeys()), senderKey ?? (await aliceKeys()).publicKey, aad);
}

async function refusal(attempt: Promise<unknown>): Promise<SealError> {
  const error: unknown = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SealError);
  return error as SealError;
}

function flipBit(text: string, byteIndex: number): string {
  const bytes = fromBase64Url(text) as Uint8Array;
  bytes[byteIndex] = (bytes[byteIndex] as number) ^ 0x01;
  return toBase64Url(bytes);
}

/** Seals any plaintext exactly as sealDm would, to check what openDm makes of it. */
async function sealRaw(plaintext: string): Promise<SealedBody> {
  const utf8 = new TextEncoder();
  const recipientPublicKey = await dmSuite().kem.importKey(
    'raw',
    (fromBase64Url((await bobKeys()).publicKey) as Uint8Array).buffer as ArrayBuffer,
    true,
  );
  const { ct, enc } = await dmSuite().seal(
    { recipientPublicKey, senderKey: (await aliceKeys()).keyPair, info: utf8.encode('samepage dm v1') },
    utf8.encode(plaintext),
    utf8.encode(['samepage/dm/v1', AAD.room, AAD.from, AAD.to, AAD.clientId].join('\n')),
  );
  return { enc: toBase64Url(new Uint8Array(enc)), ct: toBase64Url(new Uint8Array(ct)) };
}

describe('sealDm and openDm', () => {
  it.each(INNERS.map((inner) => [inner.kind, inner] as const))('round-trips a %s', async (_kind, inner) => {
    const body = await sealed(inner);
    expect(body.enc).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.ct).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await bobOpens(body)).toEqual(inner);
  });

  it('shows the relay nothing of the words', async () => {
    const body = await sealed({ kind: 'text', body: { text: 'meet me at noon' } });
    const onTheWire = JSON.stringify(body);
    expect(onTheWire).not.toContain('noon');
    expect(onTheWire).not.toContain('text');
  });

  it('seals the same message differently each time', async () => {
    const inner: SealedInner = { kind: 'text', body: { text: 'same' } };
    const [a, b] = await Promise.all([sealed(inner), sealed(inner)]);
    expect(a.enc).not.toBe(b.enc);
    expect(a.ct).not.toBe(b.ct);
  });

  it('opens a DM sealed by an earlier build (the scheme does not drift)', async () => {
    // Sealed once by this module from Alice's to Bob's keys above, with AAD above.
    const vector: SealedBody = {
      enc: 'CZT9668yXFU1P2P_NKnwzx9xjObXG4H6I3SLT9rjYH8',
      ct: 'Sj6Qd9tD3uSP7EihIOYE4GwFK5eJCUBLrtn6nLnDMyNm5b6oxvpa5KAzxMrW40ocVZOYNV5wJxrlJSXHeaY',
    };
    expect(await bobOpens(vector)).toEqual({ kind: 'text', body: { text: 'known answer' } });
  });

  it('seals what RFC 9180 Auth mode opens, computed apart with node:crypto', async () => {
    const inner: SealedInner = { kind: 'text', body: { text: 'checked by another implementation' } };
    const body = await sealed(inner);
    const bobSk = referencePrivateKey(BOB_SECRET, RELAY, PAGE_ROOM);
    const aad = ['samepage/dm/v1', AAD.room, AAD.from, AAD.to, AAD.clientId].join('\n');
    expect(JSON.parse(referenceOpen(bobSk, (await aliceKeys()).publicKey, body, aad))).toEqual(inner);
    const carolKey = (await carolKeys()).publicKey;
    expect(() => referenceOpen(bobSk, carolKey, body, aad)).toThrow();
  });

  it('refuses a flipped bit in the ciphertext or in enc as tampered', async () => {
    const body = await sealed();
    const lastByte = (fromBase64Url(body.ct) as Uint8Array).length - 1;
    for (const changed of [
      { ...body, ct: flipBit(body.ct, 0) },
      { ...body, ct: flipBit(body.ct, lastByte) },
      { ...body, enc: flipBit(body.enc, 3) },
    ]) {
      const error = await refusal(bobOpens(changed));
      expect(error.reason).toBe('tampered');
      expect(error.message).toMatch(/could not be decrypted/);
    }
  });

  it.each([
    ['room', { room: OTHER_PAGE_ROOM }],
    ['from', { from: CAROL.id }],
    ['to', { to: CAROL.id }],
    ['clientId', { clientId: 'client-0002' }],
  ] as const)('refuses the DM under another %s as tampered', async (_field, change) => {
    const error = await refusal(bobOpens(await sealed(), { ...AAD, ...change }));
    expect(error.reason).toBe('tampered');
  });

  it('refuses a sender and recipient swapped in the AAD as tampered', async () => {
    const error = await refusal(bobOpens(await sealed(), { ...AAD, from: AAD.to, to: AAD.from }));
    expect(error.reason).toBe('tampered');
  });

  it('refuses to open for anyone but the recipient', async () => {
    const error = await refusal(bobOpens(await sealed(), AAD, undefined, await carolKeys()));
    expect(error.reason).toBe('tampered');
  });

  it('refuses a DM that is not from the sender key it claims (Auth mode)', async () => {
    const error = await refusal(bobOpens(await sealed(), AAD, (await carolKeys()).publicKey));
    expect(error.reason).toBe('tampered');
  });

  it("refuses Alice's room key of another room as the sender key", async () => {
    const aliceElsewhere = await roomKeyPair(await keysOf('alice-install-secret-000000000000'), RELAY, OTHER_PAGE_ROOM);
    const error = await refusal(bobOpens(await sealed(), AAD, aliceElsewhere.publicKey));
    expect(error.reason).toBe('tampered');
  });

  it.each([
    ['not JSON', 'hello'],
    ['JSON but no inner', '{"text":"hi"}'],
    ['an image', JSON.stringify({ kind: 'image', body: { image: 'x', width: 1, height: 1 } })],
    [
      "a room picture's body (an upload id, no keys)",
      JSON.stringify({
        kind: 'image',
        body: { id: 'A'.repeat(22), width: 1, height: 1, thumbWidth: 1, thumbHeight: 1 },
      }),
    ],
    [
      'a picture whose key is not 32 bytes',
      JSON.stringify({
        kind: 'image',
        body: {
          width: 1,
          height: 1,
          thumbWidth: 1,
          thumbHeight: 1,
          full: { id: 'A'.repeat(22), key: 'k'.repeat(42), iv: 'i'.repeat(16), sha256: 's'.repeat(43) },
          thumb: { id: 'B'.repeat(22), key: 'k'.repeat(43), iv: 'i'.repeat(16), sha256: 's'.repeat(43) },
        },
      }),
    ],
    ['a sealed inside a sealed', JSON.stringify({ kind: 'sealed', body: { enc: 'a'.repeat(43), ct: 'b'.repeat(40) } })],
    ['a text body that breaks its schema', JSON.stringify({ kind: 'text', body: { text: 'hi', extra: 1 } })],
    ['a blank text', JSON.stringify({ kind: 'text', body: { text: '   ' } })],
    [
      'a reaction that is not an emoji',
      JSON.stringify({ kind: 'reaction', body: { target: 'm1', emoji: 'ok', on: true } }),
    ],
    ['a third key', JSON.stringify({ kind: 'delete', body: { target: 'm1' }, extra: true })],
    ['an array', '[]'],
  ])('refuses %s sealed properly as malformed', async (_what, plaintext) => {
    const error = await refusal(bobOpens(await sealRaw(plaintext)));
    expect(error.reason).toBe('malformed');
  });

  it('opens what sealRaw seals when it is a valid inner (the malformed cases are not tampered)', async () => {
    expect(await bobOpens(await sealRaw('{"kind":"delete","body":{"target":"m9"}}'))).toEqual({
      kind: 'delete',
      body: { target: 'm9' },
    });
  });

  it.each([
    ['too short', 'a'.repeat(42)],
    ['too long', 'a'.repeat(44)],
    ['not base64url', `${'a'.repeat(42)}+`],
    ['empty', ''],
  ])('refuses a recipient key that is %s as bad_key', async (_what, key) => {
    const error = await refusal(sealDm(INNERS[0] as SealedInner, await aliceKeys(), key, AAD));
    expect(error.reason).toBe('bad_key');
  });

  it('refuses a sender key or enc that is not 32 bytes as bad_key', async () => {
    const body = await sealed();
    expect((await refusal(bobOpens(body, AAD, 'a'.repeat(42)))).reason).toBe('bad_key');
    expect((await refusal(bobOpens({ ...body, enc: 'a'.repeat(44) }))).reason).toBe('bad_key');
    expect((await refusal(bobOpens({ ...body, enc: `${'a'.repeat(42)}=` }))).reason).toBe('bad_key');
  });

  it('refuses a low-order recipient key, which gives no shared secret, as bad_key', async () => {
    const zero = toBase64Url(new Uint8Array(32));
    const error = await refusal(sealDm(INNERS[0] as SealedInner, await aliceKeys(), zero, AAD));
    expect(error.reason).toBe('bad_key');
  });

  it('refuses to seal what no recipient would accept', async () => {
    const notInner = { kind: 'text', body: { text: '' } } as SealedInner;
    expect((await refusal(sealed(notInner))).reason).toBe('malformed');
  });

  it('fits the largest text body the contract allows', async () => {
    const body = await sealed({
      kind: 'text',
      body: {
        text: '😀'.repeat(TEXT_MAX_CHARS),
        reply: { id: 'm'.repeat(64), from: BOB, snippet: '\u0001'.repeat(280) },
        mentions: Array.from({ length: 20 }, (_, i) => `${String(i).padStart(2, '0')}${'u'.repeat(41)}`),
        quote: { text: '😀'.repeat(500), prefix: '😀'.repeat(64), suffix: '😀'.repeat(64) },
      },
    });
    expect(body.ct.length).toBeLessThanOrEqual(SEALED_CT_MAX_CHARS);
    expect((await bobOpens(body)).kind).toBe('text');
  });

  it('refuses to seal a message too long for the relay, saying so', async () => {
    const error = await refusal(
      sealed({
        kind: 'text',
        body: { text: 'hi', reply: { id: 'm1', from: { id: BOB.id, name: 'b'.repeat(30_000) } } },
      }),
    );
    expect(error.reason).toBe('malformed');
    expect(error.message).toMatch(/too long/);
  });
});
