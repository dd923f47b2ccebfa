/**
 * samepage's key derivation and DM seal (docs/protocol.md, "End-to-end encrypted DMs") spelled
 * out step by step on Node's own crypto from RFC 9180, to check extension/lib/e2e against an
 * implementation it shares no code with.
 */
import { createDecipheriv, createHmac, createPrivateKey, createPublicKey, diffieHellman, hkdfSync } from 'node:crypto';

const KEM_SUITE = Buffer.concat([Buffer.from('KEM'), Buffer.from([0, 0x20])]);
// HPKE suite: KEM 0x0020, KDF 0x0001 (HKDF-SHA256), AEAD 0x0002 (AES-256-GCM).
const HPKE_SUITE = Buffer.concat([Buffer.from('HPKE'), Buffer.from([0, 0x20, 0, 1, 0, 2])]);
const MODE_AUTH = 2;

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

function labeledExtract(suite: Buffer, salt: Buffer, label: string, ikm: Buffer): Buffer {
  return hmac(
    salt.length > 0 ? salt : Buffer.alloc(32),
    Buffer.concat([Buffer.from('HPKE-v1'), suite, Buffer.from(label), ikm]),
  );
}

function labeledExpand(suite: Buffer, prk: Buffer, label: string, info: Buffer, length: number): Buffer {
  const labeledInfo = Buffer.concat([
    Buffer.from([0, length]),
    Buffer.from('HPKE-v1'),
    suite,
    Buffer.from(label),
    info,
  ]);
  let block = Buffer.alloc(0);
  const out: Buffer[] = [];
  for (let i = 1; Buffer.concat(out).length < length; i++) {
    block = hmac(prk, Buffer.concat([block, labeledInfo, Buffer.from([i])]));
    out.push(block);
  }
  return Buffer.concat(out).subarray(0, length);
}

const privateKey = (sk: Buffer) =>
  createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), sk]),
    format: 'der',
    type: 'pkcs8',
  });
const publicKey = (pk: Buffer) =>
  createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: pk.toString('base64url') }, format: 'jwk' });
const publicBytes = (sk: Buffer) =>
  Buffer.from(String(createPublicKey(privateKey(sk)).export({ format: 'jwk' }).x), 'base64url');

/** The raw private key of keys.ts' roomKeyPair: HKDF, then RFC 9180 §7.1.3 DeriveKeyPair. */
export function referencePrivateKey(secret: string, origin: string, room: string): Buffer {
  const ikm = Buffer.from(hkdfSync('sha256', secret, 'samepage e2e v1', `${origin}\n${room}`, 32));
  const dkpPrk = labeledExtract(KEM_SUITE, Buffer.alloc(0), 'dkp_prk', ikm);
  return labeledExpand(KEM_SUITE, dkpPrk, 'sk', Buffer.alloc(0), 32);
}

export function referencePublicKey(secret: string, origin: string, room: string): string {
  return publicBytes(referencePrivateKey(secret, origin, room)).toString('base64url');
}

/** Opens a sealed DM's first (only) message the way RFC 9180 §5.1.3 and §6.1 say, Auth mode. */
export function referenceOpen(
  recipientSk: Buffer,
  senderPk: string,
  sealed: { enc: string; ct: string },
  aad: string,
): string {
  const enc = Buffer.from(sealed.enc, 'base64url');
  const pkS = Buffer.from(senderPk, 'base64url');
  const dh = Buffer.concat([
    diffieHellman({ privateKey: privateKey(recipientSk), publicKey: publicKey(enc) }),
    diffieHellman({ privateKey: privateKey(recipientSk), publicKey: publicKey(pkS) }),
  ]);
  const kemContext = Buffer.concat([enc, publicBytes(recipientSk), pkS]);
  const eaePrk = labeledExtract(KEM_SUITE, Buffer.alloc(0), 'eae_prk', dh);
  const sharedSecret = labeledExpand(KEM_SUITE, eaePrk, 'shared_secret', kemContext, 32);
  const pskIdHash = labeledExtract(HPKE_SUITE, Buffer.alloc(0), 'psk_id_hash', Buffer.alloc(0));
  const infoHash = labeledExtract(HPKE_SUITE, Buffer.alloc(0), 'info_hash', Buffer.from('samepage dm v1'));
  const context = Buffer.concat([Buffer.from([MODE_AUTH]), pskIdHash, infoHash]);
  const secret = labeledExtract(HPKE_SUITE, sharedSecret, 'secret', Buffer.alloc(0));
  const key = labeledExpand(HPKE_SUITE, secret, 'key', context, 32);
  const nonce = labeledExpand(HPKE_SUITE, secret, 'base_nonce', context, 12);
  const ct = Buffer.from(sealed.ct, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(ct.subarray(ct.length - 16));
  return Buffer.concat([decipher.update(ct.subarray(0, ct.length - 16)), decipher.final()]).toString('utf8');
}
