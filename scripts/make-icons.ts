/**
 * Draws the toolbar and store icons (extension/public/icon/<size>.png, which WXT puts in the
 * manifest) from extension/assets/icon.svg. Run after changing the drawing:
 * `node --import tsx scripts/make-icons.ts`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const SIZES = [16, 32, 48, 128];
const root = join(import.meta.dirname, '..');
const out = join(root, 'extension/public/icon');
mkdirSync(out, { recursive: true });
for (const size of SIZES) {
  await sharp(join(root, 'extension/assets/icon.svg'), { density: 72 * (size / 128) * 4 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(join(out, `${size}.png`));
}
