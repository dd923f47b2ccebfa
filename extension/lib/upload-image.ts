/**
 * `POST /images?room=` (docs/protocol.md, "Images (HTTP)"), and any upload of bytes (the
 * encrypted pictures of DMs, dm-pictures/), with XMLHttpRequest, the one web API
 * that reports upload progress. An extension page sends it (service workers have no XHR), with
 * the token as a bearer and no cookies. Never rejects: every end is an outcome.
 */
import { IMAGES_PATH, type ImageUploadAnswer, type RoomKey } from '../../protocol/index.ts';

export interface UploadRequest {
  /** The relay's origin (hub `image:grant`). */
  base: string;
  token: string;
  room: RoomKey;
  image: Blob;
  /** The share of the bytes sent, 0–1. */
  onProgress(sent: number): void;
  signal: AbortSignal;
  timeoutMs: number;
}

/** The relay answered (`answer` null when the body was not the protocol's JSON: a proxy's page), or not. */
export type UploadResult = PostResult<ImageUploadAnswer>;

export type Upload = (request: UploadRequest) => Promise<UploadResult>;

export const uploadImage: Upload = ({ base, token, room, image, onProgress, signal, timeoutMs }) =>
  postWithProgress<ImageUploadAnswer>(`${base}${IMAGES_PATH}?room=${encodeURIComponent(room)}`, {
    token,
    body: image,
    onProgress,
    signal,
    timeoutMs,
  });

/** What one authorized POST of bytes takes, whatever it posts to. */
export interface BytesPost {
  token: string;
  body: Blob;
  onProgress(sent: number): void;
  signal: AbortSignal;
  timeoutMs: number;
}

/** The outcome of one POST of bytes whose answer is the protocol's JSON `A` (images, blobs). */
export type PostResult<A> =
  { outcome: 'answered'; status: number; answer: A | null } | { outcome: 'cancelled' | 'timeout' | 'network' };

/** POSTs `body` to `url` with the token as a bearer and no cookies, reporting progress. */
export function postWithProgress<A extends { ok: boolean }>(
  url: string,
  { token, body, onProgress, signal, timeoutMs }: BytesPost,
): Promise<PostResult<A>> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve({ outcome: 'cancelled' });
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.timeout = timeoutMs;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    const cancel = (): void => xhr.abort();
    signal.addEventListener('abort', cancel, { once: true });
    const settle = (result: PostResult<A>): void => {
      signal.removeEventListener('abort', cancel);
      resolve(result);
    };
    xhr.onload = () => settle({ outcome: 'answered', status: xhr.status, answer: parseAnswer<A>(xhr.responseText) });
    xhr.onabort = () => settle({ outcome: 'cancelled' });
    xhr.ontimeout = () => settle({ outcome: 'timeout' });
    xhr.onerror = () => settle({ outcome: 'network' });
    xhr.send(body);
  });
}

function parseAnswer<A>(text: string): A | null {
  try {
    const answer: unknown = JSON.parse(text);
    return typeof answer === 'object' && answer !== null && 'ok' in answer ? (answer as A) : null;
  } catch {
    return null;
  }
}
