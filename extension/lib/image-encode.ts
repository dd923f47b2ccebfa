/**
 * Re-encodes a picture the person chose before it leaves the browser: decoded with
 * createImageBitmap (EXIF orientation applied) and drawn on an OffscreenCanvas, so what is
 * uploaded carries none of the file's metadata (camera, GPS position). WebP where the browser
 * encodes it, JPEG elsewhere; made small enough by image-fit.ts.
 */
import { t } from './i18n.ts';
import { encodeToFit, UPLOAD_BYTES_MAX, UPLOAD_SIDE_MAX, type FitLimits, type Size } from './image-fit.ts';

/** Why a file cannot be sent, in words for the person. */
export class ImageRefusal extends Error {}

/** Larger files are refused before decoding: a picture from any camera is well under this. */
export const PICK_BYTES_MAX = 50 * 1024 * 1024;

/** Types the relay takes (docs/protocol.md, "Images"); SVG is a document, not a picture. */
const TAKEN = /^image\/(png|jpeg|webp|gif|avif)$/;

export async function reencodeImage(file: Blob): Promise<Blob> {
  return withBitmap(file, async (bitmap) => (await encodeWithin(bitmap, FULL_LIMITS)).blob);
}

/** One encoding of a picture and its size in pixels. */
export interface EncodedPicture extends Size {
  blob: Blob;
}

/** The relay's thumbnails are at most 320 px on the long side (docs/protocol.md, "Images"). */
export const THUMB_SIDE_MAX = 320;
const FULL_LIMITS: FitLimits = { maxSide: UPLOAD_SIDE_MAX, maxBytes: UPLOAD_BYTES_MAX };
const THUMB_LIMITS: FitLimits = { maxSide: THUMB_SIDE_MAX, maxBytes: 100_000 };

/**
 * A picture for a DM, where the relay cannot re-encode (it holds only ciphertext): the full
 * encoding and a thumbnail, both made here, from one decode, and their sizes.
 */
export async function encodePicture(file: Blob): Promise<{ full: EncodedPicture; thumb: EncodedPicture }> {
  return withBitmap(file, async (bitmap) => ({
    full: await encodeWithin(bitmap, FULL_LIMITS),
    thumb: await encodeWithin(bitmap, THUMB_LIMITS),
  }));
}

async function withBitmap<T>(file: Blob, use: (bitmap: ImageBitmap) => Promise<T>): Promise<T> {
  if (!TAKEN.test(file.type)) {
    throw new ImageRefusal(t('media_not_a_picture'));
  }
  if (file.size > PICK_BYTES_MAX) throw new ImageRefusal(t('media_file_too_large', PICK_BYTES_MAX / 1024 / 1024));
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new ImageRefusal(t('media_unreadable'));
  }
  try {
    return await use(bitmap);
  } finally {
    bitmap.close();
  }
}

async function encodeWithin(bitmap: ImageBitmap, limits: FitLimits): Promise<EncodedPicture> {
  let type = 'image/webp';
  let drawn: Size = { width: bitmap.width, height: bitmap.height };
  const encode = async (size: Size, quality: number): Promise<Blob> => {
    drawn = size;
    const blob = await draw(bitmap, size, type).convertToBlob({ type, quality });
    // A browser that cannot write WebP writes PNG instead, which would never shrink.
    if (blob.type === type) return blob;
    type = 'image/jpeg';
    return encode(size, quality);
  };
  const fitted = await encodeToFit({ width: bitmap.width, height: bitmap.height }, encode, limits);
  if (fitted === null) throw new ImageRefusal(t('media_too_detailed'));
  // encodeToFit answers the last encoding it asked for, so `drawn` is its size.
  return { blob: fitted, ...drawn };
}

function draw(bitmap: ImageBitmap, { width, height }: Size, type: string): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new ImageRefusal(t('media_browser_cannot_prepare'));
  // JPEG has no transparency: transparent parts would turn black.
  if (type === 'image/jpeg') {
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
  }
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas;
}
