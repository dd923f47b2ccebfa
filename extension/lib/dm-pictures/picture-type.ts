/**
 * What a decrypted picture is, read from its bytes: WebP or JPEG, as the sender's browser
 * encodes them (image-encode.ts), and PNG. Anything else, an SVG document above all, is not
 * shown: the sender chooses these bytes, and only a plain raster picture is safe to hand an
 * `<img>` under a type the panel names itself.
 */

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  signature.every((byte, index) => bytes[at + index] === byte);

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

export function pictureType(bytes: Uint8Array): 'image/webp' | 'image/jpeg' | 'image/png' | null {
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, ...ascii('PNG\r\n'), 0x1a, 0x0a])) return 'image/png';
  return null;
}
