import { describe, expect, it } from 'vitest';
import { encodeToFit, fitWithin, UPLOAD_BYTES_MAX, UPLOAD_SIDE_MAX, type Size } from './image-fit.ts';

/** An encoder whose output's byte count grows with the pixels and the quality, and records what it was asked. */
function encoder(bytesPerPixelAtFull: number) {
  const calls: Array<{ size: Size; quality: number }> = [];
  const encode = async (size: Size, quality: number): Promise<{ size: number }> => {
    calls.push({ size, quality });
    return { size: Math.round(size.width * size.height * bytesPerPixelAtFull * quality) };
  };
  return { calls, encode };
}

describe('fitting an image for upload', () => {
  it('scales the long side down to the limit, keeping the aspect, never up', () => {
    expect(fitWithin({ width: 4032, height: 3024 }, 2048)).toEqual({ width: 2048, height: 1536 });
    expect(fitWithin({ width: 1000, height: 5000 }, 2048)).toEqual({ width: 410, height: 2048 });
    expect(fitWithin({ width: 640, height: 480 }, 2048)).toEqual({ width: 640, height: 480 });
    expect(fitWithin({ width: 10_000, height: 1 }, 2048)).toEqual({ width: 2048, height: 1 });
  });

  it('encodes a small picture once, at its own size and the best quality', async () => {
    const { calls, encode } = encoder(0.5);
    const blob = await encodeToFit({ width: 800, height: 600 }, encode);
    expect(calls).toEqual([{ size: { width: 800, height: 600 }, quality: 0.85 }]);
    expect(blob?.size).toBe(204_000);
  });

  it('never asks for more than the long-side limit', async () => {
    const { calls, encode } = encoder(0.1);
    await encodeToFit({ width: 6000, height: 4000 }, encode);
    expect(calls[0]?.size).toEqual({ width: UPLOAD_SIDE_MAX, height: 1365 });
  });

  it('lowers the quality before the size, then shrinks until it fits the byte limit', async () => {
    const { calls, encode } = encoder(0.6);
    const blob = await encodeToFit({ width: 2048, height: 2048 }, encode);
    if (blob === null) throw new Error('nothing fitted');
    expect(blob.size).toBeLessThanOrEqual(UPLOAD_BYTES_MAX);
    // Every quality at full size first, then smaller sizes.
    expect(calls.slice(0, 3).map((call) => [call.size.width, call.quality])).toEqual([
      [2048, 0.85],
      [2048, 0.72],
      [2048, 0.6],
    ]);
    expect(calls[3]?.size.width).toBe(1536);
    const last = calls.at(-1);
    expect(last && Math.round(last.size.width * last.size.height * 0.6 * last.quality)).toBe(blob.size);
  });

  it('gives up (null) when even a small version is over the limit', async () => {
    const { calls, encode } = encoder(100);
    expect(await encodeToFit({ width: 3000, height: 2000 }, encode)).toBeNull();
    const last = calls.at(-1)?.size;
    expect(last && Math.max(last.width, last.height)).toBe(320);
  });

  it('takes other limits when given', async () => {
    const { encode } = encoder(1);
    const blob = await encodeToFit({ width: 1000, height: 1000 }, encode, { maxSide: 500, maxBytes: 150_000 });
    expect(blob?.size).toBeLessThanOrEqual(150_000);
  });
});
