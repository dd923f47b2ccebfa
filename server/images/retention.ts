/**
 * Which images a store lets go: those older than the retention age, then, oldest first, as
 * many as it takes to bring what is kept under the size bound. Shared by every store so that
 * memory and files keep the same images.
 */
import type { ImageInfo, ImageRetention } from './types.ts';

type Kept = Pick<ImageInfo, 'id' | 'at' | 'bytes' | 'thumbBytes'>;

/** The ids to delete from `images` (in any order) at `now`. */
export function overdue(images: Iterable<Kept>, { maxAgeMs, maxBytes }: ImageRetention, now: number): string[] {
  const oldestFirst = [...images].sort((a, b) => a.at - b.at);
  let total = oldestFirst.reduce((sum, image) => sum + image.bytes + image.thumbBytes, 0);
  const ids: string[] = [];
  for (const image of oldestFirst) {
    if (now - image.at <= maxAgeMs && total <= maxBytes) break;
    ids.push(image.id);
    total -= image.bytes + image.thumbBytes;
  }
  return ids;
}
