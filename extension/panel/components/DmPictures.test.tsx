/**
 * Pictures in a DM, end to end, in the panel: offered only when the relay speaks v3; a pasted
 * picture is encrypted here, only ciphertext is uploaded (to the conversation's room, naming the
 * other person) and the DM carries the keys; a received one is fetched, checked, decrypted and
 * shown from an object URL that is revoked when it is gone; one that does not decrypt says so.
 */
import { signal } from '@preact/signals';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  BlobRef,
  Envelope,
  ImageBody,
  RoomJoinAnswerV2,
  SealedImageBody,
  SessionWelcome,
} from '../../../protocol/index.ts';
import { decryptBlob, encryptBlob } from '../../lib/dm-pictures/blob-crypto.ts';
import { openPicture } from '../../lib/dm-pictures/open-picture.ts';
import type { BlobUploadRequest, BlobUploadResult } from '../../lib/dm-pictures/upload-blob.ts';
import type { EncodedPicture } from '../../lib/image-encode.ts';
import { createDmModel } from '../models/dm.ts';
import { createDmPicturesModel, type DmPicturesOptions } from '../models/dm-pictures.ts';
import { createInboxModel } from '../models/inbox.ts';
import { createRoomModel } from '../models/room.ts';
import { createFakeHub, type FakeHub } from '../testing/fake-hub.ts';
import { ALICE, BOB, PAGE_ROOM, pageContext } from '../testing/fixtures.ts';
import { DmPicturesContext } from './dm-pictures-context.ts';
import { DmView } from './DmView.tsx';

afterEach(cleanup);

const BASE = 'http://relay.test:3000';
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
/** Not real pictures: what matters here is that their bytes never leave unencrypted. */
const FULL = bytes('RIFF\u0000\u0000\u0000\u0000WEBPVP8 the full picture, secret');
const THUMB = bytes('RIFF\u0000\u0000\u0000\u0000WEBPVP8 the thumbnail, secret');

const welcome = (kinds: SessionWelcome['kinds']): SessionWelcome => ({
  v: 3,
  kinds,
  editWindowMs: 900_000,
  user: ALICE,
});
const V3_KINDS: SessionWelcome['kinds'] = ['text', 'image', 'reaction', 'edit', 'delete', 'sealed'];

/** The relay's blobs, as a test keeps them: what was uploaded, served back by id. */
function fakeRelay() {
  const blobs = new Map<string, Uint8Array>();
  const uploads: BlobUploadRequest[] = [];
  const upload = async (request: BlobUploadRequest): Promise<BlobUploadResult> => {
    uploads.push(request);
    request.onProgress(1);
    const id = `blob${blobs.size}`.padEnd(22, 'x');
    blobs.set(id, new Uint8Array(await request.body.arrayBuffer()));
    return { outcome: 'answered', status: 201, answer: { ok: true, blob: { id, bytes: request.body.size } } };
  };
  const fetcher = async (url: string): Promise<Response> => {
    const stored = blobs.get(url.slice(`${BASE}/blobs/`.length));
    return stored ? new Response(stored.slice().buffer) : new Response('{}', { status: 404 });
  };
  return { blobs, uploads, upload, fetcher };
}

async function setup(options: DmPicturesOptions = {}) {
  const hub: FakeHub = createFakeHub();
  const room = createRoomModel(hub, signal(pageContext()));
  const inbox = createInboxModel(hub);
  const dm = createDmModel(hub, room, inbox, signal(true));
  const relay = fakeRelay();
  const pictures = createDmPicturesModel(hub, dm, {
    upload: relay.upload,
    open: (base, ref, abort) => openPicture(base, ref, abort, relay.fetcher),
    ...options,
  });
  const answer: RoomJoinAnswerV2 = { ok: true, self: ALICE, members: [ALICE, BOB], memberCount: 2, history: [] };
  await hub.next('room:watch').answer(answer);
  dm.open(BOB);
  render(
    <DmPicturesContext.Provider value={pictures}>
      <DmView
        dm={dm}
        pictures={pictures}
        inbox={inbox}
        peer={BOB}
        self={ALICE}
        tagOf={() => null}
        onBack={() => undefined}
        backLabel="Back to the room"
      />
    </DmPicturesContext.Provider>,
  );
  return { hub, dm, pictures, relay };
}

const acting = (work: () => unknown): Promise<void> =>
  act(async () => {
    await work();
  });

/** Answers the panel's ask for the relay's origin, once it has asked (after encrypting, when sending). */
async function grant(hub: FakeHub): Promise<void> {
  const asked = await vi.waitFor(() => hub.next('image:grant'));
  await asked.answer({ ok: true, base: BASE, token: 't'.repeat(43) });
}

/** A DM picture from Bob, its two encodings encrypted and kept on the fake relay. */
async function pictureFromBob(relay: ReturnType<typeof fakeRelay>, id = 'm1'): Promise<Envelope> {
  const refOf = async (plaintext: Uint8Array, blobId: string): Promise<BlobRef> => {
    const { ciphertext, secrets } = await encryptBlob(plaintext);
    relay.blobs.set(blobId, ciphertext);
    return { id: blobId, ...secrets };
  };
  const body: SealedImageBody = {
    width: 1600,
    height: 1200,
    thumbWidth: 320,
    thumbHeight: 240,
    alt: 'the harbour',
    full: await refOf(FULL, `full-${id}`.padEnd(22, 'x')),
    thumb: await refOf(THUMB, `thumb-${id}`.padEnd(22, 'x')),
  };
  // As the hub hands an opened DM to the panel: kind image, with the encrypted picture's body.
  return {
    id,
    clientId: `c-${id}`,
    room: PAGE_ROOM,
    from: BOB,
    to: ALICE.id,
    at: Date.now(),
    kind: 'image',
    body: body as unknown as ImageBody,
  };
}

describe('sending a picture in a DM', () => {
  const prepare = async (): Promise<{ full: EncodedPicture; thumb: EncodedPicture }> => ({
    full: { blob: new Blob([FULL.slice().buffer]), width: 1600, height: 1200 },
    thumb: { blob: new Blob([THUMB.slice().buffer]), width: 320, height: 240 },
  });

  it('is offered only once the relay says it carries DMs end to end (protocol v3)', async () => {
    const { hub } = await setup({ prepare });
    expect(screen.queryByTestId('image-attach')).toBeNull();
    await acting(() => hub.push('session:welcome', welcome(['text', 'image', 'reaction', 'edit', 'delete'])));
    expect(screen.queryByTestId('image-attach')).toBeNull();
    await acting(() => hub.push('session:welcome', welcome(V3_KINDS)));
    expect(screen.getByTestId('image-attach')).toBeTruthy();
  });

  it('encrypts a pasted picture, uploads only ciphertext for this conversation, and posts the keys in the DM', async () => {
    const { hub, relay } = await setup({ prepare });
    await acting(() => hub.push('session:welcome', welcome(V3_KINDS)));
    const file = new File([new Uint8Array(8)], 'photo.png', { type: 'image/png' });
    await acting(() => {
      fireEvent.paste(screen.getByTestId('dm-composer'), { clipboardData: { files: [file] } });
    });
    await acting(() => grant(hub));
    const post = hub.next('message:post');
    expect(relay.uploads.map(({ room, to, base }) => ({ room, to, base }))).toEqual([
      { room: PAGE_ROOM, to: BOB.id, base: BASE },
      { room: PAGE_ROOM, to: BOB.id, base: BASE },
    ]);
    for (const stored of relay.blobs.values()) expect(new TextDecoder().decode(stored)).not.toMatch(/secret|WEBP/);

    expect(post.payload).toMatchObject({ room: PAGE_ROOM, to: BOB.id, kind: 'image' });
    const body = post.payload.body as unknown as SealedImageBody;
    expect(body).toMatchObject({ width: 1600, height: 1200, thumbWidth: 320, thumbHeight: 240 });
    expect(Object.keys(body).sort()).toEqual(['full', 'height', 'thumb', 'thumbHeight', 'thumbWidth', 'width']);
    const opened = async (ref: BlobRef) => decryptBlob(relay.blobs.get(ref.id) as Uint8Array, ref);
    expect(await opened(body.full)).toEqual(FULL);
    expect(await opened(body.thumb)).toEqual(THUMB);
    expect(body.full.key).not.toBe(body.thumb.key);
    expect(screen.getByTestId('dm-message').getAttribute('data-state')).toBe('pending');
  });

  it('says why a picture was refused and sends nothing', async () => {
    const { hub, relay } = await setup({
      prepare,
      upload: async () => ({
        outcome: 'answered',
        status: 429,
        answer: {
          ok: false,
          error: { code: 'rate_limited', message: 'too many uploads', limit: 'uploads', retryAfterMs: 30_000 },
        },
      }),
    });
    await acting(() => hub.push('session:welcome', welcome(V3_KINDS)));
    await acting(() => {
      fireEvent.paste(screen.getByTestId('dm-composer'), {
        clipboardData: { files: [new File([new Uint8Array(8)], 'p.png', { type: 'image/png' })] },
      });
    });
    await acting(() => grant(hub));
    expect(screen.getByTestId('image-error').textContent).toMatch(/^Too many images at once/);
    expect(relay.uploads).toEqual([]);
    expect(hub.requests.filter((request) => request.type === 'message:post')).toEqual([]);
  });
});

describe('a picture received in a DM', () => {
  it('is decrypted in the panel, shown from an object URL, opens larger, and its URLs are revoked when it is gone', async () => {
    const created = vi.spyOn(URL, 'createObjectURL');
    const revoked = vi.spyOn(URL, 'revokeObjectURL');
    const { hub, relay } = await setup();
    await acting(async () => hub.push('message:posted', await pictureFromBob(relay)));
    const loading = screen.getByTestId('message-image') as HTMLImageElement;
    expect(loading.getAttribute('data-state')).toBe('loading');
    expect(loading.hasAttribute('src')).toBe(false);
    expect([loading.getAttribute('width'), loading.getAttribute('height')]).toEqual(['320', '240']);
    await acting(() => grant(hub));
    await vi.waitFor(() => expect(screen.getByTestId('message-image').getAttribute('data-state')).toBe('shown'));
    const image = screen.getByTestId('message-image') as HTMLImageElement;
    const thumbUrl = image.getAttribute('src') as string;
    expect(thumbUrl).toMatch(/^blob:/);
    expect(image.alt).toBe('the harbour');
    const shown = (await vi.mocked(created).mock.results[0]?.value) as string;
    expect(shown).toBe(thumbUrl);

    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'the harbour: open it larger' })));
    await vi.waitFor(() => expect(screen.getByTestId('viewer-image').getAttribute('data-state')).toBe('shown'));
    const full = screen.getByTestId('viewer-image') as HTMLImageElement;
    expect([full.getAttribute('width'), full.getAttribute('height')]).toEqual(['1600', '1200']);
    const fullUrl = full.getAttribute('src') as string;
    expect(fullUrl).not.toBe(thumbUrl);

    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Close' })));
    expect(revoked).toHaveBeenCalledWith(fullUrl);
    expect(revoked).not.toHaveBeenCalledWith(thumbUrl);
    cleanup();
    await vi.waitFor(() => expect(revoked).toHaveBeenCalledWith(thumbUrl));
  });

  it('offers Try again when the relay could not be reached, and shows the picture once it can be', async () => {
    let reachable = false;
    const relay = fakeRelay();
    const { hub } = await setup({
      open: (base, ref, abort) =>
        openPicture(base, ref, abort, (url) =>
          reachable ? relay.fetcher(url) : Promise.reject(new TypeError('down')),
        ),
    });
    await acting(async () => hub.push('message:posted', await pictureFromBob(relay)));
    await acting(() => grant(hub));
    await vi.waitFor(() => expect(screen.getByTestId('picture-failed')).toBeTruthy());
    expect(screen.getByTestId('picture-failed').textContent).toBe(
      'This picture could not be decrypted: the chat server could not be reached.Try again',
    );
    reachable = true;
    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Try again' })));
    await vi.waitFor(() => expect(screen.getByTestId('message-image').getAttribute('data-state')).toBe('shown'));
    expect(screen.queryByTestId('picture-failed')).toBeNull();
  });

  it('says "This picture could not be decrypted" when the relay serves other bytes, and when it lost them', async () => {
    const { hub, relay } = await setup();
    const envelope = await pictureFromBob(relay);
    const body = envelope.body as unknown as SealedImageBody;
    const stored = relay.blobs.get(body.thumb.id) as Uint8Array;
    stored[0] = (stored[0] as number) ^ 1;
    await acting(() => hub.push('message:posted', envelope));
    await acting(() => grant(hub));
    await vi.waitFor(() => expect(screen.getByTestId('picture-failed')).toBeTruthy());
    expect(screen.getByTestId('picture-failed').textContent).toBe(
      'This picture could not be decrypted: it was changed on the chat server.',
    );
    expect(screen.queryByTestId('message-image')).toBeNull();

    const lost = await pictureFromBob(relay, 'm2');
    relay.blobs.delete((lost.body as unknown as SealedImageBody).thumb.id);
    await acting(() => hub.push('message:posted', lost));
    await vi.waitFor(() => expect(screen.getAllByTestId('picture-failed')).toHaveLength(2));
    expect(screen.getAllByTestId('picture-failed')[1]?.textContent).toMatch(/no longer has it/);
  });
});
