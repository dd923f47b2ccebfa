/**
 * What a file of store tests shares: temporary data directories, a real redis-server started for
 * the file, and stores opened (once ready) and closed, with their directories, after each test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Stores } from '../stores/types.ts';
import { sleep } from './harness.ts';
import { startRedis, type TestRedis } from './redis-server.ts';

export interface StoreFixtures {
  /** The file's redis-server; read it inside tests, it starts before them. */
  readonly redis: TestRedis;
  /** A fresh directory, removed after the test. */
  tempDir(): string;
  /** Waits until `stores` is ready (Redis connects in the background) and closes it after the test. */
  open(stores: Stores): Promise<Stores>;
}

export function storeFixtures(dirPrefix: string): StoreFixtures {
  const dirs: string[] = [];
  const opened: Stores[] = [];
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.dispose());
  afterEach(async () => {
    for (const stores of opened.splice(0)) await stores.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get redis() {
      if (!redis) throw new Error('redis-server is started before the tests');
      return redis;
    },
    tempDir() {
      const dir = mkdtempSync(join(tmpdir(), dirPrefix));
      dirs.push(dir);
      return dir;
    },
    async open(stores) {
      opened.push(stores);
      while (stores.ready && !stores.ready()) await sleep(10);
      return stores;
    },
  };
}
