/**
 * Image ids: 128 random bits in base64url (22 characters). An image is served to whoever
 * knows its id, so the id must be unguessable; it is also a file name, so every id is checked
 * against the pattern before it comes near a path.
 */
import { randomBytes } from 'node:crypto';
import { IMAGE_ID_PATTERN } from '../../protocol/index.ts';

const IMAGE_ID = new RegExp(IMAGE_ID_PATTERN);

export function newImageId(): string {
  return randomBytes(16).toString('base64url');
}

/** Whether `value` has the shape of an id this relay makes (not whether the image exists). */
export function isImageId(value: string): boolean {
  return IMAGE_ID.test(value);
}
