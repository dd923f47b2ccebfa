/**
 * Turns uploaded bytes into the two WebP encodings the relay serves, or says why not. What the
 * bytes are is read from the bytes (the request's Content-Type and any file name are the
 * sender's word); the size is read from the header before anything is decoded, so a small
 * file that would unpack to gigabytes (a decompression bomb) is refused unopened. Re-encoding
 * applies the EXIF orientation and drops every piece of metadata (location, camera, comments).
 */
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { EncodedImage } from './types.ts';

/** Long side of the full encoding and of the thumbnail, in pixels. */
export const FULL_MAX_SIDE = 2048;
export const THUMB_MAX_SIDE = 320;

/** The types taken, by what the bytes say they are; an animation keeps its first frame. */
const ACCEPTED = new Map([
  ['image/jpeg', 'JPEG'],
  ['image/png', 'PNG'],
  ['image/webp', 'WebP'],
  ['image/gif', 'GIF'],
  ['image/avif', 'AVIF'],
]);

/** How long one decode and encode may take: a hostile file must not hold a worker for long. */
const TIMEOUT_SECONDS = 20;

export type Encoding =
  | { ok: true; image: EncodedImage }
  /** 415: not a type the relay takes; 422: such a type, but undecodable or too large. */
  | { ok: false; status: 415 | 422; message: string };

export async function encodeImage(bytes: Buffer, maxPixels: number): Promise<Encoding> {
  const type = await fileTypeFromBuffer(bytes);
  if (type === undefined || !ACCEPTED.has(type.mime)) {
    const what = type === undefined ? 'an unknown type' : type.mime;
    return {
      ok: false,
      status: 415,
      message: `the file is ${what}; images must be ${[...ACCEPTED.values()].join(', ')}`,
    };
  }
  let width: number;
  let height: number;
  try {
    // The header alone, with no pixel limit: so the answer can give the size it refuses.
    ({ width, height } = await sharp(bytes, { limitInputPixels: false }).metadata());
  } catch {
    return undecodable(type.mime);
  }
  if (width * height > maxPixels) {
    return {
      ok: false,
      status: 422,
      message: `the image is ${width}×${height} pixels, over the relay's limit of ${Number((maxPixels / 1e6).toFixed(1))} megapixels`,
    };
  }
  try {
    const full = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' })
      .rotate()
      .resize({ width: FULL_MAX_SIDE, height: FULL_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .timeout({ seconds: TIMEOUT_SECONDS })
      .toBuffer({ resolveWithObject: true });
    const thumb = await sharp(full.data)
      .resize({ width: THUMB_MAX_SIDE, height: THUMB_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .timeout({ seconds: TIMEOUT_SECONDS })
      .toBuffer({ resolveWithObject: true });
    return {
      ok: true,
      image: {
        full: full.data,
        thumb: thumb.data,
        width: full.info.width,
        height: full.info.height,
        thumbWidth: thumb.info.width,
        thumbHeight: thumb.info.height,
      },
    };
  } catch {
    return undecodable(type.mime);
  }
}

function undecodable(mime: string): Encoding {
  return { ok: false, status: 422, message: `the file looks like ${mime} but cannot be decoded` };
}
