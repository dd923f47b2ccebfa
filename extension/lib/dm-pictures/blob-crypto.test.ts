import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../e2e/base64url.ts';
import { decryptBlob, encryptBlob, PictureError, type BlobSecrets } from './blob-crypto.ts';
import { pictureType } from './picture-type.ts';

const PICTURE = new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 a picture, as far as this test cares');

async function refusal(attempt: Promise<unknown>): Promise<PictureError> {
  const error: unknown = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PictureError);
  return error as PictureError;
}

function flipBit(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index] = (copy[index] as number) ^ 0x01;
  return copy;
}

const digestOf = async (bytes: Uint8Array): Promise<string> =>
  toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes.slice().buffer)));

describe('encrypting a picture for a DM', () => {
  it('round-trips, with a 32-byte key, a 12-byte IV and the digest of the ciphertext', async () => {
    const { ciphertext, secrets } = await encryptBlob(PICTURE);
    expect(fromBase64Url(secrets.key)?.length).toBe(32);
    expect(fromBase64Url(secrets.iv)?.length).toBe(12);
    expect(secrets.sha256).toBe(await digestOf(ciphertext));
    // AES-GCM: as long as the picture, plus its 16-byte tag, and nothing of it in clear.
    expect(ciphertext.length).toBe(PICTURE.length + 16);
    expect(pictureType(ciphertext)).toBeNull();
    expect(new TextDecoder().decode(ciphertext)).not.toContain('WEBP');
    expect(await decryptBlob(ciphertext, secrets)).toEqual(PICTURE);
  });

  it('makes a fresh key and IV every time, so one picture sent twice is two unrelated blobs', async () => {
    const [a, b] = [await encryptBlob(PICTURE), await encryptBlob(PICTURE)];
    expect(a.secrets.key).not.toBe(b.secrets.key);
    expect(a.secrets.iv).not.toBe(b.secrets.iv);
    expect(toBase64Url(a.ciphertext)).not.toBe(toBase64Url(b.ciphertext));
  });

  it('refuses a blob changed on the relay (its digest no longer matches) as tampered', async () => {
    const { ciphertext, secrets } = await encryptBlob(PICTURE);
    const error = await refusal(decryptBlob(flipBit(ciphertext, 3), secrets));
    expect(error.reason).toBe('tampered');
    expect(error.message).toMatch(/^This picture could not be decrypted/);
    expect((await refusal(decryptBlob(ciphertext.subarray(0, 20), secrets))).reason).toBe('tampered');
  });

  it('refuses another blob served in its place as tampered', async () => {
    const mine = await encryptBlob(PICTURE);
    const other = await encryptBlob(new TextEncoder().encode('another picture'));
    expect((await refusal(decryptBlob(other.ciphertext, mine.secrets))).reason).toBe('tampered');
  });

  it('refuses a changed ciphertext even under a digest that matches it (the GCM tag)', async () => {
    const { ciphertext, secrets } = await encryptBlob(PICTURE);
    const changed = flipBit(ciphertext, 5);
    const error = await refusal(decryptBlob(changed, { ...secrets, sha256: await digestOf(changed) }));
    expect(error.reason).toBe('tampered');
    expect(error.message).toMatch(/does not match its key/);
  });

  it('refuses the wrong key or IV as tampered, and a key or IV of the wrong size as unreadable', async () => {
    const { ciphertext, secrets } = await encryptBlob(PICTURE);
    const other = (await encryptBlob(PICTURE)).secrets;
    const withKey: BlobSecrets = { ...secrets, key: other.key };
    expect((await refusal(decryptBlob(ciphertext, withKey))).reason).toBe('tampered');
    expect((await refusal(decryptBlob(ciphertext, { ...secrets, iv: other.iv }))).reason).toBe('tampered');
    expect((await refusal(decryptBlob(ciphertext, { ...secrets, key: secrets.key.slice(0, 42) }))).reason).toBe(
      'unreadable',
    );
    expect((await refusal(decryptBlob(ciphertext, { ...secrets, iv: toBase64Url(new Uint8Array(16)) }))).reason).toBe(
      'unreadable',
    );
  });
});

describe('what a decrypted picture is', () => {
  const bytes = (...parts: Array<string | number[]>): Uint8Array =>
    new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));

  it('is read from its bytes: WebP, JPEG and PNG only', () => {
    expect(pictureType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp');
    expect(pictureType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(pictureType(bytes([0x89], 'PNG\r\n', [0x1a, 0x0a, 0]))).toBe('image/png');
    expect(pictureType(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'))).toBeNull();
    expect(pictureType(bytes('RIFF', [1, 2, 3, 4], 'AVI LIST'))).toBeNull();
    expect(pictureType(bytes('GIF89a'))).toBeNull();
    expect(pictureType(new Uint8Array(0))).toBeNull();
  });
});
