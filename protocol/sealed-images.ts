/**
 * Pictures in DMs (protocol v3, issue #15; docs/protocol.md, "Pictures in DMs"), the Matrix way:
 * the sender's browser encrypts each encoding of a picture with a fresh AES-256-GCM key and
 * uploads only the ciphertext (`POST /blobs`); the keys travel inside the sealed DM, in a
 * `SealedImageBody`, so the relay holds bytes it cannot read and never learns which DM they
 * belong to. The recipient fetches the ciphertext, checks its SHA-256 and decrypts it.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Failure } from './errors.ts';
import { IMAGE_ID_PATTERN } from './images.ts';
import { ALT_MAX_CHARS, IMAGE_SIDE_MAX } from './limits.ts';

const strict = { additionalProperties: false } as const;

/** 32 bytes (an AES-256 key, a SHA-256 digest) in unpadded base64url. */
const Bytes32 = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' });

/**
 * One encrypted blob: where it is (`id`, as the relay named it), how to open it (`key`, a fresh
 * AES-256-GCM key used for this blob alone; `iv`, 12 bytes), and `sha256`, the digest of the
 * ciphertext as uploaded, checked before decrypting so that a swapped blob is refused as such.
 */
export const BlobRef = Type.Object(
  {
    id: Type.String({ pattern: IMAGE_ID_PATTERN }),
    key: Bytes32,
    iv: Type.String({ pattern: '^[A-Za-z0-9_-]{16}$' }),
    sha256: Bytes32,
  },
  strict,
);

const Side = Type.Integer({ minimum: 1, maximum: IMAGE_SIDE_MAX });

/**
 * A picture in a DM, inside the seal: sizes of the full picture (long side ≤ 2048 px) and of its
 * thumbnail (≤ 320 px), both WebP (or JPEG where the browser writes no WebP) before encryption.
 */
export const SealedImageBody = Type.Object(
  {
    width: Side,
    height: Side,
    thumbWidth: Side,
    thumbHeight: Side,
    alt: Type.Optional(Type.String({ maxLength: ALT_MAX_CHARS * 2 })),
    full: BlobRef,
    thumb: BlobRef,
  },
  strict,
);

export type BlobRef = Static<typeof BlobRef>;
export type SealedImageBody = Static<typeof SealedImageBody>;

/** An uploaded blob: its id and its size in bytes, as kept. */
export interface UploadedBlob {
  id: string;
  bytes: number;
}

/** The body of the upload's answer: 201 with the blob, or an HTTP error status with the failure. */
export type BlobUploadAnswer = { ok: true; blob: UploadedBlob } | Failure;
