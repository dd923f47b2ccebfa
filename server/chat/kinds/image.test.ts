import { describe, expect, it } from 'vitest';
import type { Member, RoomKey } from '../../../protocol/index.ts';
import { ALICE, BOB, OTHER_ROOM, ROOM, imageFrom } from '../../../protocol/testing/envelopes.ts';
import { loadConfig } from '../../config.ts';
import { MemoryImageStore } from '../../images/memory-store.ts';
import { createMemoryStores } from '../../stores/memory.ts';
import { POLICIES } from './index.ts';

const NOT_YOURS = {
  ok: false,
  error: { code: 'bad_request', message: 'body.id: no image of yours was uploaded to this room with that id' },
};

function setup() {
  const images = new MemoryImageStore({ maxAgeMs: Infinity, maxBytes: Infinity });
  const deps = { stores: createMemoryStores(loadConfig({})), images };
  /** Uploads an image 1200×900 (thumb 320×240) as `uploader` to `room`; answers its id. */
  const upload = async (uploader: Member = ALICE, room: RoomKey = ROOM) => {
    const encoded = { full: Buffer.from('full'), thumb: Buffer.from('thumb') };
    const sizes = { width: 1200, height: 900, thumbWidth: 320, thumbHeight: 240 };
    return (await images.put({ ...encoded, ...sizes }, room, uploader.id)).id;
  };
  return { deps, images, upload };
}

describe('image policy: prepare', () => {
  it("takes the sizes from the upload's record, whatever the client said", async () => {
    const { deps, upload } = setup();
    const id = await upload();
    const claimed = { id, width: 1, height: 8192, thumbWidth: 1, thumbHeight: 1, alt: 'an otter' };
    const post = imageFrom(ALICE, {}, claimed);
    expect(await POLICIES.image.prepare(post, deps)).toEqual({
      ...post,
      body: { id, width: 1200, height: 900, thumbWidth: 320, thumbHeight: 240, alt: 'an otter' },
    });
  });

  it("refuses an id never uploaded, someone else's upload, and one for another room alike", async () => {
    const { deps, upload } = setup();
    const mine = await upload(ALICE, ROOM);
    const elsewhere = await upload(ALICE, OTHER_ROOM);
    expect(await POLICIES.image.prepare(imageFrom(ALICE, {}, { id: 'n'.repeat(22) }), deps)).toEqual(NOT_YOURS);
    expect(await POLICIES.image.prepare(imageFrom(BOB, {}, { id: mine }), deps)).toEqual(NOT_YOURS);
    expect(await POLICIES.image.prepare(imageFrom(ALICE, {}, { id: elsewhere }), deps)).toEqual(NOT_YOURS);
    expect(
      'id' in (await POLICIES.image.prepare(imageFrom(ALICE, { room: OTHER_ROOM }, { id: elsewhere }), deps)),
    ).toBe(true);
  });

  it('refuses every image where the relay keeps none', async () => {
    const { deps, upload } = setup();
    const id = await upload();
    expect(await POLICIES.image.prepare(imageFrom(ALICE, {}, { id }), { stores: deps.stores })).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'this relay does not take images' },
    });
  });

  it('refuses an upload removed since', async () => {
    const { deps, images, upload } = setup();
    const id = await upload();
    await images.remove(id);
    expect(await POLICIES.image.prepare(imageFrom(ALICE, {}, { id }), deps)).toEqual(NOT_YOURS);
  });
});

describe('image policy: keep', () => {
  it('appends the message to the history and answers it as it came', async () => {
    const { deps, upload } = setup();
    const post = imageFrom(ALICE, {}, { id: await upload() });
    expect(await POLICIES.image.keep(post, 'trusted', deps)).toBe(post);
    expect(await deps.stores.history.find(ROOM, post.id)).toEqual(post);
  });
});
