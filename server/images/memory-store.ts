/**
 * Images in this process (STORAGE=memory: tests, throwaway runs), with the same retention as
 * the files: the bound is on memory here, so IMAGES_MAX_MB matters more, not less.
 */
import type { RoomKey, UserId } from '../../protocol/index.ts';
import { newImageInfo } from './image-info.ts';
import { overdue } from './retention.ts';
import type { EncodedImage, ImageInfo, ImageRetention, ImageStore, ImageVariant } from './types.ts';

interface Kept {
  info: ImageInfo;
  full: Buffer;
  thumb: Buffer;
}

export class MemoryImageStore implements ImageStore {
  /** In upload order, so the oldest are at the front. */
  readonly #images = new Map<string, Kept>();

  constructor(
    private readonly retention: ImageRetention,
    private readonly now: () => number = Date.now,
  ) {}

  async put(image: EncodedImage, room: RoomKey, uploader: UserId): Promise<ImageInfo> {
    const { full, thumb } = image;
    const info = newImageInfo(image, room, uploader, this.now());
    this.#images.set(info.id, { info, full, thumb });
    await this.sweep();
    return info;
  }

  async info(id: string): Promise<ImageInfo | null> {
    return this.#images.get(id)?.info ?? null;
  }

  async read(id: string, variant: ImageVariant): Promise<Buffer | null> {
    return this.#images.get(id)?.[variant] ?? null;
  }

  async remove(id: string): Promise<void> {
    this.#images.delete(id);
  }

  async sweep(): Promise<void> {
    const infos = [...this.#images.values()].map(({ info }) => info);
    for (const id of overdue(infos, this.retention, this.now())) this.#images.delete(id);
  }
}
