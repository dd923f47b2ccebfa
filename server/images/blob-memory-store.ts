/** Encrypted blobs in this process (STORAGE=memory: tests, throwaway runs), kept like files are. */
import type { BlobInfo, BlobStore } from './blob-store.ts';
import { weighed } from './blob-store.ts';
import { newImageId } from './image-id.ts';
import { overdue } from './retention.ts';
import type { ImageRetention } from './types.ts';

export class MemoryBlobStore implements BlobStore {
  /** In upload order, so the oldest are at the front. */
  readonly #blobs = new Map<string, { info: BlobInfo; bytes: Buffer }>();

  constructor(
    private readonly retention: ImageRetention,
    private readonly now: () => number = Date.now,
  ) {}

  async put(bytes: Buffer): Promise<BlobInfo> {
    const info = { id: newImageId(), bytes: bytes.length, at: this.now() };
    this.#blobs.set(info.id, { info, bytes });
    await this.sweep();
    return info;
  }

  async read(id: string): Promise<Buffer | null> {
    return this.#blobs.get(id)?.bytes ?? null;
  }

  async sweep(): Promise<void> {
    const infos = [...this.#blobs.values()].map(({ info }) => weighed(info));
    for (const id of overdue(infos, this.retention, this.now())) this.#blobs.delete(id);
  }
}
