/**
 * A DM picture's bytes through a real relay: the panel encrypts each encoding, uploads the
 * ciphertext with the hub's grant (XMLHttpRequest, as in the browser), and the other side
 * fetches it, checks it and decrypts it. The relay serves back ciphertext only; a blob it lost
 * or that is not the one the DM names is refused in words.
 */
import { randomBytes } from 'node:crypto';
import { get } from 'node:http';
import sharp from 'sharp';
import { io } from 'socket.io-client';
import { describe, expect, it, vi } from 'vitest';
import {
  BLOBS_PATH,
  ClientEvent,
  PROTOCOL_V2,
  ServerEvent,
  type BlobRef,
  type Envelope,
  type ImageBody,
  type Member,
  type SealedImageBody,
} from '../../protocol/index.ts';
import { encryptBlob, PictureError } from '../lib/dm-pictures/blob-crypto.ts';
import { openPicture } from '../lib/dm-pictures/open-picture.ts';
import { uploadBlob } from '../lib/dm-pictures/upload-blob.ts';
import { pictureType } from '../lib/dm-pictures/picture-type.ts';
import { newRoom, useHubHarness } from '../testing/hub-harness.ts';
import type { RelaySocket } from './connection.ts';

const harness = useHubHarness();

const PNG = () =>
  sharp({ create: { width: 120, height: 80, channels: 3, background: '#0b57d0' } })
    .png()
    .toBuffer()
    .then((buffer) => new Uint8Array(buffer));

/** Someone else in `room`: the person the DM goes to. */
async function otherPerson(room: string): Promise<{ socket: RelaySocket; self: Member }> {
  const socket: RelaySocket = io(harness.relay.url, {
    transports: ['websocket'],
    auth: { v: PROTOCOL_V2, token: randomBytes(24).toString('base64url'), name: 'Bob' },
    forceNew: true,
  });
  const answer = await socket.emitWithAck(ClientEvent.RoomJoin, { room });
  if (!answer.ok) throw new Error(answer.error.message);
  return { socket, self: answer.self };
}

/**
 * GET through node:http: happy-dom's fetch preflights even a simple GET, which browsers do not
 * (and the relay answers no preflight for what it serves to anyone).
 */
const nodeFetch = (url: string): Promise<Response> =>
  new Promise((resolve, reject) => {
    get(url, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve(new Response(new Uint8Array(Buffer.concat(chunks)), { status: response.statusCode })),
      );
    }).on('error', reject);
  });

async function refusal(attempt: Promise<unknown>): Promise<PictureError> {
  const error: unknown = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PictureError);
  return error as PictureError;
}

describe('a DM picture through the relay', () => {
  async function uploaded(plaintext: Uint8Array) {
    const room = newRoom();
    const bob = await otherPerson(room);
    const hub = harness.createHub();
    const panel = harness.panel(hub);
    expect((await panel.request('room:watch', { room })).ok).toBe(true);
    const grant = await panel.request('image:grant', {});
    if (!grant.ok) throw new Error(grant.error.message);
    const { ciphertext, secrets } = await encryptBlob(plaintext);
    const result = await uploadBlob({
      base: grant.base,
      token: grant.token,
      room,
      to: bob.self.id,
      body: new Blob([ciphertext.slice().buffer]),
      onProgress: () => undefined,
      signal: new AbortController().signal,
      timeoutMs: 10_000,
    });
    bob.socket.disconnect();
    if (result.outcome !== 'answered' || !result.answer?.ok) throw new Error(JSON.stringify(result));
    expect(result.status).toBe(201);
    expect(result.answer.blob.bytes).toBe(ciphertext.length);
    const ref: BlobRef = { id: result.answer.blob.id, ...secrets };
    return { base: grant.base, ref, ciphertext };
  }

  it('goes up as ciphertext and comes back as the picture, typed by its bytes', async () => {
    const png = await PNG();
    const { base, ref, ciphertext } = await uploaded(png);
    const served = new Uint8Array(await (await nodeFetch(`${base}${BLOBS_PATH}/${ref.id}`)).arrayBuffer());
    expect(served).toEqual(ciphertext);
    expect(pictureType(served)).toBeNull();

    const picture = await openPicture(base, ref, undefined, nodeFetch);
    expect(picture.type).toBe('image/png');
    expect(new Uint8Array(await picture.arrayBuffer())).toEqual(png);
  });

  it('refuses, in words, a blob the relay no longer has, another blob in its place, and what is not a picture', async () => {
    const { base, ref } = await uploaded(await PNG());
    const gone = await refusal(openPicture(base, { ...ref, id: 'A'.repeat(22) }, undefined, nodeFetch));
    expect(gone).toMatchObject({ reason: 'missing', message: expect.stringMatching(/no longer has it/) });

    const other = await uploaded(await PNG());
    const swapped = await refusal(openPicture(base, { ...ref, id: other.ref.id }, undefined, nodeFetch));
    expect(swapped.reason).toBe('tampered');

    const text = await uploaded(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'));
    expect((await refusal(openPicture(text.base, text.ref, undefined, nodeFetch))).reason).toBe('unreadable');
  });

  it('says the relay could not be reached when nothing answers', async () => {
    const { ref } = await uploaded(await PNG());
    const error = await refusal(openPicture('http://127.0.0.1:9', ref, undefined, nodeFetch));
    expect(error.reason).toBe('unreachable');
  });
});

describe('a DM picture through the hub', () => {
  it('is sealed like any DM: the relay carries only ciphertext, and the other person opens the keys and then the picture', async () => {
    const room = newRoom();
    const dee = await harness.peer(room, 'Dee');
    const hub = harness.createHub();
    const panel = harness.panel(hub);
    const watch = await panel.request('room:watch', { room });
    if (!watch.ok) throw new Error(watch.error.message);
    const deeId = watch.members.find((member) => member.name === 'Dee')?.id ?? '';
    const grant = await panel.request('image:grant', {});
    if (!grant.ok) throw new Error(grant.error.message);

    const png = await PNG();
    const refs: BlobRef[] = [];
    for (const plaintext of [png, png]) {
      const { ciphertext, secrets } = await encryptBlob(plaintext);
      const result = await uploadBlob({
        base: grant.base,
        token: grant.token,
        room,
        to: deeId,
        body: new Blob([ciphertext.slice().buffer]),
        onProgress: () => undefined,
        signal: new AbortController().signal,
        timeoutMs: 10_000,
      });
      if (result.outcome !== 'answered' || !result.answer?.ok) throw new Error(JSON.stringify(result));
      refs.push({ id: result.answer.blob.id, ...secrets });
    }
    const [full, thumb] = refs as [BlobRef, BlobRef];
    const body: SealedImageBody = { width: 120, height: 80, thumbWidth: 120, thumbHeight: 80, full, thumb };
    const raw: Envelope[] = [];
    dee.socket.on(ServerEvent.MessagePosted, (envelope) => void raw.push(envelope));
    const posted = await panel.request('message:post', {
      room,
      clientId: 'picture-0001',
      to: deeId,
      kind: 'image',
      body: body as unknown as ImageBody,
    });
    expect(posted.ok).toBe(true);

    // What the relay handed Dee is sealed, with nothing of the keys in clear; opened, it is the picture's body.
    await vi.waitFor(() => expect(raw.map((envelope) => envelope.clientId)).toContain('picture-0001'));
    const wire = raw.find((envelope) => envelope.clientId === 'picture-0001');
    expect(wire?.kind).toBe('sealed');
    for (const secret of [full.key, thumb.key, full.sha256, full.id])
      expect(JSON.stringify(wire)).not.toContain(secret);
    const received = await vi.waitFor(async () => {
      const found = (await dee.received()).find((envelope) => envelope.clientId === 'picture-0001');
      if (!found) throw new Error('not yet');
      return found;
    });
    expect(received).toMatchObject({ kind: 'image', body });
    const opened = received.body as unknown as SealedImageBody;
    const picture = await openPicture(grant.base, opened.full, undefined, nodeFetch);
    expect(new Uint8Array(await picture.arrayBuffer())).toEqual(png);
  });
});
