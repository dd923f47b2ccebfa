import { describe, expect, it } from 'vitest';
import type { ImageBody, ImageUploadAnswer } from '../../../protocol/index.ts';
import { ImageRefusal } from '../../lib/image-encode.ts';
import type { UploadRequest, UploadResult } from '../../lib/upload-image.ts';
import { createImageUpload, refusalWords, type ImageUploadDeps } from './image-upload.ts';

const ROOM = 'a'.repeat(64);
const IMAGE = { id: 'A'.repeat(22), width: 900, height: 600, thumbWidth: 320, thumbHeight: 213, bytes: 12_345 };

/** An upload the test drives: it reports progress and settles when told. */
function harness(overrides: Partial<ImageUploadDeps> = {}) {
  const posted: ImageBody[] = [];
  const uploads: Array<{ request: UploadRequest; settle(result: UploadResult): void }> = [];
  let grants = 0;
  const upload = createImageUpload({
    grant: async () => {
      grants++;
      return { ok: true, base: 'http://relay.test', token: 't'.repeat(43) };
    },
    prepare: async (file) => new Blob([await file.arrayBuffer()], { type: 'image/webp' }),
    upload: (request) =>
      new Promise((resolve) => {
        uploads.push({ request, settle: resolve });
        request.signal.addEventListener('abort', () => resolve({ outcome: 'cancelled' }));
      }),
    room: () => ROOM,
    post: (body) => posted.push(body),
    ...overrides,
  });
  return { upload, posted, uploads, grants: () => grants };
}

const png = () => new Blob([new Uint8Array(64)], { type: 'image/png' });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('sending a picture', () => {
  it('uploads the prepared picture with the grant, shows progress, then posts the image message', async () => {
    const { upload, posted, uploads } = harness();
    const done = upload.attach(png());
    expect(upload.state.value).toEqual({ status: 'preparing' });
    await tick();
    const [first] = uploads;
    expect(first?.request).toMatchObject({ base: 'http://relay.test', token: 't'.repeat(43), room: ROOM });
    expect(first?.request.image.type).toBe('image/webp');
    expect(upload.state.value).toEqual({ status: 'uploading', progress: 0 });
    first?.request.onProgress(0.5);
    expect(upload.state.value).toEqual({ status: 'uploading', progress: 0.5 });
    first?.settle({ outcome: 'answered', status: 201, answer: { ok: true, image: IMAGE } });
    await done;
    // The relay's sizes, without what the message does not carry (bytes).
    expect(posted).toEqual([{ id: IMAGE.id, width: 900, height: 600, thumbWidth: 320, thumbHeight: 213 }]);
    expect(upload.state.value).toEqual({ status: 'idle' });
    expect(upload.error.value).toBeNull();
  });

  it('cancels: the upload is aborted, nothing is posted and no error is shown', async () => {
    const { upload, posted, uploads } = harness();
    const done = upload.attach(png());
    await tick();
    upload.cancel();
    expect(upload.state.value).toEqual({ status: 'idle' });
    await done;
    expect(uploads[0]?.request.signal.aborted).toBe(true);
    expect(posted).toEqual([]);
    expect(upload.error.value).toBeNull();
  });

  it('cancelled while preparing, it never uploads', async () => {
    let release: () => void = () => undefined;
    const { upload, uploads, grants } = harness({
      prepare: (file) => new Promise((resolve) => (release = () => resolve(file))),
    });
    const done = upload.attach(png());
    upload.cancel();
    release();
    await done;
    expect(uploads).toEqual([]);
    expect(grants()).toBe(0);
  });

  it('says in words why a file was refused before upload, and sends nothing', async () => {
    const { upload, uploads } = harness({
      prepare: async () => {
        throw new ImageRefusal('That file is not a picture: you can send PNG, JPEG, WebP, GIF or AVIF images.');
      },
    });
    await upload.attach(new Blob(['hello'], { type: 'text/plain' }));
    expect(upload.error.value).toMatch(/not a picture/);
    expect(upload.state.value).toEqual({ status: 'idle' });
    expect(uploads).toEqual([]);
  });

  it("turns the relay's refusals into words", async () => {
    const { upload, uploads } = harness();
    const done = upload.attach(png());
    await tick();
    uploads[0]?.settle({
      outcome: 'answered',
      status: 429,
      answer: { ok: false, error: { code: 'rate_limited', message: 'x', retryAfterMs: 30_000, limit: 'uploads' } },
    });
    await done;
    expect(upload.error.value).toMatch(/^Too many images at once; try again in /);
    upload.dismiss();
    expect(upload.error.value).toBeNull();
  });

  it('takes one picture at a time, keeping the one on its way', async () => {
    const { upload, uploads } = harness();
    void upload.attach(png());
    await tick();
    await upload.attach(png());
    expect(upload.error.value).toMatch(/One picture at a time/);
    expect(upload.state.value.status).toBe('uploading');
    expect(uploads).toHaveLength(1);
  });

  it('refuses where no room is open', async () => {
    const { upload, uploads } = harness({ room: () => null });
    await upload.attach(png());
    expect(upload.error.value).toMatch(/once the room is open/);
    expect(uploads).toEqual([]);
  });

  it('says when the hub cannot give a grant', async () => {
    const { upload } = harness({
      grant: async () => ({ ok: false, error: { code: 'unavailable', message: 'x' } }),
    });
    await upload.attach(png());
    expect(upload.error.value).toMatch(/unavailable/);
  });
});

describe('the words for an upload that failed', () => {
  const answered = (status: number, answer: ImageUploadAnswer | null) =>
    refusalWords({ outcome: 'answered', status, answer });
  const badRequest = { ok: false as const, error: { code: 'bad_request' as const, message: 'developer words' } };

  it('names what is wrong with the file by status', () => {
    expect(answered(413, badRequest)).toBe('That picture is too large for this chat server.');
    expect(answered(415, badRequest)).toMatch(/does not take this kind of file/);
    expect(answered(422, badRequest)).toMatch(/could not read that picture/);
  });

  it("uses the protocol's words for other refusals and the status where there is no answer", () => {
    expect(answered(403, { ok: false, error: { code: 'not_joined', message: 'x' } })).toMatch(/not in this room/);
    expect(answered(503, { ok: false, error: { code: 'unavailable', message: 'busy', retryAfterMs: 2000 } })).toMatch(
      /unavailable/,
    );
    expect(answered(502, null)).toBe('The chat server could not take the picture (error 502); try again.');
    expect(answered(404, null)).toBe('This chat server does not take pictures.');
  });

  it('says when the network or the time failed', () => {
    expect(refusalWords({ outcome: 'timeout' })).toMatch(/took too long/);
    expect(refusalWords({ outcome: 'network' })).toMatch(/could not reach the chat server/);
  });
});
