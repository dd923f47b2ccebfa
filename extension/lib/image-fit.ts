/**
 * How an image is made small enough to upload: at most UPLOAD_SIDE_MAX on its long side and
 * UPLOAD_BYTES_MAX in bytes. Lower quality first, then smaller sizes, until one encoding fits;
 * the encoding itself is given (image-encode.ts in a browser, a stand-in in tests).
 */

/** The relay keeps at most 2048 px on the long side (docs/protocol.md, "Images"): more is wasted upload. */
export const UPLOAD_SIDE_MAX = 2048;
/** Under the relay's default IMAGE_MAX_BYTES (1 MiB), with room to spare. */
export const UPLOAD_BYTES_MAX = 1_000_000;
/** Below this long side an image that still does not fit is not worth sending. */
const SIDE_MIN = 320;
const QUALITIES = [0.85, 0.72, 0.6] as const;
const SHRINK = 0.75;

export interface Size {
  width: number;
  height: number;
}

/** `size` scaled down (never up) so that its long side is at most `maxSide`, in whole pixels. */
export function fitWithin({ width, height }: Size, maxSide: number): Size {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Encodes the image at `size` with `quality` (0–1); only the result's size in bytes matters here. */
export type Encode<T extends { size: number } = Blob> = (size: Size, quality: number) => Promise<T>;

export interface FitLimits {
  maxSide: number;
  maxBytes: number;
}

/** The first encoding within the limits, trying quality before size; null when none is. */
export async function encodeToFit<T extends { size: number }>(
  source: Size,
  encode: Encode<T>,
  { maxSide, maxBytes }: FitLimits = { maxSide: UPLOAD_SIDE_MAX, maxBytes: UPLOAD_BYTES_MAX },
): Promise<T | null> {
  let size = fitWithin(source, maxSide);
  for (;;) {
    for (const quality of QUALITIES) {
      const blob = await encode(size, quality);
      if (blob.size <= maxBytes) return blob;
    }
    const side = Math.max(size.width, size.height);
    if (side <= SIDE_MIN) return null;
    size = fitWithin(size, Math.max(SIDE_MIN, Math.floor(side * SHRINK)));
  }
}
