/**
 * Pictures in DMs, end to end (docs/protocol.md, "Pictures in DMs"): whether the relay takes
 * them (a v3 relay lists `sealed` in its welcome), the picture on its way (dm-picture-upload.ts),
 * and the pictures shown. Each shown encoding is fetched, checked and decrypted once, shown from
 * an object URL, and let go (the URL revoked) when the last view of it is gone; one that cannot
 * be decrypted says why, with a way to try again when the relay could not be reached.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { ServerEvent, type BlobRef, type SealedImageBody } from '../../../protocol/index.ts';
import { PictureError, type PictureErrorReason } from '../../lib/dm-pictures/blob-crypto.ts';
import { openPicture } from '../../lib/dm-pictures/open-picture.ts';
import { uploadBlob, type BlobUpload } from '../../lib/dm-pictures/upload-blob.ts';
import { t, type MessageKey } from '../../lib/i18n.ts';
import { encodePicture, type EncodedPicture } from '../../lib/image-encode.ts';
import type { HubClient } from '../hub-client.ts';
import { createDmPictureUpload } from './dm-picture-upload.ts';
import type { DmModel } from './dm.ts';
import type { ImageUpload } from './image-upload.ts';
import type { ImageMessage } from './images.ts';

export type PictureState =
  | { status: 'loading' }
  | { status: 'shown'; url: string }
  /** `retry`: the relay could not be reached, so trying again may work. */
  | { status: 'failed'; message: string; retry: boolean };

/** One view's hold on a decrypted encoding: its state, and letting it go. */
export interface PictureHold {
  readonly state: ReadonlySignal<PictureState>;
  release(): void;
}

export interface DmPicturesModel {
  /** Whether the relay takes pictures in DMs: it speaks v3 (its welcome lists `sealed`). */
  readonly accepted: ReadonlySignal<boolean>;
  readonly upload: ImageUpload;
  /** The DM picture open in the viewer. */
  readonly viewing: ReadonlySignal<{ message: ImageMessage; body: SealedImageBody } | null>;
  /** Fetches and decrypts `ref` unless another view holds it already. */
  hold(ref: BlobRef): PictureHold;
  /** Fetches `ref` again after a failure. */
  retry(ref: BlobRef): void;
  view(shown: { message: ImageMessage; body: SealedImageBody } | null): void;
  dispose(): void;
}

/**
 * A DM's image carries an encrypted picture, a room's the relay's upload id; both arrive as kind
 * `image`, so the body says which. The hub checked a DM's body against the schema as it opened
 * it (lib/e2e/sealed-inner.ts); here its shape tells them apart, without TypeBox in the panel.
 */
export function sealedPictureOf(body: unknown): SealedImageBody | null {
  if (typeof body !== 'object' || body === null) return null;
  const { full, thumb } = body as Partial<Record<'full' | 'thumb', unknown>>;
  return typeof full === 'object' && full !== null && typeof thumb === 'object' && thumb !== null
    ? (body as SealedImageBody)
    : null;
}

export interface DmPicturesOptions {
  upload?: BlobUpload;
  prepare?: (file: Blob) => Promise<{ full: EncodedPicture; thumb: EncodedPicture }>;
  open?: typeof openPicture;
}

interface Entry {
  state: Signal<PictureState>;
  holders: number;
  abort: AbortController;
}

/** Why a picture cannot be shown; lib/dm-pictures' own words are English, for developers. */
const UNOPENED: Record<PictureErrorReason, MessageKey> = {
  unreachable: 'model_picture_unreachable',
  missing: 'model_picture_missing',
  tampered: 'model_picture_tampered',
  unreadable: 'model_picture_unreadable',
};

const refKey = ({ id, key, iv, sha256 }: BlobRef): string => [id, key, iv, sha256].join('.');

export function createDmPicturesModel(hub: HubClient, dm: DmModel, options: DmPicturesOptions = {}): DmPicturesModel {
  const accepted = signal(false);
  const viewing = signal<{ message: ImageMessage; body: SealedImageBody } | null>(null);
  const entries = new Map<string, Entry>();
  const open = options.open ?? openPicture;
  const grant = () => hub.request('image:grant', {});
  // The relay's origin, asked once and again after a reconnect (the address may have changed).
  let base: Promise<string | null> | null = null;
  const baseOf = (): Promise<string | null> => {
    base ??= grant().then((answer) => (answer.ok ? answer.base : null));
    return base;
  };

  async function load(ref: BlobRef, entry: Entry): Promise<void> {
    entry.state.value = { status: 'loading' };
    const origin = await baseOf();
    if (entry.abort.signal.aborted) return;
    if (origin === null) {
      base = null;
      entry.state.value = {
        status: 'failed',
        message: t('model_picture_offline'),
        retry: true,
      };
      return;
    }
    try {
      const picture = await open(origin, ref, entry.abort.signal);
      if (entry.abort.signal.aborted) return;
      entry.state.value = { status: 'shown', url: URL.createObjectURL(picture) };
    } catch (error) {
      if (entry.abort.signal.aborted) return;
      entry.state.value =
        error instanceof PictureError
          ? { status: 'failed', message: t(UNOPENED[error.reason]), retry: error.reason === 'unreachable' }
          : { status: 'failed', message: t('model_picture_failed'), retry: true };
    }
  }

  function drop(key: string, entry: Entry): void {
    entry.abort.abort();
    const state = entry.state.peek();
    if (state.status === 'shown') URL.revokeObjectURL(state.url);
    entries.delete(key);
  }

  const conversation = computed(() => dm.conversation.value);
  const upload = createDmPictureUpload({
    grant,
    prepare: options.prepare ?? encodePicture,
    upload: options.upload ?? uploadBlob,
    conversation: () => {
      const open = conversation.peek();
      return open === null ? null : { room: open.room, peer: open.peer.id };
    },
    post: (body) => dm.sendPicture(body),
  });

  const stops = [
    hub.on(ServerEvent.SessionWelcome, (welcome) => {
      accepted.value = welcome.kinds.includes('sealed');
    }),
    hub.onReconnect(() => {
      base = null;
    }),
    // A picture being sent belongs to its conversation: leaving it cancels the upload.
    conversation.subscribe(() => {
      upload.cancel();
      viewing.value = null;
    }),
  ];

  return {
    accepted,
    upload,
    viewing,
    hold(ref) {
      const key = refKey(ref);
      let entry = entries.get(key);
      if (!entry) {
        entry = { state: signal<PictureState>({ status: 'loading' }), holders: 0, abort: new AbortController() };
        entries.set(key, entry);
        void load(ref, entry);
      }
      entry.holders += 1;
      const held = entry;
      let released = false;
      return {
        state: held.state,
        release() {
          if (released) return;
          released = true;
          held.holders -= 1;
          if (held.holders === 0 && entries.get(key) === held) drop(key, held);
        },
      };
    },
    retry(ref) {
      const entry = entries.get(refKey(ref));
      if (entry?.state.peek().status === 'failed') void load(ref, entry);
    },
    view(shown) {
      viewing.value = shown;
    },
    dispose() {
      upload.cancel();
      for (const stop of stops) stop();
      for (const [key, entry] of [...entries]) drop(key, entry);
    },
  };
}
