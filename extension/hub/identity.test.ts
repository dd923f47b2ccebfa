import { describe, expect, it } from 'vitest';
import { readStored, StorageKeys, writeStored } from '../lib/storage-keys.ts';
import { ensureProfile, ensureToken, relayToken } from './identity.ts';

describe('identity', () => {
  it('makes one token and one suggested name even when asked for them at once', async () => {
    const [tokens, profiles] = await Promise.all([
      Promise.all([ensureToken(), ensureToken(), ensureToken()]),
      Promise.all([ensureProfile(), ensureProfile()]),
    ]);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(profiles[0]).toEqual(profiles[1]);
    expect(profiles[0]?.named).toBe(false);
    expect(await ensureToken()).toBe(tokens[0]);
    expect(await ensureProfile()).toEqual(profiles[0]);
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
    const secret = await ensureToken();
    const local = await relayToken('http://localhost:3000');
    expect(local).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(local).not.toBe(secret);
    expect(await relayToken('ws://localhost:3000/')).toBe(local);
    expect(await relayToken('https://relay.example')).toBe(await relayToken('wss://relay.example/socket'));
    expect(await relayToken('https://relay.example')).not.toBe(local);
    await expect(relayToken('not an address')).rejects.toThrow();
  });
});
