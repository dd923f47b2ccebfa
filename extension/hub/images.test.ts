/**
 * A picture's way from a panel through a real relay: the hub grants the panel the relay's
 * origin and the token, the panel uploads with them (XMLHttpRequest, as in the browser) and
 * posts the image message through the hub, and another person in the room receives it.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import { ClientEvent, PROTOCOL_V2, ServerEvent, type Envelope } from '../../protocol/index.ts';
import type { RelaySocket } from './connection.ts';
import { newClientId } from '../lib/client-id.ts';
import { uploadImage, type UploadResult } from '../lib/upload-image.ts';
import { newRoom, useHubHarness } from '../testing/hub-harness.ts';
import { readStored, StorageKeys, writeStored } from '../lib/storage-keys.ts';
import { relayToken } from './identity.ts';

const harness = useHubHarness();

const png = async (): Promise<Blob> =>
  new Blob([
    new Uint8Array(
      await sharp({ create: { width: 600, height: 400, channels: 3, background: '#0b57d0' } })
        .png()
        .toBuffer(),
    ),
  ]);

/** Someone else in `room`, speaking v2, and what is posted there from now on. */
async function otherPerson(room: string): Promise<{ socket: RelaySocket; seen: Envelope[] }> {
  const socket: RelaySocket = io(harness.relay.url, {
    transports: ['websocket'],
    auth: { v: PROTOCOL_V2, token: randomBytes(24).toString('base64url'), name: 'Other' },
    forceNew: true,
  });
  const seen: Envelope[] = [];
  socket.on(ServerEvent.MessagePosted, (envelope) => seen.push(envelope));
  const answer = await socket.emitWithAck(ClientEvent.RoomJoin, { room });
  if (!answer.ok) throw new Error(answer.error.message);
  return { socket, seen };
}

describe('pictures through the hub', () => {
  it("grants the relay's origin and this relay's credential, never the install's secret", async () => {
    const secret = 'install-secret-kept-in-clear-before-0000';
    await writeStored(StorageKeys.token, secret);
    const hub = harness.createHub();
    const panel = harness.panel(hub);
    const grant = await panel.request('image:grant', {});
    expect(grant).toEqual({
      ok: true,
      base: harness.relay.url.replace(/\/$/, ''),
      token: await relayToken(harness.relay.url),
    });
    expect(JSON.stringify(grant)).not.toContain(secret);
    expect(await readStored(StorageKeys.token)).toBeUndefined();
  });

  it('lets a panel upload to the room it watches and post the picture for everyone', async () => {
    const room = newRoom();
    const other = await otherPerson(room);
    const hub = harness.createHub();
    const panel = harness.panel(hub);
    expect((await panel.request('room:watch', { room })).ok).toBe(true);
    const grant = await panel.request('image:grant', {});
    if (!grant.ok) throw new Error(grant.error.message);

    const result: UploadResult = await uploadImage({
      ...grant,
      room,
      image: await png(),
      // happy-dom's XMLHttpRequest reports no upload progress; the panel's tests cover showing it.
      onProgress: () => undefined,
      signal: new AbortController().signal,
      timeoutMs: 10_000,
    });
    if (result.outcome !== 'answered' || !result.answer?.ok) throw new Error(JSON.stringify(result));
    expect(result.status).toBe(201);
    const { id, width, height, thumbWidth, thumbHeight } = result.answer.image;
    expect([width, height, thumbWidth, thumbHeight]).toEqual([600, 400, 320, 213]);

    const posted = await panel.request('message:post', {
      room,
      clientId: newClientId(),
      kind: 'image',
      body: { id, width, height, thumbWidth, thumbHeight },
    });
    expect(posted.ok).toBe(true);
    expect((posted as { message: Envelope }).message).toMatchObject({ kind: 'image', body: { id } });
    await expect.poll(() => other.seen.map((envelope) => envelope.kind)).toEqual(['image']);
    expect(other.seen[0]?.body).toEqual({ id, width, height, thumbWidth, thumbHeight });
    other.socket.disconnect();
  });

  it('is refused, with the status, for a room the panel has not joined', async () => {
    const hub = harness.createHub();
    const panel = harness.panel(hub);
    const grant = await panel.request('image:grant', {});
    if (!grant.ok) throw new Error(grant.error.message);
    const result = await uploadImage({
      ...grant,
      room: newRoom(),
      image: await png(),
      onProgress: () => undefined,
      signal: new AbortController().signal,
      timeoutMs: 10_000,
    });
    expect(result).toMatchObject({
      outcome: 'answered',
      status: 403,
      answer: { ok: false, error: { code: 'not_joined' } },
    });
  });
});
