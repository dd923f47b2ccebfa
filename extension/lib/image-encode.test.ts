import { describe, expect, it } from 'vitest';
import { ImageRefusal, reencodeImage } from './image-encode.ts';

const refusal = (file: Blob): Promise<string> =>
  reencodeImage(file).then(
    () => 'accepted',
    (error: unknown) => (error instanceof ImageRefusal ? error.message : `threw ${String(error)}`),
  );

describe('preparing a file for upload', () => {
  it('refuses what is not a picture the relay takes, in words, before decoding it', async () => {
    expect(await refusal(new Blob(['hello'], { type: 'text/plain' }))).toMatch(/^That file is not a picture/);
    expect(await refusal(new Blob(['<svg/>'], { type: 'image/svg+xml' }))).toMatch(/^That file is not a picture/);
    expect(await refusal(new Blob([new Uint8Array(8)]))).toMatch(/^That file is not a picture/);
  });

  it('says when a picture cannot be read', async () => {
    // happy-dom has no image decoder, as a damaged file has none that works.
    expect(await refusal(new Blob([new Uint8Array(8)], { type: 'image/png' }))).toBe(
      'That picture could not be read; it may be damaged.',
    );
  });
});
