/**
 * Pictures in a room (issue #12): one person pastes a picture into the composer; the panel
 * re-encodes and uploads it and posts an image message, which both people see as a thumbnail
 * served by the relay. A click opens the full picture, the header's gallery lists it, and a
 * file that is not a picture is refused in words without losing the draft.
 */
import { mkdirSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pairOn, people, siteUrl, until } from './support/panel.ts';
import { pastePicture } from './support/pictures.ts';

const users = people('piper', 'quill');

/** Whether the thumbnail has loaded, and its shown and natural sizes. */
const thumbnail = (panel: Frame) =>
  panel.getByTestId('message-image').evaluate((node) => {
    const image = node as HTMLImageElement;
    return {
      loaded: image.complete && image.naturalWidth > 0,
      natural: [image.naturalWidth, image.naturalHeight],
      reserved: [image.width, image.height],
      src: image.src,
      alt: image.alt,
    };
  });

describe('pictures in a room', () => {
  it('a pasted picture reaches both people, opens larger and is in the gallery', async () => {
    mkdirSync('/tmp/shots', { recursive: true });
    const { panelA, panelB, pageB } = await pairOn(siteUrl('/article?scenario=images'), users.piper, users.quill);

    await pastePicture(panelA);
    for (const panel of [panelA, panelB]) {
      await until(() => panel.getByTestId('message-image').count(), 1, 20_000);
      await until(async () => (await thumbnail(panel)).loaded, true);
      const shown = await thumbnail(panel);
      // The relay keeps the aspect (900 × 600 → a 320 × 213 thumbnail) and serves its own WebP.
      expect(shown.natural).toEqual([320, 213]);
      expect(shown.reserved[0]).toBeGreaterThan(0);
      expect(shown.src).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/images\/[A-Za-z0-9_-]{22}\/thumb$/);
      expect(shown.alt).toMatch(/^Picture from /);
    }
    await pageB.screenshot({ path: '/tmp/shots/image-message.png' });

    await panelB.getByTestId('message-image').click();
    const viewer = panelB.getByTestId('viewer-image');
    await until(() => viewer.evaluate((node) => (node as HTMLImageElement).naturalWidth), 900);
    expect(await panelB.getByTestId('image-viewer').evaluate((node) => (node as HTMLDialogElement).open)).toBe(true);
    await pageB.screenshot({ path: '/tmp/shots/image-viewer.png' });
    await panelB.getByTestId('image-viewer').press('Escape');
    await until(() => panelB.getByTestId('image-viewer').evaluate((node) => (node as HTMLDialogElement).open), false);

    await panelB.getByTestId('gallery-button').click();
    const gallery = panelB.getByTestId('image-gallery');
    await until(() => gallery.evaluate((node) => (node as HTMLDialogElement).open), true);
    await until(() => gallery.getByTestId('gallery-image').count(), 1);
    // A picture posted while the gallery is open appears in it, first.
    await pastePicture(panelA);
    await until(() => gallery.getByTestId('gallery-image').count(), 2, 20_000);
    await until(
      () =>
        gallery
          .getByTestId('gallery-image')
          .evaluateAll((nodes) => nodes.every((node) => (node as HTMLImageElement).naturalWidth > 0)),
      true,
    );
    const newest = await panelB.getByTestId('message').last().getAttribute('data-message-id');
    const firstInGallery = await gallery
      .getByTestId('gallery-image')
      .first()
      .evaluate((node) => (node as HTMLImageElement).src);
    const newestThumb = await panelB
      .locator(`[data-message-id="${newest}"] [data-testid="message-image"]`)
      .evaluate((node) => (node as HTMLImageElement).src);
    expect(firstInGallery).toBe(newestThumb);
    await pageB.screenshot({ path: '/tmp/shots/image-gallery.png' });
  });

  it('refuses a file that is not a picture, in words, keeping the draft', async () => {
    const { panelA, pageA } = await pairOn(siteUrl('/article?scenario=images-refused'), users.piper, users.quill);
    await panelA.getByTestId('composer').fill('my unsent words');
    await panelA.getByTestId('image-input').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not a picture at all'),
    });
    await until(() => panelA.getByTestId('image-error').textContent(), expect.stringMatching(/not a picture/));
    expect(await panelA.getByTestId('composer').inputValue()).toBe('my unsent words');
    expect(await panelA.getByTestId('message-image').count()).toBe(0);
    await pageA.screenshot({ path: '/tmp/shots/image-refused.png' });
  });
});
