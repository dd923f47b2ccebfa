/**
 * Uploads an image to a test relay over real HTTP, as the panel does before it posts the image's
 * reference (docs/protocol.md, "Images"). Through node:http rather than the test page's fetch,
 * which happy-dom would hold to a page origin's rules.
 */
import { request } from 'node:http';
import sharp from 'sharp';
import { IMAGES_PATH, type ImageUploadAnswer, type UploadedImage } from '../../protocol/index.ts';

/** A PNG of one colour, `width` × `height`. */
export const solidPng = (width: number, height: number): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .png()
    .toBuffer();

/** Uploads `bytes` to `room` as the holder of `token` (who must have joined it). */
export function uploadImage(relayUrl: string, room: string, token: string, bytes: Buffer): Promise<UploadedImage> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${IMAGES_PATH}?room=${room}`, relayUrl);
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'image/png', 'Content-Length': bytes.length };
    const sending = request(url, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ImageUploadAnswer;
        if (answer.ok) resolve(answer.image);
        else reject(new Error(`upload refused (${response.statusCode}): ${answer.error.message}`));
      });
    });
    sending.on('error', reject);
    sending.end(bytes);
  });
}
