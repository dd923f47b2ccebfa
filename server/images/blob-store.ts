/**
 * Encrypted blobs (issue #15, docs/protocol.md "Pictures in DMs"): the pictures of DMs, which
 * the sender's browser encrypted before upload. The relay keeps bytes it cannot read, under an
 * unguessable id, and never decodes them; it does not even know which DM they belong to. Kept
 * as long as room pictures (HISTORY_MAX_AGE_DAYS), so a picture stays viewable in a conversation
 * as long as the extension keeps the DM that holds its key, and bounded by IMAGES_MAX_MB of
 * their own. In memory on one node with STORAGE=memory, else files beside the images.
 */
import type { Config } from '../config.ts';
import { FileBlobStore } from './blob-file-store.ts';
import { MemoryBlobStore } from './blob-memory-store.ts';
import type { ImageRetention } from './types.ts';

/** One blob's record. */
export interface BlobInfo {
  /** Unguessable (128 random bits, base64url), like an image id. */
  id: string;
  bytes: number;
  /** When it was uploaded, epoch ms. */
  at: number;
}

export interface BlobStore {
  /** Keeps `bytes` under a new id; answers its record. */
  put(bytes: Buffer): Promise<BlobInfo>;
  /** The bytes of `id`, or null if there are none (never were, expired, malformed id). */
  read(id: string): Promise<Buffer | null>;
  /** Deletes what is past the retention age, then the oldest past the size bound. */
  sweep(): Promise<void>;
}

export function createBlobStore(config: Config, now: () => number = Date.now): BlobStore {
  const retention: ImageRetention = {
    maxAgeMs: config.historyMaxAgeDays * 86_400_000,
    maxBytes: config.imagesMaxMb === 0 ? Infinity : config.imagesMaxMb * 1_048_576,
  };
  if (config.storage === 'memory' && config.redisUrl === null) return new MemoryBlobStore(retention, now);
  return new FileBlobStore(config.imageDir, retention, now);
}

/** What retention.ts weighs of a blob: it has no thumbnail of its own (each encoding is a blob). */
export const weighed = ({ id, at, bytes }: BlobInfo) => ({ id, at, bytes, thumbBytes: 0 });
