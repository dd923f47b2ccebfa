/**
 * Pictures in the panel: where the relay serves them (asked of the hub, again after every
 * reconnect, as the server address may have changed), the room's pictures for the gallery,
 * newest first, the one open in the viewer, and the upload on its way (image-upload.ts).
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { IMAGES_PATH, ServerEvent, type Message } from '../../../protocol/index.ts';
import { reencodeImage } from '../../lib/image-encode.ts';
import { uploadImage, type Upload } from '../../lib/upload-image.ts';
import type { HubClient } from '../hub-client.ts';
import { createImageUpload, type ImageUpload } from './image-upload.ts';
import type { RoomModel } from './room.ts';

export type ImageMessage = Extract<Message, { kind: 'image' }>;

export interface ImagesModel {
  /** The relay's origin, once the hub has said it. */
  readonly base: ReadonlySignal<string | null>;
  /** Whether the relay takes pictures: false once its welcome lists kinds without `image`. */
  readonly accepted: ReadonlySignal<boolean>;
  /** The room's pictures that are not deleted, newest first. */
  readonly gallery: ReadonlySignal<readonly ImageMessage[]>;
  readonly galleryOpen: ReadonlySignal<boolean>;
  readonly viewing: ReadonlySignal<ImageMessage | null>;
  readonly upload: ImageUpload;
  /** The address of a picture, or null while the relay's is not known. Reads a signal. */
  url(id: string, variant: 'full' | 'thumb'): string | null;
  view(message: ImageMessage | null): void;
  showGallery(open: boolean): void;
  dispose(): void;
}

export interface ImagesOptions {
  upload?: Upload;
  prepare?: (file: Blob) => Promise<Blob>;
}

export const isImage = (message: Message): message is ImageMessage =>
  message.kind === 'image' && message.deletedAt === undefined;

export function createImagesModel(hub: HubClient, room: RoomModel, options: ImagesOptions = {}): ImagesModel {
  const base = signal<string | null>(null);
  const accepted = signal(true);
  const galleryOpen = signal(false);
  const viewing = signal<ImageMessage | null>(null);
  const gallery = computed(() => room.messages.value.filter(isImage).reverse());
  const grant = () => hub.request('image:grant', {});

  async function learnBase(): Promise<void> {
    const answer = await grant();
    if (answer.ok) base.value = answer.base;
  }

  const upload = createImageUpload({
    grant,
    prepare: options.prepare ?? reencodeImage,
    upload: options.upload ?? uploadImage,
    room: () => room.room.peek()?.key ?? null,
    post: (body) => room.sendImage(body),
  });

  // Asked once a room is open, where pictures can appear, and again on every new connection,
  // which may be to another relay (the options page).
  let asking = false;
  const ask = (): void => {
    if (asking) return;
    asking = true;
    void learnBase().finally(() => (asking = false));
  };
  const askAgain = (): void => {
    if (base.peek() !== null) ask();
  };
  const stops = [
    room.join.subscribe((join) => {
      if (join.status === 'joined' && base.peek() === null) ask();
    }),
    hub.onReconnect(askAgain),
    hub.on(ServerEvent.SessionWelcome, (welcome) => {
      accepted.value = welcome.kinds.includes('image');
      askAgain();
    }),
  ];

  return {
    base,
    accepted,
    gallery,
    galleryOpen,
    viewing,
    upload,
    url(id, variant) {
      const origin = base.value;
      if (origin === null) return null;
      return `${origin}${IMAGES_PATH}/${encodeURIComponent(id)}${variant === 'thumb' ? '/thumb' : ''}`;
    },
    view(message) {
      viewing.value = message;
    },
    showGallery(open) {
      galleryOpen.value = open;
    },
    dispose() {
      upload.cancel();
      for (const stop of stops) stop();
    },
  };
}
