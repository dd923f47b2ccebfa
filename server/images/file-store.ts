/**
 * Images as files under IMAGE_DIR, which every node of a cluster mounts (a shared volume), so
 * an image uploaded through one node is served by any:
 *
 *   files/<sha256>.webp, files/<sha256>.thumb.webp   the encodings, named by the full one's hash
 *   records/<id>.json                                 one upload's record (ImageInfo)
 *   refs/<sha256>/<id>                                which uploads use a pair of files
 *   tmp/                                              files being written
 *
 * Every file is written under tmp/ and renamed into place, so a reader never sees half a file
 * and two nodes writing the same image at once both succeed (the bytes are the same). The
 * record is written last: an id is known only once its files are there. The same picture
 * uploaded twice is kept once; its files go when the last upload that uses it does.
 */
import { mkdir, readdir, readFile, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RoomKey, UserId } from '../../protocol/index.ts';
import { absentAsNull, failsAsUnavailable } from './file-errors.ts';
import { isImageId, newImageId } from './image-id.ts';
import { newImageInfo } from './image-info.ts';
import { overdue } from './retention.ts';
import type { EncodedImage, ImageInfo, ImageRetention, ImageStore, ImageVariant } from './types.ts';

/** A file no record accounts for, older than this, was left by a process that died meanwhile. */
const LEFTOVER_AGE_MS = 3_600_000;

export class FileImageStore implements ImageStore {
  /**
   * The records this node knows of, to keep the size bound at each put without reading the
   * directory: rebuilt from the directory at each sweep (which adds the other nodes' uploads).
   */
  #known = new Map<string, ImageInfo>();

  constructor(
    private readonly dir: string,
    private readonly retention: ImageRetention,
    private readonly now: () => number = Date.now,
  ) {}

  async put(image: EncodedImage, room: RoomKey, uploader: UserId): Promise<ImageInfo> {
    const { full, thumb } = image;
    const info = newImageInfo(image, room, uploader, this.now());
    const hash = info.hash;
    await failsAsUnavailable(async () => {
      await Promise.all(['files', 'records', 'tmp'].map((sub) => mkdir(join(this.dir, sub), { recursive: true })));
      // The reference first: a remove of the same picture meanwhile then keeps (or puts back) its files.
      await this.#addRef(hash, info.id);
      await this.#place(this.#file(hash, 'full'), full);
      await this.#place(this.#file(hash, 'thumb'), thumb);
      await this.#place(this.#record(info.id), Buffer.from(JSON.stringify(info)));
    });
    this.#known.set(info.id, info);
    for (const id of overdue(this.#known.values(), this.retention, this.now())) await this.remove(id);
    return info;
  }

  async info(id: string): Promise<ImageInfo | null> {
    if (!isImageId(id)) return null;
    const text = await failsAsUnavailable(() => absentAsNull(readFile(this.#record(id), 'utf8')));
    if (text === null) return null;
    try {
      return JSON.parse(text) as ImageInfo;
    } catch {
      return null; // Not written by put (which renames whole files into place): not an image.
    }
  }

  async read(id: string, variant: ImageVariant): Promise<Buffer | null> {
    const info = await this.info(id);
    if (info === null) return null;
    return failsAsUnavailable(() => absentAsNull(readFile(this.#file(info.hash, variant))));
  }

  async remove(id: string): Promise<void> {
    const info = await this.info(id);
    this.#known.delete(id);
    if (info === null) return;
    const { hash } = info;
    await failsAsUnavailable(async () => {
      await absentAsNull(unlink(this.#record(id)));
      await absentAsNull(unlink(join(this.#refs(hash), id)));
      if (!(await this.#dropRefs(hash))) return;
      for (const variant of ['full', 'thumb'] as const) await this.#dropFile(hash, variant);
    });
  }

  async sweep(): Promise<void> {
    const known = new Map<string, ImageInfo>();
    const names = await failsAsUnavailable(() => absentAsNull(readdir(join(this.dir, 'records'))));
    for (const name of names ?? []) {
      const id = name.replace(/\.json$/, '');
      const info = await this.info(id);
      if (info !== null) known.set(id, info);
    }
    this.#known = known;
    for (const id of overdue(known.values(), this.retention, this.now())) await this.remove(id);
    await failsAsUnavailable(async () => {
      await this.#clearLeftovers(known);
      await this.#clearTmp();
    });
  }

  #file(hash: string, variant: ImageVariant): string {
    return join(this.dir, 'files', variant === 'full' ? `${hash}.webp` : `${hash}.thumb.webp`);
  }

  #record(id: string): string {
    return join(this.dir, 'records', `${id}.json`);
  }

  #refs(hash: string): string {
    return join(this.dir, 'refs', hash);
  }

  #tmp(): string {
    return join(this.dir, 'tmp', `${newImageId()}.part`);
  }

  /** Writes `bytes` to `path` whole or not at all. */
  async #place(path: string, bytes: Buffer): Promise<void> {
    const tmp = this.#tmp();
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, path);
  }

  async #addRef(hash: string, id: string): Promise<void> {
    // A remove of the last other upload of this picture may delete the folder in between: make it again.
    for (let attempt = 1; ; attempt++) {
      try {
        await mkdir(this.#refs(hash), { recursive: true });
        await writeFile(join(this.#refs(hash), id), '');
        return;
      } catch (error) {
        if (attempt === 5 || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }

  /** Deletes the folder of `hash`'s references if it is empty; answers whether it did. */
  async #dropRefs(hash: string): Promise<boolean> {
    try {
      await rmdir(this.#refs(hash));
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT') return false;
      throw error;
    }
  }

  /**
   * Deletes a file no upload uses any more, unless an upload of the same picture came in
   * meanwhile: the file is moved aside first, and moved back if a reference has appeared
   * (an upload that comes later writes the file again itself).
   */
  async #dropFile(hash: string, variant: ImageVariant): Promise<void> {
    const aside = this.#tmp();
    if ((await absentAsNull(rename(this.#file(hash, variant), aside))) === null) return;
    const revived = (await absentAsNull(stat(this.#refs(hash)))) !== null;
    await (revived ? rename(aside, this.#file(hash, variant)) : unlink(aside));
  }

  /**
   * Deletes what a process that died halfway through a put or a remove left behind, once it is
   * old enough that no put can still be writing it: references without a record, and files
   * without references.
   */
  async #clearLeftovers(known: ReadonlyMap<string, ImageInfo>): Promise<void> {
    for (const hash of (await absentAsNull(readdir(join(this.dir, 'refs')))) ?? []) {
      const ids = (await absentAsNull(readdir(this.#refs(hash)))) ?? [];
      for (const id of ids.filter((id) => !known.has(id))) await this.#unlinkIfStale(join(this.#refs(hash), id));
      if (await this.#dropRefs(hash))
        for (const variant of ['full', 'thumb'] as const) await this.#dropFile(hash, variant);
    }
    for (const name of (await absentAsNull(readdir(join(this.dir, 'files')))) ?? []) {
      const hash = name.replace(/\..*$/, '');
      if ((await absentAsNull(stat(this.#refs(hash)))) === null)
        await this.#unlinkIfStale(join(this.dir, 'files', name));
    }
  }

  async #clearTmp(): Promise<void> {
    const dir = join(this.dir, 'tmp');
    for (const name of (await absentAsNull(readdir(dir))) ?? []) await this.#unlinkIfStale(join(dir, name));
  }

  async #unlinkIfStale(path: string): Promise<void> {
    const info = await absentAsNull(stat(path));
    if (info !== null && this.now() - info.mtimeMs > LEFTOVER_AGE_MS) await absentAsNull(unlink(path));
  }
}
