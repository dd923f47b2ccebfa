/**
 * The encrypted pictures of DMs (issue #15, docs/protocol.md "Pictures in DMs") against the real
 * relay on port 0, with real `fetch`: who may upload (a member of the room, or someone holding a
 * conversation grant there with the person named), the bytes coming back exactly as sent with
 * headers that keep them inert, the refusals, the budgets shared with images, and, kept on
 * disk, a picture encrypted as the extension does is found nowhere in clear.
 */
import { randomBytes, webcrypto } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ClientEvent, type BlobUploadAnswer, type MessagePostAnswer } from '../../protocol/index.ts';
import { joined, joinedV2, newClientId, newRoom, newToken, serverForFile, serversPerTest } from './harness.ts';

interface BlobUpload {
  room?: string;
  token?: string | null;
  to?: string;
  body: Buffer;
}

async function upload(url: string, { room = newRoom(), token = newToken(), to, body }: BlobUpload) {
  const query = new URLSearchParams({ room, ...(to === undefined ? {} : { to }) });
  const response = await fetch(`${url}/blobs?${query}`, {
    method: 'POST',
    headers: token === null ? {} : { Authorization: `Bearer ${token}` },
    body: new Uint8Array(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as BlobUploadAnswer };
}

async function uploadAsMember(url: string, body: Buffer) {
  const room = newRoom();
  const token = newToken();
  await joined(url, room, { token });
  return { room, token, ...(await upload(url, { room, token, body })) };
}

function blobId(answer: { status: number; body: BlobUploadAnswer }): string {
  if (!answer.body.ok) throw new Error(`upload refused ${answer.status}: ${answer.body.error.message}`);
  expect(answer.status).toBe(201);
  return answer.body.blob.id;
}

const refusal = (code: string, message: string) => ({
  ok: false,
  error: { code, message: expect.stringContaining(message) },
});

/** Encrypts as the extension does (extension/lib/dm-pictures/blob-crypto.ts): AES-256-GCM, fresh key and IV. */
async function encrypt(plaintext: Buffer): Promise<Buffer> {
  const key = await webcrypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  return Buffer.from(await webcrypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new Uint8Array(plaintext)));
}

describe('uploading an encrypted blob', () => {
  const server = serverForFile({ imageMaxBytes: 20_000 });

  it('keeps the bytes exactly as sent and serves them back inert, to whoever knows the id', async () => {
    const bytes = randomBytes(5000);
    const answer = await uploadAsMember(server.url, bytes);
    expect(answer.body).toEqual({ ok: true, blob: { id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), bytes: 5000 } });
    const id = blobId(answer);
    const served = await fetch(`${server.url}/blobs/${id}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    expect(
      Object.fromEntries(
        [
          'content-type',
          'x-content-type-options',
          'content-security-policy',
          'cache-control',
          'cross-origin-resource-policy',
          'access-control-allow-origin',
        ].map((name) => [name, served.headers.get(name)]),
      ),
    ).toEqual({
      'content-type': 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'public, max-age=31536000, immutable',
      'cross-origin-resource-policy': 'cross-origin',
      'access-control-allow-origin': '*',
    });
    const head = await fetch(`${server.url}/blobs/${id}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(5000);
  });

  it('never decodes what it keeps: a PNG in clear is kept as the bytes it is, not re-encoded', async () => {
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#c33' } })
      .png()
      .toBuffer();
    const id = blobId(await uploadAsMember(server.url, png));
    const served = Buffer.from(await (await fetch(`${server.url}/blobs/${id}`)).arrayBuffer());
    expect(served.equals(png)).toBe(true);
  });

  it('takes up to IMAGE_MAX_BYTES plus the 16-byte tag, and refuses one byte more with 413', async () => {
    expect((await uploadAsMember(server.url, randomBytes(20_016))).status).toBe(201);
    const over = await uploadAsMember(server.url, randomBytes(20_017));
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses a body no ciphertext can be (empty, or no longer than a tag) with 400', async () => {
    for (const size of [0, 16]) {
      const answer = await uploadAsMember(server.url, randomBytes(size));
      expect(answer.status, String(size)).toBe(400);
      expect(answer.body).toEqual(refusal('bad_request', 'encrypted bytes'));
    }
  });

  it('refuses an upload without a token (or with a malformed one) with 401', async () => {
    for (const token of [null, 'short']) {
      const answer = await upload(server.url, { token, body: randomBytes(100) });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('refuses a bad room key or a bad `to` with 400, and a room the uploader is not in with 403 not_joined', async () => {
    expect((await upload(server.url, { room: 'nope', body: randomBytes(100) })).status).toBe(400);
    const badTo = await upload(server.url, { to: 'not an id!', body: randomBytes(100) });
    expect(badTo.status).toBe(400);
    expect(badTo.body).toEqual(refusal('bad_request', 'to:'));
    const stranger = await upload(server.url, { body: randomBytes(100) });
    expect(stranger.status).toBe(403);
    expect(stranger.body).toEqual(refusal('not_joined', 'join the room'));
  });

  it('answers the CORS preflight of an extension page', async () => {
    const response = await fetch(`${server.url}/blobs`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });

  it('answers 404 for an unknown id and a malformed one', async () => {
    for (const id of ['AAAAAAAAAAAAAAAAAAAAAA', '..%2F..%2Fetc%2Fpasswd', 'short', 'x'.repeat(90)]) {
      const response = await fetch(`${server.url}/blobs/${id}`);
      expect(response.status, id).toBe(404);
      expect(await response.json()).toEqual(refusal('bad_request', 'no such blob'));
    }
  });
});

describe('uploading under a conversation grant', () => {
  const server = serverForFile();

  it('lets someone who left the room upload for the person they hold a conversation with there, and no one else', async () => {
    const room = newRoom();
    const tokens = { ann: newToken(), bob: newToken() };
    const ann = await joinedV2(server.url, room, { name: 'Ann', token: tokens.ann });
    const bob = await joinedV2(server.url, room, { name: 'Bob', token: tokens.bob });
    const sent: MessagePostAnswer = await ann.socket.emitWithAck(ClientEvent.MessagePost, {
      room,
      clientId: newClientId(),
      to: bob.self.id,
      kind: 'text',
      body: { text: 'hello' },
    });
    expect(sent.ok).toBe(true);
    expect(await ann.socket.emitWithAck(ClientEvent.RoomLeave, { room })).toEqual({ ok: true });

    const body = randomBytes(200);
    expect((await upload(server.url, { room, token: tokens.ann, to: bob.self.id, body })).status).toBe(201);
    // Without naming Bob, or naming someone else, Ann is just someone outside the room.
    expect((await upload(server.url, { room, token: tokens.ann, body })).status).toBe(403);
    const carol = await joinedV2(server.url, newRoom(), { name: 'Carol' });
    expect((await upload(server.url, { room, token: tokens.ann, to: carol.self.id, body })).status).toBe(403);
    // A stranger naming Bob holds no grant with him.
    expect((await upload(server.url, { room, to: bob.self.id, body })).status).toBe(403);
    // Nor is the grant good in another room.
    expect((await upload(server.url, { token: tokens.ann, to: bob.self.id, body })).status).toBe(403);
  });
});

describe('blob budgets', () => {
  const startServer = serversPerTest();

  it('draws on the same uploads budget as images: past UPLOADS_PER_MINUTE, 429 with limit uploads', async () => {
    const { url } = await startServer({ uploadsPerMinute: 2 });
    const room = newRoom();
    const token = newToken();
    await joined(url, room, { token });
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#333' } })
      .png()
      .toBuffer();
    const image = await fetch(`${url}/images?room=${room}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: new Uint8Array(png),
    });
    expect(image.status).toBe(201);
    expect((await upload(url, { room, token, body: randomBytes(100) })).status).toBe(201);
    const refused = await upload(url, { room, token, body: randomBytes(100) });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'rate_limited', limit: 'uploads' } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses blobs over UPLOAD_MB_PER_HOUR with 429 and limit upload_bytes', async () => {
    const { url } = await startServer({ uploadMbPerHour: 1 });
    const room = newRoom();
    const token = newToken();
    await joined(url, room, { token });
    for (let i = 0; i < 2; i++)
      expect((await upload(url, { room, token, body: randomBytes(400_000) })).status).toBe(201);
    const refused = await upload(url, { room, token, body: randomBytes(400_000) });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'rate_limited', limit: 'upload_bytes' } });
  });
});

describe('blobs on disk', () => {
  const startServer = serversPerTest();

  /** Every file under `dir`, with its bytes. */
  function filesUnder(dir: string): Array<{ path: string; bytes: Buffer }> {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((name) => join(dir, name))
      .filter((path) => statSync(path).isFile())
      .map((path) => ({ path, bytes: readFileSync(path) }));
  }

  it('hold an encrypted picture as ciphertext only: no canary, no PNG or WebP signature anywhere in the data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samepage-blobs-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const { url } = await startServer({ storage: 'sqlite', dataDir: dir, imageDir: join(dir, 'images') });
    const canary = 'my phone is 555-0100';
    const picture = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#1a6' } })
      .png()
      .withMetadata()
      .withExif({ IFD0: { ImageDescription: canary } })
      .toBuffer();
    const webp = await sharp(picture)
      .webp()
      .withExif({ IFD0: { ImageDescription: canary } })
      .toBuffer();
    expect(picture.includes(Buffer.from(canary))).toBe(true);
    expect(webp.includes(Buffer.from(canary))).toBe(true);
    const [full, thumb] = [await encrypt(webp), await encrypt(picture)];
    const room = newRoom();
    const token = newToken();
    await joined(url, room, { token });
    const ids = [
      blobId(await upload(url, { room, token, body: full })),
      blobId(await upload(url, { room, token, body: thumb })),
    ];

    const files = filesUnder(dir);
    const kept = files.filter(({ path }) => ids.some((id) => path.endsWith(id)));
    expect(kept.map(({ bytes }) => bytes.length).sort()).toEqual([full.length, thumb.length].sort());
    const signatures = [Buffer.from(canary), Buffer.from('\x89PNG', 'latin1'), Buffer.from('WEBPVP8', 'latin1')];
    for (const { path, bytes } of files) {
      for (const signature of signatures) expect(bytes.includes(signature), `${signature} in ${path}`).toBe(false);
    }
  });
});
