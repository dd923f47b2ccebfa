/**
 * The encryption of a DM's picture (docs/protocol.md, "Pictures in DMs"), the Matrix way: each
 * encoding is encrypted with AES-256-GCM under a key and IV made for it alone, so the relay keeps
 * bytes it cannot read; the key, the IV and the SHA-256 of the ciphertext go inside the sealed
 * DM. The recipient checks the digest before decrypting, so a blob swapped or cut short on the
 * relay is refused as such, and GCM's tag refuses any bit changed under a digest that matches.
 * WebCrypto only; the key is extractable just long enough to be written into the DM.
 */
import type { BlobRef } from '../../../protocol/index.ts';
import { fromBase64Url, toBase64Url } from '../e2e/base64url.ts';

/** What a blob is opened with: a BlobRef without the id, which the relay gives on upload. */
export type BlobSecrets = Omit<BlobRef, 'id'>;

export type PictureErrorReason = 'unreachable' | 'missing' | 'tampered' | 'unreadable';

/** Why a DM's picture cannot be shown, in words for the panel. */
export class PictureError extends Error {
  readonly reason: PictureErrorReason;

  constructor(reason: PictureErrorReason, message: string) {
    super(message);
    this.name = 'PictureError';
    this.reason = reason;
  }
}

const IV_BYTES = 12;

const bufferOf = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

async function sha256(bytes: Uint8Array): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', bufferOf(bytes))));
}

/** Encrypts `plaintext` under a fresh key and IV; answers the ciphertext and what opens it. */
export async function encryptBlob(plaintext: Uint8Array): Promise<{ ciphertext: Uint8Array; secrets: BlobSecrets }> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, bufferOf(plaintext)));
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', key));
  return {
    ciphertext,
    secrets: { key: toBase64Url(raw), iv: toBase64Url(iv), sha256: await sha256(ciphertext) },
  };
}

/** Checks `ciphertext` against its digest, then decrypts it; throws PictureError. */
export async function decryptBlob(ciphertext: Uint8Array, secrets: BlobSecrets): Promise<Uint8Array> {
  const raw = fromBase64Url(secrets.key);
  const iv = fromBase64Url(secrets.iv);
  if (raw?.length !== 32 || iv?.length !== IV_BYTES) {
    throw new PictureError('unreadable', 'This picture could not be decrypted: its key is not a valid key.');
  }
  if ((await sha256(ciphertext)) !== secrets.sha256) {
    throw new PictureError('tampered', 'This picture could not be decrypted: it was changed on the chat server.');
  }
  const key = await crypto.subtle.importKey('raw', bufferOf(raw), 'AES-GCM', false, ['decrypt']);
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bufferOf(iv) }, key, bufferOf(ciphertext)),
    );
  } catch {
    throw new PictureError('tampered', 'This picture could not be decrypted: it does not match its key.');
  }
}
