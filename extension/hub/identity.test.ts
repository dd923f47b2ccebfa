import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readStored, StorageKeys, writeStored } from '../lib/storage-keys.ts';
import { memoryKeyVault } from '../testing/install-keys.ts';
import { ensureInstallKeys, ensureProfile, hasIdentity, relayToken, useKeyVault } from './identity.ts';

describe('identity', () => {
  it('makes one pair of install keys and one suggested name even when asked for them at once', async () => {
    expect(await hasIdentity()).toBe(false);
    const [keys, profiles] = await Promise.all([
      Promise.all([ensureInstallKeys(), ensureInstallKeys(), ensureInstallKeys()]),
      Promise.all([ensureProfile(), ensureProfile()]),
    ]);
    expect(new Set(keys).size).toBe(1);
    expect(profiles[0]).toEqual(profiles[1]);
    expect(profiles[0]?.named).toBe(false);
    expect(await ensureInstallKeys()).toBe(keys[0]);
    expect(await ensureProfile()).toEqual(profiles[0]);
    expect(await hasIdentity()).toBe(true);
  });

  it('keeps the secret only as keys that cannot be exported, nothing of it in storage.local', async () => {
    const { derive, sign } = await ensureInstallKeys();
    expect(derive.extractable).toBe(false);
    expect(sign.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', sign)).rejects.toThrow();
    expect(await readStored(StorageKeys.token)).toBeUndefined();
  });

  it('makes the keys of a secret kept in clear by an older version, then removes the clear copy', async () => {
    const vault = memoryKeyVault();
    useKeyVault(vault);
    const secret = 'install-secret-kept-in-clear-before-0000';
    await writeStored(StorageKeys.token, secret);
    expect(await hasIdentity()).toBe(true);
    const expected = createHmac('sha256', secret)
      .update('samepage relay credential v1\nhttps://relay.example')
      .digest('base64url');
    expect(await relayToken('https://relay.example')).toBe(expected);
    expect(await readStored(StorageKeys.token)).toBeUndefined();
    expect(await vault.read()).toBe(await ensureInstallKeys());
    expect(await relayToken('https://relay.example')).toBe(expected);
  });

  it('ignores a clear secret that is not one it could have made, and makes new keys', async () => {
    await writeStored(StorageKeys.token, 'short');
    expect(await hasIdentity()).toBe(false);
    const keys = await ensureInstallKeys();
    expect(keys.derive.algorithm.name).toBe('HKDF');
    expect(await readStored(StorageKeys.token)).toBeUndefined();
  });

  it('keeps a valid name, and replaces one the name rules now refuse with a suggestion to confirm', async () => {
    await writeStored(StorageKeys.profile, { name: 'Zoë', named: true });
    expect(await ensureProfile()).toEqual({ name: 'Zoë', named: true });

    await writeStored(StorageKeys.profile, { name: 'Sam\u3164', named: true });
    const replaced = await ensureProfile();
    expect(replaced.named).toBe(false);
    expect(replaced.name).not.toContain('\u3164');
    expect(await readStored(StorageKeys.profile)).toEqual(replaced);
  });

  it('gives each relay origin its own credential, the same for its ws:// and http:// addresses', async () => {
    const local = await relayToken('http://localhost:3000');
    expect(local).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await relayToken('ws://localhost:3000/')).toBe(local);
    expect(await relayToken('https://relay.example')).toBe(await relayToken('wss://relay.example/socket'));
    expect(await relayToken('https://relay.example')).not.toBe(local);
    await expect(relayToken('not an address')).rejects.toThrow();
  });
});
