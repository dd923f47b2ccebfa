/**
 * Encrypted blobs as files under IMAGE_DIR, which every node of a cluster mounts:
 *
 *   blobs/<id>    one blob's bytes, as uploaded (ciphertext); its age is the file's mtime
 *   tmp/          files being written (shared with the image store, which clears it)
 *
 * A blob is written under tmp/ and renamed into place, so a reader never sees half of one. Ids
 * are random, so two uploads never share a file and a remove needs no references.
 */
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobInfo, BlobStore } from './blob-store.ts';
import { weighed } from './blob-store.ts';
import { absentAsNull, failsAsUnavailable } from './file-errors.ts';
import { isImageId, newImageId } from './image-id.ts';
import { overdue } from './retention.ts';
import type { ImageRetention } from './types.ts';

const WHAT = 'blob store';

export class FileBlobStore implements BlobStore {
  /**
   * The blobs this node knows of, to keep the size bound at each put without reading the
   * directory: rebuilt from the directory at each sweep (which adds the other nodes' uploads).
   */
  #known = new Map<string, BlobInfo>();

  constructor(
    private readonly dir: string,
    private readonly retention: ImageRetention,
    private readonly now: () => number = Date.now,
  ) {}

  async put(bytes: Buffer): Promise<BlobInfo> {
    const info = { id: newImageId(), bytes: bytes.length, at: this.now() };
    await failsAsUnavailable(async () => {
      await Promise.all(['blobs', 'tmp'].map((sub) => mkdir(join(this.dir, sub), { recursive: true })));
      const tmp = join(this.dir, 'tmp', `${newImageId()}.part`);
      await writeFile(tmp, bytes, { flag: 'wx' });
      // The age a sweep reads back, on this store's clock.
      await utimes(tmp, info.at / 1000, info.at / 1000);
      await rename(tmp, this.#file(info.id));
    }, WHAT);
    this.#known.set(info.id, info);
    await this.#drop(overdue([...this.#known.values()].map(weighed), this.retention, this.now()));
    return info;
  }

  async read(id: string): Promise<Buffer | null> {
    if (!isImageId(id)) return null;
    return failsAsUnavailable(() => absentAsNull(readFile(this.#file(id))), WHAT);
  }

  async sweep(): Promise<void> {
    const known = new Map<string, BlobInfo>();
    const names = await failsAsUnavailable(() => absentAsNull(readdir(join(this.dir, 'blobs'))), WHAT);
    for (const id of (names ?? []).filter(isImageId)) {
      const file = await failsAsUnavailable(() => absentAsNull(stat(this.#file(id))), WHAT);
      if (file !== null) known.set(id, { id, bytes: file.size, at: file.mtimeMs });
    }
    this.#known = known;
    await this.#drop(overdue([...known.values()].map(weighed), this.retention, this.now()));
  }

  #file(id: string): string {
    return join(this.dir, 'blobs', id);
  }

  async #drop(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      this.#known.delete(id);
      await failsAsUnavailable(() => absentAsNull(unlink(this.#file(id))), WHAT);
    }
  }
}
