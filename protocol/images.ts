/**
 * Images over HTTP (docs/protocol.md, "Images (HTTP)"): an image is uploaded with
 * `POST /images?room=<room key>` and served at `GET /images/<id>` and `/images/<id>/thumb`;
 * Socket.IO carries only its id. What the upload answers, and the shape of an id.
 */
import type { Failure } from './errors.ts';

/** An image id: 128 random bits in base64url. Knowing it is what lets one see the image. */
export const IMAGE_ID_PATTERN = '^[A-Za-z0-9_-]{22}$';

/** Where images are uploaded (with `?room=`) and served from (`/<id>`, `/<id>/thumb`). */
export const IMAGES_PATH = '/images';

/** An uploaded image as the relay keeps it: re-encoded as WebP, sizes in pixels after EXIF orientation. */
export interface UploadedImage {
  id: string;
  /** The full image: long side at most 2048. */
  width: number;
  height: number;
  /** The thumbnail: long side at most 320. */
  thumbWidth: number;
  thumbHeight: number;
  /** Size of the full image as served, in bytes. */
  bytes: number;
}

/** The body of the upload's answer: 201 with the image, or an HTTP error status with the failure. */
export type ImageUploadAnswer = { ok: true; image: UploadedImage } | Failure;

// Pictures in DMs (sealed-images.ts): plain constants here, so that importing them does not
// bring TypeBox into the extension's bundles.
/** Where encrypted blobs are uploaded (`?room=`) and served from (`/<id>`). */
export const BLOBS_PATH = '/blobs';

/**
 * What AES-256-GCM adds to a picture: its 16-byte tag. A blob may exceed the relay's
 * IMAGE_MAX_BYTES by this much, so any picture the relay would take as an image fits as a blob.
 */
export const BLOB_OVERHEAD_BYTES = 16;
