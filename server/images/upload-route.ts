/**
 * `POST /images?room=<room key>` with `Authorization: Bearer <token>` and the image's bytes as
 * the body (docs/protocol.md, "Images (HTTP)"). Who uploads, to which room, and whether they
 * are in it are checked before the body is read, so a stranger cannot make the relay take in a
 * megabyte; then the budgets are charged, and the image is re-encoded in the work queue and
 * kept. Extension pages post from their own origin with a token and no cookies, so any origin
 * may (CORS `*`), and the preflight is answered.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { failure, IMAGES_PATH, type ImageUploadAnswer, type RoomKey, type UserId } from '../../protocol/index.ts';
import { aliasOf } from '../chat/aliases.ts';
import type { Stores } from '../stores/types.ts';
import { encodeImage } from './encode.ts';
import { refuse } from './http-answers.ts';
import type { ImageStore } from './types.ts';
import type { UploadCharge } from './upload-budgets.ts';
import { uploadCaller, uploadPreflight } from './upload-caller.ts';
import { QueueFullError, type WorkQueue } from './work-queue.ts';

/** How long to wait before trying again when the work queue is full. */
const BUSY_RETRY_MS = 2000;

export interface UploadDeps {
  stores: Stores;
  images: ImageStore;
  charge: UploadCharge;
  queue: WorkQueue;
  maxBytes: number;
  maxPixels: number;
}

interface Uploader {
  user: UserId;
  room: RoomKey;
}

export function uploadRoute(
  fastify: FastifyInstance,
  { stores, images, charge, queue, maxBytes, maxPixels }: UploadDeps,
) {
  /** Who is uploading where, found out before the body was read. */
  const uploaders = new WeakMap<FastifyRequest, Uploader>();

  async function admit(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const caller = uploadCaller(request, reply);
    if ('refused' in caller) return caller.refused;
    const { user, room } = caller;
    if (!(await stores.presence.isMember(room, user))) {
      return refuse(reply, 403, failure('not_joined', 'join the room before uploading to it'));
    }
    uploaders.set(request, { user, room });
    return undefined;
  }

  fastify.options(IMAGES_PATH, async (_request, reply) => uploadPreflight(reply));

  fastify.post(IMAGES_PATH, { bodyLimit: maxBytes, onRequest: admit }, async (request, reply) => {
    const uploader = uploaders.get(request);
    if (uploader === undefined) throw new Error('upload admitted without an uploader');
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) {
      return refuse(reply, 400, failure('bad_request', "the body must be the image's bytes"));
    }
    const refused = await charge(uploader.user, body.length);
    if (refused !== null) return refuse(reply, 429, refused);
    // An image message is checked against its sender's id in the room, which is what it keeps.
    const secret = Buffer.from(await stores.aliases.idSecret(), 'base64url');
    let encoding;
    try {
      encoding = await queue.run(() => encodeImage(body, maxPixels));
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      return refuse(
        reply,
        503,
        failure('unavailable', 'the relay is busy with other images; try again', BUSY_RETRY_MS),
      );
    }
    if (!encoding.ok) return refuse(reply, encoding.status, failure('bad_request', encoding.message));
    const { id, width, height, thumbWidth, thumbHeight, bytes } = await images.put(
      encoding.image,
      uploader.room,
      aliasOf(secret, uploader.user, uploader.room),
    );
    const answer: ImageUploadAnswer = { ok: true, image: { id, width, height, thumbWidth, thumbHeight, bytes } };
    return reply.code(201).send(answer);
  });
}
