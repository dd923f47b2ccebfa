/**
 * The toolbar icon (issue #13: Chrome showed a grey letter, the manifest declared none): the
 * loaded extension's manifest names an icon at each size Chrome asks for, and each is a PNG of
 * that size, in the extension itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchUser, type User } from './support/browser.ts';

let user: User;
beforeAll(async () => {
  user = await launchUser('iris');
});
afterAll(async () => {
  await user.close();
});

describe('the toolbar icon', () => {
  it('is declared for the action and the extension at 16, 32, 48 and 128 px, each a PNG of its size', async () => {
    const page = await user.open(`chrome-extension://${user.extensionId}/panel.html`);
    const declared = await page.evaluate(async () => {
      const manifest = (await (await fetch('/manifest.json')).json()) as {
        icons?: Record<string, string>;
        action?: { default_icon?: Record<string, string> };
      };
      const sizes = await Promise.all(
        Object.entries(manifest.action?.default_icon ?? {}).map(async ([size, path]) => {
          const blob = await (await fetch(`/${path}`)).blob();
          const bitmap = await createImageBitmap(blob);
          return [size, blob.type, bitmap.width, bitmap.height];
        }),
      );
      return { icons: Object.keys(manifest.icons ?? {}), sizes };
    });
    expect(declared.icons).toEqual(['16', '32', '48', '128']);
    expect(declared.sizes).toEqual([
      ['16', 'image/png', 16, 16],
      ['32', 'image/png', 32, 32],
      ['48', 'image/png', 48, 48],
      ['128', 'image/png', 128, 128],
    ]);
  });
});
