import { beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DEFAULT_SERVER_URL, serverUrl } from './server-url.ts';

beforeEach(() => fakeBrowser.reset());

it('uses the chosen relay, else the default, and never a plain address off this computer', async () => {
  expect(await serverUrl()).toBe(DEFAULT_SERVER_URL);
  await fakeBrowser.storage.local.set({ serverUrl: 'wss://relay.example' });
  expect(await serverUrl()).toBe('wss://relay.example');
  await fakeBrowser.storage.local.set({ serverUrl: 'http://127.0.0.1:4000' });
  expect(await serverUrl()).toBe('http://127.0.0.1:4000');
  await fakeBrowser.storage.local.set({ serverUrl: 'ws://relay.example' });
  expect(await serverUrl()).toBe(DEFAULT_SERVER_URL);
});
