/**
 * `POST /images?room=` (docs/protocol.md, "Images (HTTP)") with XMLHttpRequest, the one web API
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

export type UploadResult =
  /** The relay answered; `answer` is null when the body was not the protocol's JSON (a proxy's page). */
  | { outcome: 'answered'; status: number; answer: ImageUploadAnswer | null }
  | { outcome: 'cancelled' | 'timeout' | 'network' };

export type Upload = (request: UploadRequest) => Promise<UploadResult>;

export const uploadImage: Upload = ({ base, token, room, image, onProgress, signal, timeoutMs }) =>
  new Promise((resolve) => {
    if (signal.aborted) {
      resolve({ outcome: 'cancelled' });
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${base}${IMAGES_PATH}?room=${encodeURIComponent(room)}`);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.timeout = timeoutMs;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    const cancel = (): void => xhr.abort();
    signal.addEventListener('abort', cancel, { once: true });
    const settle = (result: UploadResult): void => {
      signal.removeEventListener('abort', cancel);
      resolve(result);
    };
    xhr.onload = () => settle({ outcome: 'answered', status: xhr.status, answer: parseAnswer(xhr.responseText) });
    xhr.onabort = () => settle({ outcome: 'cancelled' });
    xhr.ontimeout = () => settle({ outcome: 'timeout' });
    xhr.onerror = () => settle({ outcome: 'network' });
    xhr.send(image);
  });

function parseAnswer(text: string): ImageUploadAnswer | null {
  try {
    const answer: unknown = JSON.parse(text);
    return typeof answer === 'object' && answer !== null && 'ok' in answer ? (answer as ImageUploadAnswer) : null;
  } catch {
    return null;
  }
}
