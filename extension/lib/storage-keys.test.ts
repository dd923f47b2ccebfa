import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { readStored, removeStored, StorageKeys, writeStored } from './storage-keys.ts';

describe('stored values', () => {
  it('reads back what was written, under the key of the same name', async () => {
    await writeStored(StorageKeys.profile, { name: 'Alice', named: true });
    expect(await browser.storage.local.get('profile')).toEqual({ profile: { name: 'Alice', named: true } });
    expect(await readStored(StorageKeys.profile)).toEqual({ name: 'Alice', named: true });
    await removeStored(StorageKeys.profile);
    expect(await readStored(StorageKeys.profile)).toBeUndefined();
  });

  it('reads a value of the wrong shape as absent', async () => {
    await browser.storage.local.set({ profile: { name: 42 }, serverUrl: ['x'] });
    expect(await readStored(StorageKeys.profile)).toBeUndefined();
    expect(await readStored(StorageKeys.serverUrl)).toBeUndefined();
  });
});
