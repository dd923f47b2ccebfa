/**
 * One picture on its way into a room: re-encoded in the browser, uploaded with progress and a
 * way to cancel, then posted as an `image` message through the room's outbox like any message.
 * A refusal (not a picture, too large, a budget, the relay's answer) becomes words, and the
 * draft's text is never touched.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import type {
  BlobUploadAnswer,
  ImageBody,
  ImageUploadAnswer,
  ProtocolError,
  RoomKey,
} from '../../../protocol/index.ts';
import { explainError } from '../../lib/explain-error.ts';
import { t } from '../../lib/i18n.ts';
import { ImageRefusal } from '../../lib/image-encode.ts';
import type { PostResult, Upload } from '../../lib/upload-image.ts';
import type { ImageGrant } from '../../messaging/panel-hub.ts';

/** The picture on its way, if any. */
export type UploadState = { status: 'idle' } | { status: 'preparing' } | { status: 'uploading'; progress: number };

export interface ImageUploadDeps {
  /** The relay's origin and the token (hub `image:grant`). */
  grant(): Promise<ImageGrant | { ok: false; error: ProtocolError }>;
  /** Makes the file small and free of metadata; throws ImageRefusal with words. */
  prepare(file: Blob): Promise<Blob>;
  upload: Upload;
  /** The room shown now; null when there is none. */
  room(): RoomKey | null;
  /** Posts the image message (RoomModel.sendImage). */
  post(body: ImageBody): void;
  timeoutMs?: number;
}

export interface ImageUpload {
  readonly state: ReadonlySignal<UploadState>;
  /** Why the latest picture was not sent, in words; cleared by the next one. */
  readonly error: ReadonlySignal<string | null>;
  /** Sends `file` into the current room; refused in words while another is on its way. */
  attach(file: Blob): Promise<void>;
  cancel(): void;
  dismiss(): void;
}

const IDLE: UploadState = { status: 'idle' };

/** What the relay's refusal means for the person (status codes from docs/protocol.md). */
export function refusalWords(result: PostResult<ImageUploadAnswer | BlobUploadAnswer>): string {
  switch (result.outcome) {
    case 'cancelled':
      return t('media_upload_cancelled');
    case 'timeout':
      return t('media_upload_timeout');
    case 'network':
      return t('media_upload_network');
    case 'answered':
      break;
  }
  switch (result.status) {
    case 404:
      return t('media_relay_no_pictures');
    case 413:
      return t('media_relay_too_large');
    case 415:
      return t('media_relay_wrong_type');
    case 422:
      return t('media_relay_unreadable');
  }
  const { answer } = result;
  if (answer !== null && !answer.ok) return explainError(answer.error);
  // A status code is a code, not a quantity: written as is, never as a locale's number.
  return t('media_relay_refused', String(result.status));
}

export function createImageUpload(deps: ImageUploadDeps): ImageUpload {
  return createUploadFlow(async (file, abort, progress) => {
    const room = deps.room();
    if (room === null) return t('media_room_not_open');
    let image: Blob;
    try {
      image = await deps.prepare(file);
    } catch (problem) {
      if (problem instanceof ImageRefusal) return problem.message;
      throw problem;
    }
    if (abort.signal.aborted) return null;
    const grant = await deps.grant();
    if (!grant.ok) return explainError(grant.error);
    if (abort.signal.aborted) return null;
    progress(0);
    const result = await deps.upload({
      base: grant.base,
      token: grant.token,
      room,
      image,
      signal: abort.signal,
      timeoutMs: deps.timeoutMs ?? 60_000,
      onProgress: progress,
    });
    if (result.outcome === 'cancelled') return null;
    if (result.outcome === 'answered' && result.status === 201 && result.answer?.ok) {
      const { id, width, height, thumbWidth, thumbHeight } = result.answer.image;
      deps.post({ id, width, height, thumbWidth, thumbHeight });
      return null;
    }
    return refusalWords(result);
  });
}

/**
 * Sends `file`; answers the words of its refusal, or null when it was sent or cancelled. Calls
 * `progress` with the share uploaded (0–1) once bytes are on their way.
 */
export type SendPicture = (
  file: Blob,
  abort: AbortController,
  progress: (sent: number) => void,
) => Promise<string | null>;

/** One picture at a time on its way, with its state, its refusal in words, and Cancel. */
export function createUploadFlow(send: SendPicture): ImageUpload {
  const state = signal<UploadState>(IDLE);
  const error = signal<string | null>(null);
  let current: AbortController | null = null;

  return {
    state,
    error,
    async attach(file) {
      if (current !== null) {
        error.value = t('media_one_at_a_time');
        return;
      }
      const abort = new AbortController();
      current = abort;
      batch(() => {
        error.value = null;
        state.value = { status: 'preparing' };
      });
      let refusal: string | null;
      try {
        refusal = await send(file, abort, (progress) => {
          if (current === abort) state.value = { status: 'uploading', progress };
        });
      } catch {
        refusal = t('media_send_failed');
      }
      if (current !== abort) return;
      current = null;
      batch(() => {
        state.value = IDLE;
        error.value = refusal;
      });
    },
    cancel() {
      current?.abort();
      current = null;
      state.value = IDLE;
    },
    dismiss() {
      error.value = null;
    },
  };
}
