import { signal } from '@preact/signals';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope, ImageBody, Member, RoomJoinAnswerV2 } from '../../../protocol/index.ts';
import type { PageContext } from '../../lib/domain.ts';
import type { UploadRequest, UploadResult } from '../../lib/upload-image.ts';
import { createImagesModel, type ImageMessage, type ImagesModel } from '../models/images.ts';
import { createRoomModel } from '../models/room.ts';
import { createFakeHub, settle, type FakeHub } from '../testing/fake-hub.ts';
import { Composer } from './Composer.tsx';
import { ImageGallery } from './ImageGallery.tsx';
import { ImageViewer } from './ImageViewer.tsx';
import { ImagesContext } from './images-context.ts';
import { MessageImage } from './MessageImage.tsx';
import { useDroppedImages } from './use-dropped-images.ts';

afterEach(cleanup);

const PAGE = 'a'.repeat(64);
const ALICE: Member = { id: 'alice-0000000000000', name: 'Alice' };
const BOB: Member = { id: 'bob-00000000000000000', name: 'Bob' };
const BASE = 'http://relay.test:3000';

const body = (n: number, extra: Partial<ImageBody> = {}): ImageBody => ({
  id: `image${n}`.padEnd(22, 'x'),
  width: 1200,
  height: 800,
  thumbWidth: 320,
  thumbHeight: 213,
  ...extra,
});

function posted(id: string, from: Member, image: ImageBody): Envelope {
  return { id, clientId: `c-${id}`, room: PAGE, from, at: Date.now(), kind: 'image', body: image };
}

/** A room model and the images model over a fake hub, in the page's room with Alice and Bob. */
async function setup(options: Parameters<typeof createImagesModel>[2] = {}) {
  const hub = createFakeHub();
  const context = signal<PageContext | null>({
    status: 'ok',
    title: 'A page',
    page: { key: PAGE, label: 'this page' },
    site: { key: 'b'.repeat(64), label: 'this site' },
  } as PageContext);
  const room = createRoomModel(hub, context);
  const images = createImagesModel(hub, room, options);
  const answer: RoomJoinAnswerV2 = { ok: true, self: ALICE, members: [ALICE, BOB], memberCount: 2, history: [] };
  await hub.next('room:watch').answer(answer);
  return { hub, room, images };
}

async function grant(hub: FakeHub): Promise<void> {
  await hub.next('image:grant').answer({ ok: true, base: BASE, token: 't'.repeat(43) });
}

/** The newest picture in the room. */
function newest(images: ImagesModel): ImageMessage {
  const [message] = images.gallery.value;
  if (!message) throw new Error('no picture in the room');
  return message;
}

describe('a picture in a message', () => {
  it('reserves the thumbnail’s size before the relay is known, then shows it from the relay', async () => {
    const { hub, images } = await setup();
    hub.push('message:posted', posted('m1', BOB, body(1)));
    render(
      <ImagesContext.Provider value={images}>
        <MessageImage message={newest(images)} />
      </ImagesContext.Provider>,
    );
    const image = screen.getByTestId('message-image') as HTMLImageElement;
    expect([image.getAttribute('width'), image.getAttribute('height')]).toEqual(['320', '213']);
    expect(image.getAttribute('src')).toBeNull();
    expect(image.alt).toBe('Picture from Bob');
    await act(() => grant(hub));
    expect(image.getAttribute('src')).toBe(`${BASE}/images/${body(1).id}/thumb`);
  });

  it('asks where the relay is again on a new connection, which may be to another relay', async () => {
    const { hub, images } = await setup();
    await grant(hub);
    hub.push('session:welcome', { v: 2, kinds: ['text', 'image'], editWindowMs: 900_000 });
    await hub.next('image:grant').answer({ ok: true, base: 'https://other.example', token: 't'.repeat(43) });
    expect(images.url('x', 'full')).toBe('https://other.example/images/x');
  });

  it('uses the alt text the sender gave', async () => {
    const { hub, images } = await setup();
    hub.push('message:posted', posted('m1', BOB, body(1, { alt: 'A lighthouse at dusk' })));
    render(
      <ImagesContext.Provider value={images}>
        <MessageImage message={newest(images)} />
      </ImagesContext.Provider>,
    );
    expect(screen.getByRole('img', { name: 'A lighthouse at dusk' })).toBeTruthy();
  });

  it('opens the full picture in the viewer on a click; closing it clears the view', async () => {
    const { hub, images } = await setup();
    await grant(hub);
    hub.push('message:posted', posted('m1', BOB, body(1)));
    render(
      <ImagesContext.Provider value={images}>
        <MessageImage message={newest(images)} />
        <ImageViewer images={images} />
      </ImagesContext.Provider>,
    );
    await act(() => {
      fireEvent.click(screen.getByRole('button', { name: /Picture from Bob: open it larger/ }));
    });
    expect(images.viewing.value?.id).toBe('m1');
    const viewer = screen.getByTestId('image-viewer') as HTMLDialogElement;
    expect(viewer.open).toBe(true);
    expect(screen.getByTestId('viewer-image').getAttribute('src')).toBe(`${BASE}/images/${body(1).id}`);
    await act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    });
    expect(images.viewing.value).toBeNull();
    expect(viewer.open).toBe(false);
  });
});

describe('the gallery', () => {
  it('lists the room’s pictures newest first, new ones as they arrive, not deleted ones', async () => {
    const { hub, images } = await setup();
    await grant(hub);
    hub.push('message:posted', posted('m1', BOB, body(1)));
    hub.push('message:posted', posted('m2', ALICE, body(2)));
    render(<ImageGallery images={images} />);
    await act(() => images.showGallery(true));
    const sources = () => screen.getAllByTestId('gallery-image').map((node) => node.getAttribute('src'));
    expect(sources()).toEqual([`${BASE}/images/${body(2).id}/thumb`, `${BASE}/images/${body(1).id}/thumb`]);
    await act(() => hub.push('message:posted', posted('m3', BOB, body(3))));
    expect(sources()[0]).toBe(`${BASE}/images/${body(3).id}/thumb`);
    await act(() =>
      hub.push('message:posted', {
        id: 'm4',
        clientId: 'c-m4',
        room: PAGE,
        from: ALICE,
        at: Date.now(),
        kind: 'delete',
        body: { target: 'm2' },
      }),
    );
    expect(sources()).toEqual([`${BASE}/images/${body(3).id}/thumb`, `${BASE}/images/${body(1).id}/thumb`]);
  });

  it('says when there are none yet', async () => {
    const { images } = await setup();
    render(<ImageGallery images={images} />);
    await act(() => images.showGallery(true));
    expect(screen.getByText('No images here yet.')).toBeTruthy();
  });
});

describe('attaching a picture in the composer', () => {
  /** The images model with an upload the test settles, and the composer of the room. */
  async function composer() {
    const uploads: Array<{ request: UploadRequest; settle(result: UploadResult): void }> = [];
    const prepared: Blob[] = [];
    const { hub, room, images } = await setup({
      prepare: async (file) => {
        prepared.push(file);
        return file;
      },
      upload: (request) =>
        new Promise((resolve) => {
          uploads.push({ request, settle: resolve });
          request.signal.addEventListener('abort', () => resolve({ outcome: 'cancelled' }));
        }),
    });
    await grant(hub);
    render(
      <Composer
        draft={room.draft}
        onDraft={room.setDraft}
        onSend={room.send}
        label="Message"
        placeholder="Message"
        testId="composer"
        sendTestId="send"
        upload={images.upload}
      />,
    );
    return { hub, room, images, uploads, prepared };
  }

  const file = (type = 'image/png') => new File([new Uint8Array(16)], 'shot.png', { type });

  it('sends a picture picked with the file input, with progress and then an image message', async () => {
    const { hub, uploads, prepared } = await composer();
    const input = screen.getByTestId('image-input') as HTMLInputElement;
    expect(input.accept).toBe('image/*');
    const picked = file();
    Object.defineProperty(input, 'files', { value: [picked], configurable: true });
    await act(async () => {
      fireEvent.change(input);
      await settle();
      await grant(hub);
    });
    expect(prepared).toEqual([picked]);
    await act(() => uploads[0]?.request.onProgress(0.4));
    expect(screen.getByTestId('image-upload').textContent).toContain('40%');
    await act(async () => {
      uploads[0]?.settle({
        outcome: 'answered',
        status: 201,
        answer: { ok: true, image: { ...body(7), bytes: 1000 } },
      });
      await settle();
    });
    expect(screen.queryByTestId('image-upload')).toBeNull();
    const post = hub.next('message:post');
    expect(post.payload).toMatchObject({ room: PAGE, kind: 'image', body: body(7) });
  });

  it('sends a pasted picture and keeps the draft; Cancel stops it', async () => {
    const { hub, room, uploads } = await composer();
    await act(() => room.setDraft('words I was writing'));
    const area = screen.getByTestId('composer');
    await act(async () => {
      fireEvent.paste(area, { clipboardData: { files: [file()] } });
      await settle();
      await grant(hub);
    });
    expect(uploads).toHaveLength(1);
    await act(async () => {
      fireEvent.click(screen.getByTestId('image-cancel'));
      await settle();
    });
    expect(uploads[0]?.request.signal.aborted).toBe(true);
    expect(screen.queryByTestId('image-upload')).toBeNull();
    expect((area as HTMLTextAreaElement).value).toBe('words I was writing');
  });

  it('shows why a picture was refused, in words', async () => {
    const { hub, uploads } = await composer();
    const area = screen.getByTestId('composer');
    await act(async () => {
      fireEvent.paste(area, { clipboardData: { files: [file()] } });
      await settle();
      await grant(hub);
    });
    await act(async () => {
      uploads[0]?.settle({
        outcome: 'answered',
        status: 413,
        answer: { ok: false, error: { code: 'bad_request', message: 'too large' } },
      });
      await settle();
    });
    expect(screen.getByRole('alert').textContent).toContain('That picture is too large for this chat server.');
  });

  it('leaves a paste of text alone', async () => {
    const { uploads } = await composer();
    await act(() => {
      fireEvent.paste(screen.getByTestId('composer'), { clipboardData: { files: [] } });
    });
    expect(uploads).toEqual([]);
  });

  it('sends a file dropped anywhere on the panel', async () => {
    const { hub, images, uploads, prepared } = await composer();
    function Dropping() {
      useDroppedImages(images.upload);
      return null;
    }
    render(<Dropping />);
    const dropped = file();
    const over = fireEvent.dragOver(document, { dataTransfer: { types: ['Files'], files: [] } });
    // Cancelled, so that the browser takes the drop instead of opening the file.
    expect(over).toBe(false);
    await act(async () => {
      fireEvent.drop(document, { dataTransfer: { types: ['Files'], files: [dropped] } });
      await settle();
      await grant(hub);
    });
    expect(prepared).toEqual([dropped]);
    expect(uploads).toHaveLength(1);
  });
});
