/**
 * What the relay keeps of an uploaded image, as an interface: the upload route puts, the
 * serving routes read, and the chat's message policy asks `info` whether a reference is real
 * (uploaded by the sender to that room) and takes its size from it. In memory for tests and
 * throwaway runs, else files in IMAGE_DIR, which several nodes share on one volume.
 */
import type { RoomKey, UserId } from '../../protocol/index.ts';

/** The two encodings kept of every image: `full` (long side ≤ 2048 px) and `thumb` (≤ 320 px). */
export type ImageVariant = 'full' | 'thumb';

/** One upload's record. */
export interface ImageInfo {
  /** Unguessable (128 random bits, base64url): knowing it is what lets one see the image. */
  id: string;
  room: RoomKey;
  /** The uploader's id in `room` (an id per room), as an image message from them says. */
  uploader: UserId;
  width: number;
  height: number;
  thumbWidth: number;
  thumbHeight: number;
  /** Size of the full encoding. */
  bytes: number;
  /** Size of the thumbnail: counted, with `bytes`, against IMAGES_MAX_MB. */
  thumbBytes: number;
  /** When it was uploaded, epoch ms. */
  at: number;
  /** SHA-256 (hex) of the full encoding: the name its files are kept under. */
  hash: string;
}

/** An encoded image ready to keep: both encodings (WebP) and their sizes in pixels. */
export interface EncodedImage {
  full: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
  thumbWidth: number;
  thumbHeight: number;
}

export interface ImageStore {
  /** Keeps `image` as uploaded by `uploader` to `room`, under a new id; answers its record. */
  put(image: EncodedImage, room: RoomKey, uploader: UserId): Promise<ImageInfo>;
  /** The record of `id`, or null if there is none (never was, removed, expired, malformed). */
  info(id: string): Promise<ImageInfo | null>;
  /** One encoding of `id`, or null if there is none. */
  read(id: string, variant: ImageVariant): Promise<Buffer | null>;
  /** Deletes `id` at once (its image message was deleted). Removing an unknown id does nothing. */
  remove(id: string): Promise<void>;
  /**
   * Deletes what is older than the retention age, then the oldest past the size bound. A put
   * keeps the size bound by itself; the images plugin runs this every few minutes for the age
   * (and, with several nodes, for what the others put).
   */
  sweep(): Promise<void>;
}

/** How long and how much a store keeps. */
export interface ImageRetention {
  /** Images older than this go (with the history: HISTORY_MAX_AGE_DAYS). */
  maxAgeMs: number;
  /** Bytes of both encodings kept at most; Infinity: no bound. */
  maxBytes: number;
}
