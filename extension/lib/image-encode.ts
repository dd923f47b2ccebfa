/**
 * Re-encodes a picture the person chose before it leaves the browser: decoded with
 * createImageBitmap (EXIF orientation applied) and drawn on an OffscreenCanvas, so what is
 * uploaded carries none of the file's metadata (camera, GPS position). WebP where the browser
 * encodes it, JPEG elsewhere; made small enough by image-fit.ts.
 */
import { encodeToFit, type Size } from './image-fit.ts';

/** Why a file cannot be sent, in words for the person. */
export class ImageRefusal extends Error {}

/** Larger files are refused before decoding: a picture from any camera is well under this. */
export const PICK_BYTES_MAX = 50 * 1024 * 1024;

/** Types the relay takes (docs/protocol.md, "Images"); SVG is a document, not a picture. */
const TAKEN = /^image\/(png|jpeg|webp|gif|avif)$/;

export async function reencodeImage(file: Blob): Promise<Blob> {
  if (!TAKEN.test(file.type)) {
    throw new ImageRefusal('That file is not a picture: you can send PNG, JPEG, WebP, GIF or AVIF images.');
  }
  if (file.size > PICK_BYTES_MAX) throw new ImageRefusal('That picture is too large (over 50 MB) to send.');
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new ImageRefusal('That picture could not be read; it may be damaged.');
  }
  try {
    let type = 'image/webp';
    const encode = async (size: Size, quality: number): Promise<Blob> => {
      const blob = await draw(bitmap, size, type).convertToBlob({ type, quality });
      // A browser that cannot write WebP writes PNG instead, which would never shrink.
      if (blob.type === type) return blob;
      type = 'image/jpeg';
      return encode(size, quality);
    };
    const fitted = await encodeToFit({ width: bitmap.width, height: bitmap.height }, encode);
    if (fitted === null) throw new ImageRefusal('That picture is too detailed to send, even made smaller.');
    return fitted;
  } finally {
    bitmap.close();
  }
}

function draw(bitmap: ImageBitmap, { width, height }: Size, type: string): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new ImageRefusal('This browser cannot prepare pictures for sending.');
  // JPEG has no transparency: transparent parts would turn black.
  if (type === 'image/jpeg') {
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
  }
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas;
}
