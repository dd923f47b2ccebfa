/**
 * Images over HTTP against the real relay on port 0, with real `fetch`: what an upload must
 * be and what it comes back as (re-encoded, oriented, without metadata), the refusals, the
 * budgets, the serving headers, and two nodes sharing one IMAGE_DIR.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ImageUploadAnswer, UploadedImage } from '../../protocol/index.ts';
import { FileImageStore } from '../images/file-store.ts';
import { joined, newRoom, newToken, serverForFile, serversPerTest, reachedRedis } from './harness.ts';
import { startRedis, type TestRedis } from './redis-server.ts';

interface Upload {
  room?: string;
  token?: string | null;
  body: Buffer | string;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  headers: Headers;
  body: ImageUploadAnswer;
}

async function upload(url: string, { room = newRoom(), token = newToken(), body, headers = {} }: Upload) {
  const response = await fetch(`${url}/images?room=${room}`, {
    method: 'POST',
    headers: { ...(token === null ? {} : { Authorization: `Bearer ${token}` }), ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as ImageUploadAnswer };
}

/** Joins a fresh room as a fresh user and uploads `body` there. */
async function uploadAsMember(url: string, body: Buffer | string, headers: Record<string, string> = {}) {
  const room = newRoom();
  const token = newToken();
  await joined(url, room, { token });
  return { room, token, ...(await upload(url, { room, token, body, headers })) };
}

function uploaded(answer: Answer): UploadedImage {
  if (!answer.body.ok) throw new Error(`upload refused ${answer.status}: ${answer.body.error.message}`);
  expect(answer.status).toBe(201);
  return answer.body.image;
}

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } });

/**
 * A photo as a phone takes it: rotated by its EXIF orientation (6: turn 90° clockwise), with a
 * location, the camera, an author in XMP and a colour profile.
 */
const PHOTO = solid(300, 100)
  .jpeg()
  .withMetadata({ orientation: 6 })
  .withIccProfile('p3')
  .withXmp(
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
      '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Ann Author</dc:creator>' +
      '</rdf:Description></rdf:RDF></x:xmpmeta>',
  )
  .withExif({
    IFD0: { Make: 'PhoneMaker', Model: 'Phone 9' },
    IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 29/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 17/1 40/1' },
  })
  .toBuffer();

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A decompression bomb: a valid 50,000 × 50,000 greyscale PNG header (2.5 gigapixels) and a
 * few hundred rows of zeros, compressed, in under 10 KB.
 */
function pngBomb(): Buffer {
  const side = 50_000;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth; colour type 0 (greyscale), compression, filter and interlace 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc((side + 1) * 200))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('uploading an image', () => {
  const server = serverForFile();

  it('re-encodes a phone photo as WebP, turned as its EXIF said, with no metadata left (no location, camera, author or profile)', async () => {
    const photo = await PHOTO;
    const original = await sharp(photo).metadata();
    expect(original.exif?.includes(Buffer.from('PhoneMaker'))).toBe(true);
    // The GPS IFD's pointer, tag 0x8825, in either byte order.
    const gps = [Buffer.from([0x25, 0x88, 4, 0]), Buffer.from([0x88, 0x25, 0, 4])];
    expect(gps.some((tag) => original.exif?.includes(tag))).toBe(true);
    expect(original.xmp?.includes(Buffer.from('Ann Author'))).toBe(true);
    expect(original.icc).toBeDefined();
    const answer = await uploadAsMember(server.url, photo, { 'Content-Type': 'image/jpeg' });
    const image = uploaded(answer);
    expect(image).toMatchObject({ width: 100, height: 300, thumbWidth: 100, thumbHeight: 300 });
    const served = Buffer.from(await (await fetch(`${server.url}/images/${image.id}`)).arrayBuffer());
    expect(served.length).toBe(image.bytes);
    const meta = await sharp(served).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 100, height: 300 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    for (const trace of ['PhoneMaker', 'Ann Author']) expect(served.includes(Buffer.from(trace))).toBe(false);
    // The pixels turned too: the red photo's width is now its height.
    const { dominant } = await sharp(served).stats();
    expect(dominant.r).toBeGreaterThan(150);
  });

  it('reads the type from the bytes: a PNG sent as image/jpeg named .jpg is taken as the PNG it is', async () => {
    const png = await solid(40, 30).png().toBuffer();
    const answer = await uploadAsMember(server.url, png, {
      'Content-Type': 'image/jpeg',
      'Content-Disposition': 'attachment; filename="holiday.jpg"',
    });
    expect(uploaded(answer)).toMatchObject({ width: 40, height: 30 });
  });

  it('takes JPEG, PNG, WebP, the first frame of a GIF, and AVIF', async () => {
    const base = solid(64, 48);
    for (const body of [
      await base.clone().jpeg().toBuffer(),
      await base.clone().png().toBuffer(),
      await base.clone().webp().toBuffer(),
      await base.clone().gif().toBuffer(),
      await base.clone().avif().toBuffer(),
    ]) {
      expect(uploaded(await uploadAsMember(server.url, body))).toMatchObject({ width: 64, height: 48 });
    }
  });

  it('keeps the first frame of an animated GIF', async () => {
    const frames = [
      { r: 255, g: 0, b: 0 },
      { r: 0, g: 0, b: 255 },
    ].map((background) =>
      sharp({ create: { width: 20, height: 20, channels: 3, background } })
        .png()
        .toBuffer(),
    );
    const gif = await sharp(await Promise.all(frames), { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const image = uploaded(await uploadAsMember(server.url, gif));
    expect(image).toMatchObject({ width: 20, height: 20 });
    const served = Buffer.from(await (await fetch(`${server.url}/images/${image.id}`)).arrayBuffer());
    const { dominant } = await sharp(served).stats();
    expect(dominant.r).toBeGreaterThan(200);
    expect(dominant.b).toBeLessThan(50);
  });

  it('shrinks a large image to 2048 px on its long side, and its thumbnail to 320', async () => {
    const image = uploaded(await uploadAsMember(server.url, await solid(3000, 1000).png().toBuffer()));
    expect(image).toMatchObject({ width: 2048, height: 683, thumbWidth: 320, thumbHeight: 107 });
    const thumb = await fetch(`${server.url}/images/${image.id}/thumb`);
    expect(await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).toMatchObject({
      format: 'webp',
      width: 320,
      height: 107,
    });
  });

  it.each([
    ['an SVG', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml'],
    ['an HTML page', '<!doctype html><html><body><script>alert(1)</script></body></html>', 'image/png'],
    ['a PDF', '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF', 'image/jpeg'],
  ])('refuses %s with 415, whatever its Content-Type says', async (_what, body, type) => {
    const answer = await uploadAsMember(server.url, body, { 'Content-Type': type });
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(!answer.body.ok && answer.body.error.message).toMatch(/JPEG, PNG, WebP, GIF, AVIF/);
  });

  it('refuses a decompression bomb by its header, before decoding it, with 422', async () => {
    const bomb = pngBomb();
    expect(bomb.length).toBeLessThan(20_000);
    const started = Date.now();
    const answer = await uploadAsMember(server.url, bomb);
    expect(answer.status).toBe(422);
    expect(!answer.body.ok && answer.body.error.message).toBe(
      "the image is 50000×50000 pixels, over the relay's limit of 40 megapixels",
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a truncated image with 422', async () => {
    const jpeg = await solid(200, 200).jpeg().toBuffer();
    const answer = await uploadAsMember(server.url, jpeg.subarray(0, jpeg.length / 2));
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses a body over IMAGE_MAX_BYTES with 413, and an empty one with 400', async () => {
    const over = await uploadAsMember(server.url, Buffer.alloc(server.config.imageMaxBytes + 1));
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject({ ok: false, error: { code: 'bad_request', message: /over 1048576 bytes/ } });
    const empty = await uploadAsMember(server.url, '');
    expect(empty.status).toBe(400);
  });

  it('refuses an upload without a token (or with a malformed one) with 401', async () => {
    const png = await solid(10, 10).png().toBuffer();
    for (const token of [null, 'short', 'has spaces in it, which no token has']) {
      const answer = await upload(server.url, { token, body: png });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(answer.body).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
  });

  it('refuses a bad room key with 400, and a room the uploader is not in with 403 not_joined', async () => {
    const png = await solid(10, 10).png().toBuffer();
    expect((await upload(server.url, { room: 'not-a-room', body: png })).status).toBe(400);
    const room = newRoom();
    await joined(server.url, room);
    const stranger = await upload(server.url, { room, body: png });
    expect(stranger.status).toBe(403);
    expect(stranger.body).toMatchObject({ ok: false, error: { code: 'not_joined' } });
  });

  it('answers the CORS preflight of an extension page, and lets any origin read the answer', async () => {
    const preflight = await fetch(`${server.url}/images?room=${newRoom()}`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
    const answer = await uploadAsMember(server.url, await solid(10, 10).png().toBuffer(), {
      Origin: 'moz-extension://0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('serving an image', () => {
  const server = serverForFile();

  it('serves both encodings with headers that keep them images, cacheable for good', async () => {
    const image = uploaded(await uploadAsMember(server.url, await solid(500, 400).png().toBuffer()));
    for (const path of [`/images/${image.id}`, `/images/${image.id}/thumb`]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(
        Object.fromEntries(
          [
            'content-type',
            'x-content-type-options',
            'content-security-policy',
            'cache-control',
            'cross-origin-resource-policy',
          ].map((name) => [name, response.headers.get(name)]),
        ),
      ).toEqual({
        'content-type': 'image/webp',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'public, max-age=31536000, immutable',
        'cross-origin-resource-policy': 'cross-origin',
      });
    }
  });

  it('answers HEAD with the headers alone', async () => {
    const image = uploaded(await uploadAsMember(server.url, await solid(50, 40).png().toBuffer()));
    const response = await fetch(`${server.url}/images/${image.id}`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(Number(response.headers.get('content-length'))).toBe(image.bytes);
  });

  it('answers 404 for an unknown id and a malformed one', async () => {
    for (const id of ['AAAAAAAAAAAAAAAAAAAAAA', '..%2F..%2Fetc%2Fpasswd', 'short', 'x'.repeat(90)]) {
      for (const suffix of ['', '/thumb']) {
        const response = await fetch(`${server.url}/images/${id}${suffix}`);
        expect(response.status, id).toBe(404);
        expect(await response.json()).toMatchObject({ ok: false, error: { message: 'no such image' } });
      }
    }
  });
});

describe('upload budgets', () => {
  const startServer = serversPerTest();

  it('refuses uploads over UPLOAD_MB_PER_HOUR with 429, Retry-After and limit upload_bytes', async () => {
    const { url } = await startServer({ uploadMbPerHour: 1 });
    const room = newRoom();
    const token = newToken();
    await joined(url, room, { token });
    // The bytes are charged before they are decoded: junk costs as much as an image.
    const junk = Buffer.alloc(400_000, 7);
    for (let i = 0; i < 2; i++) expect((await upload(url, { room, token, body: junk })).status).toBe(415);
    const refused = await upload(url, { room, token, body: junk });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'rate_limited', limit: 'upload_bytes' } });
    const retryAfterMs = refused.body.ok ? 0 : (refused.body.error.retryAfterMs ?? 0);
    // 1 MiB an hour is 16 units of 64 KiB; each upload costs 7, so the 5 missing come back in 18.75 minutes.
    expect(retryAfterMs).toBeGreaterThan(18 * 60_000);
    expect(retryAfterMs).toBeLessThanOrEqual(18.75 * 60_000);
    expect(refused.headers.get('retry-after')).toBe(String(Math.ceil(retryAfterMs / 1000)));
    // Another user's budget is their own.
    expect((await uploadAsMember(url, await solid(10, 10).png().toBuffer())).status).toBe(201);
  });

  it('refuses uploads over UPLOADS_PER_MINUTE with 429 and limit uploads', async () => {
    const { url } = await startServer({ uploadsPerMinute: 2 });
    const room = newRoom();
    const token = newToken();
    await joined(url, room, { token });
    const png = await solid(10, 10).png().toBuffer();
    for (let i = 0; i < 2; i++) expect((await upload(url, { room, token, body: png })).status).toBe(201);
    const refused = await upload(url, { room, token, body: png });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'rate_limited', limit: 'uploads' } });
    expect(Number(refused.headers.get('retry-after'))).toBe(30);
  });

  it('decodes IMAGE_CONCURRENCY uploads at once, lines up IMAGE_QUEUE, and answers the rest 503 at once', async () => {
    const { url } = await startServer({ imageConcurrency: 1, imageQueue: 1 });
    const room = newRoom();
    const token = newToken();
    await joined(url, room, { token });
    // Noise does not compress: decoding and encoding it takes long enough for the others to arrive.
    const noise = await sharp(randomBytes(640 * 480 * 3), { raw: { width: 640, height: 480, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer();
    const answers = await Promise.all(Array.from({ length: 6 }, () => upload(url, { room, token, body: noise })));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(2);
    const busy = answers.filter((answer) => answer.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    for (const answer of busy) {
      expect(answer.body).toMatchObject({ ok: false, error: { code: 'unavailable', retryAfterMs: 2000 } });
      expect(answer.headers.get('retry-after')).toBe('2');
    }
    expect(statuses.every((status) => status === 201 || status === 503)).toBe(true);
  }, 20_000);

  it('answers 503 unavailable when the image directory cannot be written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samepage-images-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'a-file'), 'not a directory');
    const { url } = await startServer({ storage: 'sqlite', dataDir: dir, imageDir: join(dir, 'a-file') });
    const answer = await uploadAsMember(url, await solid(10, 10).png().toBuffer());
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('two nodes sharing IMAGE_DIR', () => {
  let redis: TestRedis;
  let dir: string;
  beforeAll(async () => {
    redis = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'samepage-shared-images-'));
  });
  afterAll(async () => {
    await redis.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const startServer = serversPerTest();

  const node = async () => reachedRedis(await startServer({ redisUrl: redis.url, imageDir: dir }));

  it('serves from one node an image uploaded through the other, and removes it for both', async () => {
    const [a, b] = [await node(), await node()];
    const room = newRoom();
    const token = newToken();
    // Joined through node A: node B knows the membership through Redis.
    await joined(a.url, room, { token });
    const png = await solid(800, 600).png().toBuffer();
    const image = uploaded(await upload(b.url, { room, token, body: png }));
    for (const suffix of ['', '/thumb']) {
      const served = await fetch(`${a.url}/images/${image.id}${suffix}`);
      expect(served.status).toBe(200);
      const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
      expect(meta.width).toBe(suffix === '' ? 800 : 320);
    }
    // A third party on the same volume (as a message's deletion on any node would) removes it for all.
    await new FileImageStore(dir, { maxAgeMs: Infinity, maxBytes: Infinity }).remove(image.id);
    for (const { url } of [a, b]) expect((await fetch(`${url}/images/${image.id}`)).status).toBe(404);
  });
});
