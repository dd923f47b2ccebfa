import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useKeyVault } from './hub/identity.ts';
import { memoryKeyVault } from './testing/install-keys.ts';

beforeEach(() => {
  fakeBrowser.reset();
  useKeyVault(memoryKeyVault());
});
