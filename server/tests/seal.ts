/**
 * The seal of docs/protocol.md ("End-to-end encrypted DMs"), for the tests that a sealed DM
 * crosses the relay readable by its addressee only: HPKE (RFC 9180) Auth mode, DHKEM(X25519,
 * HKDF-SHA256), HKDF-SHA256, AES-256-GCM, the contract's info and associated data.
 */
import { Aes256Gcm, CipherSuite } from '@hpke/core';
import { DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/dhkem-x25519';
import type { SealedBody, SealedInner } from '../../protocol/index.ts';

const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });
const utf8 = new TextEncoder();
const INFO = utf8.encode('samepage dm v1');

/** A person's key pair in one room, and its public key as `room:join` publishes it. */
export interface RoomKeys {
  pair: CryptoKeyPair;
  key: string;
}

export async function newRoomKeys(): Promise<RoomKeys> {
  const pair = await suite.kem.generateKeyPair();
  const key = Buffer.from(await suite.kem.serializePublicKey(pair.publicKey)).toString('base64url');
  return { pair, key };
}

/** Which DM a seal is bound to. */
export interface SealedTo {
  room: string;
  fromId: string;
  toId: string;
  clientId: string;
}

const aadOf = ({ room, fromId, toId, clientId }: SealedTo): Uint8Array =>
  utf8.encode(['samepage/dm/v1', room, fromId, toId, clientId].join('\n'));

const publicKeyOf = (key: string): Promise<CryptoKey> =>
  suite.kem.deserializePublicKey(new Uint8Array(Buffer.from(key, 'base64url')).buffer);

/** Seals `inner` from `sender` to the holder of `recipientKey`. */
export async function seal(
  inner: SealedInner,
  to: SealedTo,
  sender: RoomKeys,
  recipientKey: string,
): Promise<SealedBody> {
  const { enc, ct } = await suite.seal(
    { recipientPublicKey: await publicKeyOf(recipientKey), senderKey: sender.pair, info: INFO },
    utf8.encode(JSON.stringify(inner)),
    aadOf(to),
  );
  return { enc: Buffer.from(enc).toString('base64url'), ct: Buffer.from(ct).toString('base64url') };
}

/** Opens a sealed body as its recipient; throws when it does not open (tampered, misbound, wrong keys). */
export async function open(
  body: SealedBody,
  to: SealedTo,
  recipient: RoomKeys,
  senderKey: string,
): Promise<SealedInner> {
  const plain = await suite.open(
    {
      recipientKey: recipient.pair,
      senderPublicKey: await publicKeyOf(senderKey),
      enc: new Uint8Array(Buffer.from(body.enc, 'base64url')).buffer,
      info: INFO,
    },
    new Uint8Array(Buffer.from(body.ct, 'base64url')).buffer,
    aadOf(to),
  );
  return JSON.parse(new TextDecoder().decode(plain)) as SealedInner;
}
