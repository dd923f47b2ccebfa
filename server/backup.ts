/**
 * A backup of a running relay's state on disk, in one tar archive laid out as a DATA_DIR:
 *
 *   samepage.db   the SQLite database, whole (it needs no -wal file beside it)
 *   images/       IMAGE_DIR: images (files/, records/, refs/) and DMs' encrypted pictures (blobs/)
 *
 * Restoring is unpacking it into an empty directory and starting the relay with DATA_DIR set to
 * it (docs/operations.md). A tar file rather than a folder: it is one file that appears only
 * whole (written beside its name and renamed), is easy to copy off the host and rotate, and
 * keeps the files' times, which the image and blob stores read as their ages.
 *
 * The database is copied first, by SQLite's online backup API from a connection of its own: in
 * WAL mode it reads one consistent snapshot while the relay goes on writing, so nothing stops.
 * The images are copied after it, so every image a kept message shows was there to be copied;
 * images uploaded meanwhile come along unreferenced and age out like any other.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Config } from './config.ts';
import { openSqlite, type SqliteDatabase } from './stores/sqlite-driver.ts';

export const DATABASE_FILE = 'samepage.db';
export const IMAGES_FOLDER = 'images';

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupSummary {
  /** The database's pages copied; null when the state is not in SQLite (Redis keeps it). */
  pages: number | null;
  /** Files copied from IMAGE_DIR. */
  files: number;
}

/**
 * Writes the archive to `target` (replacing a file there only once the new one is complete).
 * With REDIS_URL the database is in Redis, which is backed up by Redis's own means, and only
 * the images are archived.
 */
export async function backup(
  config: Pick<Config, 'storage' | 'dataDir' | 'imageDir' | 'redisUrl'>,
  target: string,
): Promise<BackupSummary> {
  if (config.storage === 'memory' && config.redisUrl === null) {
    throw new BackupError('STORAGE=memory keeps nothing on disk: there is nothing to back up');
  }
  const file = resolve(target);
  // Beside the target, not in /tmp: the copy may be as large as the data, and the rename atomic.
  const staging = await mkdtemp(join(dirname(file), `.${basename(file)}-`));
  const partial = `${file}.partial`;
  try {
    const pages =
      config.redisUrl === null
        ? await copyDatabase(join(resolve(config.dataDir), DATABASE_FILE), join(staging, DATABASE_FILE))
        : null;
    const files = await copyFiles(resolve(config.imageDir), join(staging, IMAGES_FOLDER), (name) => name === 'tmp');
    await promisify(execFile)('tar', ['-cf', partial, '-C', staging, '.']);
    await rename(partial, file);
    return { pages, files };
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(partial, { force: true });
  }
}

async function copyDatabase(source: string, destination: string): Promise<number> {
  let db: SqliteDatabase;
  try {
    db = openSqlite(source, { readonly: true });
  } catch (error) {
    throw new BackupError(`cannot open the database ${source} (is DATA_DIR the relay's?): ${String(error)}`);
  }
  try {
    // All pages in one step (the driver's backup): a write by the relay between two steps starts
    // the copy over, which a busy relay could do forever; one step reads one snapshot, and under
    // WAL a reader never holds up the relay's writes.
    return await db.backup(destination);
  } finally {
    db.close();
  }
}

/** Copies the files under `from`, with their times; a file removed meanwhile is skipped. */
async function copyFiles(from: string, to: string, skipTop: (name: string) => boolean): Promise<number> {
  await mkdir(to, { recursive: true });
  const entries = await readdir(from, { withFileTypes: true }).catch(absentAs([]));
  let copied = 0;
  for (const entry of entries) {
    if (skipTop(entry.name)) continue;
    const source = join(from, entry.name);
    const destination = join(to, entry.name);
    if (entry.isDirectory()) copied += await copyFiles(source, destination, () => false);
    else if (entry.isFile() && (await copyOne(source, destination))) copied++;
  }
  return copied;
}

async function copyOne(source: string, destination: string): Promise<boolean> {
  try {
    const { atime, mtime } = await stat(source);
    await copyFile(source, destination);
    await utimes(destination, atime, mtime);
    return true;
  } catch (error) {
    return absentAs(false)(error);
  }
}

/** A retention sweep may remove a file or folder between listing and copying: not an error. */
const absentAs =
  <T>(value: T) =>
  (error: unknown): T => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return value;
    throw error;
  };
