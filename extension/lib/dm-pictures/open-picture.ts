/**
 * Fetches one encrypted encoding of a DM's picture from the relay, checks and decrypts it, and
 * answers it as a Blob of the type its bytes show (picture-type.ts). Every failure is a
 * PictureError whose words say why, for the panel's "could not be decrypted" state.
 */
import { BLOBS_PATH, type BlobRef } from '../../../protocol/index.ts';
import { decryptBlob, PictureError } from './blob-crypto.ts';
import { pictureType } from './picture-type.ts';

/** The largest blob a relay may serve (IMAGE_MAX_BYTES at its highest, plus the tag). */
const BLOB_BYTES_MAX = 16 * 1024 * 1024 + 16;

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export async function openPicture(
  base: string,
  ref: BlobRef,
  signal?: AbortSignal,
  fetcher: Fetch = fetch,
): Promise<Blob> {
  let response: Response;
  try {
    response = await fetcher(`${base}${BLOBS_PATH}/${encodeURIComponent(ref.id)}`, {
      credentials: 'omit',
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new PictureError('unreachable', 'This picture could not be decrypted: the chat server could not be reached.');
  }
  if (response.status === 404) {
    throw new PictureError('missing', 'This picture could not be decrypted: the chat server no longer has it.');
  }
  if (!response.ok) {
    throw new PictureError(
      'unreachable',
      `This picture could not be decrypted: the chat server answered ${response.status}.`,
    );
  }
  const ciphertext = new Uint8Array(await response.arrayBuffer());
  if (ciphertext.length > BLOB_BYTES_MAX) {
    throw new PictureError('tampered', 'This picture could not be decrypted: it was changed on the chat server.');
  }
  const plaintext = await decryptBlob(ciphertext, ref);
  const type = pictureType(plaintext);
  if (type === null) throw new PictureError('unreadable', 'This picture could not be decrypted: it is not a picture.');
  return new Blob([plaintext.buffer as ArrayBuffer], { type });
}
