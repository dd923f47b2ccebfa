/**
 * One picture on its way into a DM (docs/protocol.md, "Pictures in DMs"): the relay cannot
 * re-encode what it cannot read, so the full picture and its thumbnail are made here (free of
 * metadata, at most 2048 and 320 px), each encrypted under a key of its own, and uploaded as
 * ciphertext; the DM then carries the keys, and the hub seals it like any DM.
 */
import type { BlobRef, ProtocolError, RoomKey, SealedImageBody, UserId } from '../../../protocol/index.ts';
import { encryptBlob } from '../../lib/dm-pictures/blob-crypto.ts';
import type { BlobUpload } from '../../lib/dm-pictures/upload-blob.ts';
import { explainError } from '../../lib/explain-error.ts';
import { t } from '../../lib/i18n.ts';
import { ImageRefusal, type EncodedPicture } from '../../lib/image-encode.ts';
import type { ImageGrant } from '../../messaging/panel-hub.ts';
import { createUploadFlow, refusalWords, type ImageUpload } from './image-upload.ts';

export interface DmPictureUploadDeps {
  grant(): Promise<ImageGrant | { ok: false; error: ProtocolError }>;
  /** The full picture and its thumbnail (image-encode.ts encodePicture); throws ImageRefusal with words. */
  prepare(file: Blob): Promise<{ full: EncodedPicture; thumb: EncodedPicture }>;
  upload: BlobUpload;
  /** Where the picture goes: the open conversation's room and the other person; null when none is open. */
  conversation(): { room: RoomKey; peer: UserId } | null;
  /** Posts the picture's DM in that conversation. */
  post(body: SealedImageBody): void;
  timeoutMs?: number;
}

export function createDmPictureUpload(deps: DmPictureUploadDeps): ImageUpload {
  return createUploadFlow(async (file, abort, progress) => {
    const conversation = deps.conversation();
    if (conversation === null) return t('model_picture_no_conversation');
    let encoded: { full: EncodedPicture; thumb: EncodedPicture };
    try {
      encoded = await deps.prepare(file);
    } catch (problem) {
      if (problem instanceof ImageRefusal) return problem.message;
      throw problem;
    }
    const [full, thumb] = await Promise.all([sealPicture(encoded.full.blob), sealPicture(encoded.thumb.blob)]);
    if (abort.signal.aborted) return null;
    const grant = await deps.grant();
    if (!grant.ok) return explainError(grant.error);
    if (abort.signal.aborted) return null;
    // One bar for both uploads, in proportion to their bytes.
    const total = full.ciphertext.size + thumb.ciphertext.size;
    let done = 0;
    const refs: BlobRef[] = [];
    for (const part of [thumb, full]) {
      progress(done / total);
      const result = await deps.upload({
        base: grant.base,
        token: grant.token,
        room: conversation.room,
        to: conversation.peer,
        body: part.ciphertext,
        signal: abort.signal,
        timeoutMs: deps.timeoutMs ?? 60_000,
        onProgress: (sent) => progress((done + sent * part.ciphertext.size) / total),
      });
      if (result.outcome === 'cancelled') return null;
      if (!(result.outcome === 'answered' && result.status === 201 && result.answer?.ok)) return refusalWords(result);
      refs.push({ id: result.answer.blob.id, ...part.secrets });
      done += part.ciphertext.size;
    }
    const [thumbRef, fullRef] = refs as [BlobRef, BlobRef];
    deps.post({
      width: encoded.full.width,
      height: encoded.full.height,
      thumbWidth: encoded.thumb.width,
      thumbHeight: encoded.thumb.height,
      full: fullRef,
      thumb: thumbRef,
    });
    return null;
  });
}

async function sealPicture(picture: Blob) {
  const { ciphertext, secrets } = await encryptBlob(new Uint8Array(await picture.arrayBuffer()));
  return { ciphertext: new Blob([ciphertext.buffer as ArrayBuffer]), secrets };
}
