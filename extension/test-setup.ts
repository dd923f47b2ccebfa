import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useKeyVault } from './hub/identity.ts';
import { memoryKeyVault } from './testing/install-keys.ts';
import { useLocale } from './testing/locale.ts';

// Also before any test module loads: a module may read a message when it is imported.
useLocale();

beforeEach(() => {
  fakeBrowser.reset();
  useKeyVault(memoryKeyVault());
  useLocale();
});
