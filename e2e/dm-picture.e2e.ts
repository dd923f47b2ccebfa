/**
 * A picture in a DM (issue #15), end to end in real Chromium: Alice pastes a picture into her
 * conversation with Bob; her panel encrypts it and uploads only ciphertext, and Bob's panel
 * fetches, checks and decrypts it, shows it, and opens it larger. On the relay's disk the
 * picture's blobs hold no PNG or WebP signature, nor anything of the picture in clear. A relay
 * of this file's own keeps its files in a directory the test can read.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnRelay, type OwnRelay } from './support/own-relay.ts';
import { member, pairOn, people, siteUrl, until } from './support/panel.ts';
import { pastePicture } from './support/pictures.ts';

const users = people('alice', 'bob');
let relay: OwnRelay;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'samepage-e2e-blobs-'));
  relay = await startOwnRelay({ storage: 'sqlite', dataDir, imageDir: join(dataDir, 'images') });
  await Promise.all([users.alice.useRelay(relay.url), users.bob.useRelay(relay.url)]);
});

afterAll(async () => {
  await relay.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The DM picture `panel` shows: its state, its source, and its natural and reserved sizes. */
const dmPicture = (panel: Frame) =>
  panel
    .getByTestId('dm-message')
    .getByTestId('message-image')
    .evaluate((node) => {
      const image = node as HTMLImageElement;
      return {
        state: image.dataset.state,
        loaded: image.complete && image.naturalWidth > 0,
        natural: [image.naturalWidth, image.naturalHeight],
        src: image.getAttribute('src') ?? '',
      };
    });

/** Opens the conversation with `peerId` from the member list, accepting it if it is a request. */
async function openConversation(panel: Frame, peerId: string): Promise<void> {
  await member(panel, peerId).click();
  await panel.getByTestId('dm-composer').or(panel.getByTestId('dm-accept')).first().waitFor();
}

describe('a picture in a DM', () => {
  it('reaches the other person decrypted, while the relay keeps only ciphertext', async () => {
    mkdirSync('/tmp/shots', { recursive: true });
    const { panelA, panelB, pageB, idA, idB } = await pairOn(
      siteUrl('/article?scenario=dm-picture'),
      users.alice,
      users.bob,
    );
    await openConversation(panelA, idB);
    await until(() => panelA.getByTestId('image-attach').count(), 1, 10_000);
    await pastePicture(panelA, 'dm-composer');

    // Alice's own copy is decrypted from the relay's blobs too.
    await until(() => panelA.getByTestId('dm-message').getByTestId('message-image').count(), 1, 20_000);
    await until(async () => (await dmPicture(panelA)).loaded, true, 20_000);

    await openConversation(panelB, idA);
    await until(() => panelB.getByTestId('dm-message').getByTestId('message-image').count(), 1, 20_000);
    await until(async () => (await dmPicture(panelB)).loaded, true, 20_000);
    const shown = await dmPicture(panelB);
    // Encoded in Alice's browser: the 900 × 600 drawing's thumbnail is 320 × 213.
    expect(shown.natural).toEqual([320, 213]);
    expect(shown.state).toBe('shown');
    expect(shown.src).toMatch(/^blob:chrome-extension:\/\//);
    await pageB.screenshot({ path: '/tmp/shots/dm-picture.png' });

    await panelB.getByTestId('dm-message').getByTestId('message-image').click();
    const viewer = panelB.getByTestId('viewer-image');
    await until(() => viewer.evaluate((node) => (node as HTMLImageElement).naturalWidth), 900, 20_000);
    await pageB.screenshot({ path: '/tmp/shots/dm-picture-viewer.png' });
    await panelB.getByTestId('image-viewer').press('Escape');

    // The relay: two blobs (the full picture and its thumbnail), neither readable as a picture.
    const dir = join(dataDir, 'images', 'blobs');
    const blobs = readdirSync(dir).map((name) => readFileSync(join(dir, name)));
    expect(blobs).toHaveLength(2);
    // A picture's magic at the start, or its full signature anywhere (shorter ones would turn
    // up in random bytes by chance).
    const magic = [
      [0x89, 0x50, 0x4e, 0x47],
      [0x52, 0x49, 0x46, 0x46],
      [0xff, 0xd8, 0xff],
    ];
    const anywhere = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('WEBPVP8', 'latin1')];
    for (const blob of blobs) {
      expect(blob.length).toBeGreaterThan(16);
      for (const start of magic) expect(start.every((byte, index) => blob[index] === byte)).toBe(false);
      for (const signature of anywhere) expect(blob.includes(signature)).toBe(false);
    }
    // Nor did any picture go the room's way: the relay re-encoded nothing.
    expect(readdirSync(join(dataDir, 'images')).filter((name) => name === 'files')).toEqual([]);

    // A second picture whose blobs change on the relay's disk before Bob looks: he is told, in words.
    await panelB.getByTestId('dm-back').click();
    await pastePicture(panelA, 'dm-composer');
    await until(() => panelA.getByTestId('dm-message').getByTestId('message-image').count(), 2, 20_000);
    await until(
      () =>
        panelA
          .getByTestId('dm-message')
          .getByTestId('message-image')
          .evaluateAll((nodes) => nodes.every((node) => (node as HTMLImageElement).naturalWidth > 0)),
      true,
      20_000,
    );
    const before = new Set(blobs.map((blob) => blob.toString('base64')));
    for (const name of readdirSync(dir)) {
      const blob = readFileSync(join(dir, name));
      if (before.has(blob.toString('base64'))) continue;
      blob[20] = (blob[20] as number) ^ 1;
      writeFileSync(join(dir, name), blob);
    }
    await openConversation(panelB, idA);
    await until(() => panelB.getByTestId('picture-failed').count(), 1, 20_000);
    expect(await panelB.getByTestId('picture-failed').textContent()).toBe(
      'This picture could not be decrypted: it was changed on the chat server.',
    );
    await until(async () => (await dmPicture(panelB)).loaded, true);
    await pageB.screenshot({ path: '/tmp/shots/dm-picture-failed.png' });
  });
});
