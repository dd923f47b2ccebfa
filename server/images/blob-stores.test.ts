/**
 * The blob stores' contract, in memory and in files: put and read, unknown and malformed ids,
 * retention by age and by size, oldest first; and for files, what a sweep learns of blobs
 * another node put in the shared directory.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileBlobStore } from './blob-file-store.ts';
import { MemoryBlobStore } from './blob-memory-store.ts';
import type { BlobStore } from './blob-store.ts';
import type { ImageRetention } from './types.ts';

const DAY = 86_400_000;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-blob-store-'));
  dirs.push(dir);
  return dir;
}

const kinds = {
  memory: (retention: ImageRetention, now: () => number) => new MemoryBlobStore(retention, now),
  files: (retention: ImageRetention, now: () => number, dir = tempDir()) => new FileBlobStore(dir, retention, now),
};

describe.each(Object.entries(kinds))('%s blob store', (_kind, make) => {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const store = (retention: Partial<ImageRetention> = {}): BlobStore =>
    make({ maxAgeMs: 30 * DAY, maxBytes: Infinity, ...retention }, () => clock.now);

  it('keeps bytes under a new unguessable id each time, even the same bytes', async () => {
    const blobs = store();
    const bytes = Buffer.from('ciphertext, as far as the relay knows');
    const first = await blobs.put(bytes);
    expect(first).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), bytes: bytes.length, at: clock.now });
    const second = await blobs.put(bytes);
    expect(second.id).not.toBe(first.id);
    expect(await blobs.read(first.id)).toEqual(bytes);
    expect(await blobs.read(second.id)).toEqual(bytes);
  });

  it('answers null for an unknown or malformed id', async () => {
    const blobs = store();
    for (const id of ['AAAAAAAAAAAAAAAAAAAAAA', '../../../../etc/passwd', '', 'a/b'])
      expect(await blobs.read(id)).toBeNull();
  });

  it('lets a blob go once it is older than the retention age', async () => {
    const blobs = store({ maxAgeMs: 7 * DAY });
    const old = await blobs.put(Buffer.alloc(100, 1));
    clock.now += 6 * DAY;
    const recent = await blobs.put(Buffer.alloc(100, 2));
    clock.now += 2 * DAY;
    await blobs.sweep();
    expect(await blobs.read(old.id)).toBeNull();
    expect(await blobs.read(recent.id)).toEqual(Buffer.alloc(100, 2));
  });

  it('keeps under the size bound by letting the oldest go first', async () => {
    const blobs = store({ maxBytes: 250 });
    const ids = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await blobs.put(Buffer.alloc(100, i))).id);
      clock.now += 1000;
    }
    expect(await blobs.read(ids[0] as string)).toBeNull();
    expect(await blobs.read(ids[1] as string)).not.toBeNull();
    expect(await blobs.read(ids[2] as string)).not.toBeNull();
  });
});

describe('file blob store shared by two nodes', () => {
  it('serves what the other put, and a sweep on either applies the bounds to both', async () => {
    const dir = tempDir();
    const clock = { now: Date.UTC(2026, 0, 1) };
    const retention = { maxAgeMs: 7 * DAY, maxBytes: Infinity };
    const a = new FileBlobStore(dir, retention, () => clock.now);
    const b = new FileBlobStore(dir, retention, () => clock.now);
    const put = await a.put(Buffer.from('from node a'));
    expect(await b.read(put.id)).toEqual(Buffer.from('from node a'));
    clock.now += 8 * DAY;
    await b.sweep();
    expect(await a.read(put.id)).toBeNull();
    expect(readdirSync(join(dir, 'blobs'))).toEqual([]);
  });
});
