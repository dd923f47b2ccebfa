import type { Config } from '../config.ts';
import { FileImageStore } from './file-store.ts';
import { MemoryImageStore } from './memory-store.ts';
import type { ImageStore } from './types.ts';

/**
 * The image store the configuration asks for: files under IMAGE_DIR, unless everything is in
 * memory (STORAGE=memory on one node). Several nodes (REDIS_URL) always use the files, on a
 * volume they all mount, since an image uploaded through one must be served by all.
 */
export function createImageStore(config: Config): ImageStore {
  const retention = {
    maxAgeMs: config.historyMaxAgeDays * 86_400_000,
    maxBytes: config.imagesMaxMb === 0 ? Infinity : config.imagesMaxMb * 1_048_576,
  };
  if (config.storage === 'memory' && config.redisUrl === null) return new MemoryImageStore(retention);
  return new FileImageStore(config.imageDir, retention);
}
