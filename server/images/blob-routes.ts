/**
 * `POST /blobs?room=<room key>[&to=<user id>]` and `GET /blobs/<id>`: the encrypted pictures
 * of DMs (docs/protocol.md, "Pictures in DMs"). The body is ciphertext and is never decoded:
 * it is kept as it came and served as `application/octet-stream` with the headers that make
 * sure a browser treats it as nothing else. Who uploads, and whether they may DM in that room
 * (a member of it, or holding a conversation grant there with `to`), are checked before the
 * body is read; the upload then draws on the same budgets as an image.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  BLOB_OVERHEAD_BYTES,
  BLOBS_PATH,
  failure,
  USER_ID_PATTERN,
  type BlobUploadAnswer,
  type RoomKey,
  type UserId,
} from '../../protocol/index.ts';
import type { Stores } from '../stores/types.ts';
import type { BlobStore } from './blob-store.ts';
import { refuse } from './http-answers.ts';
import { isImageId } from './image-id.ts';
import { uploadCaller, uploadPreflight } from './upload-caller.ts';
import type { UploadCharge } from './upload-budgets.ts';

const USER_ID = new RegExp(USER_ID_PATTERN);

const BLOB_HEADERS = {
  'Content-Type': 'application/octet-stream',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cache-Control': 'public, max-age=31536000, immutable',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

export interface BlobDeps {
  stores: Stores;
  blobs: BlobStore;
  charge: UploadCharge;
  /** The largest picture the relay takes (IMAGE_MAX_BYTES): a blob may be larger by its tag. */
  maxImageBytes: number;
  now: () => number;
  /** The person `to` names in `room` (an id per room, as the uploader was shown it), or null: none there. */
  personIn: (room: RoomKey, to: UserId) => Promise<UserId | null>;
}

export function blobRoutes(
  fastify: FastifyInstance,
  { stores, blobs, charge, maxImageBytes, now, personIn }: BlobDeps,
) {
  /** Who is uploading, found out before the body was read. */
  const uploaders = new WeakMap<FastifyRequest, UserId>();

  async function admit(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const caller = uploadCaller(request, reply);
    if ('refused' in caller) return caller.refused;
    const { user, room } = caller;
    const { to } = request.query as { to?: unknown };
    if (to !== undefined && (typeof to !== 'string' || !USER_ID.test(to))) {
      return refuse(reply, 400, failure('bad_request', 'to: must be a user id'));
    }
    const mayDm = (await stores.presence.isMember(room, user)) || (await holdsGrant(room, user, to));
    if (!mayDm) {
      return refuse(
        reply,
        403,
        failure('not_joined', 'join the room, or name a person you hold a conversation with there, before uploading'),
      );
    }
    uploaders.set(request, user);
    return undefined;
  }

  /** Whether `user` holds a conversation grant in `room` with the person `to` names there. */
  async function holdsGrant(room: RoomKey, user: UserId, to: string | undefined): Promise<boolean> {
    if (to === undefined) return false;
    const peer = await personIn(room, to);
    return peer !== null && peer !== user && stores.grants.has(room, user, peer, now());
  }

  fastify.options(BLOBS_PATH, async (_request, reply) => uploadPreflight(reply));

  fastify.post(
    BLOBS_PATH,
    { bodyLimit: maxImageBytes + BLOB_OVERHEAD_BYTES, onRequest: admit },
    async (request, reply) => {
      const user = uploaders.get(request);
      if (user === undefined) throw new Error('upload admitted without an uploader');
      const body = request.body;
      // Anything shorter than an AES-GCM tag cannot be a ciphertext.
      if (!Buffer.isBuffer(body) || body.length <= BLOB_OVERHEAD_BYTES) {
        return refuse(reply, 400, failure('bad_request', 'the body must be the encrypted bytes'));
      }
      const refused = await charge(user, body.length);
      if (refused !== null) return refuse(reply, 429, refused);
      const { id, bytes } = await blobs.put(body);
      const answer: BlobUploadAnswer = { ok: true, blob: { id, bytes } };
      return reply.code(201).send(answer);
    },
  );

  fastify.get<{ Params: { id: string } }>(`${BLOBS_PATH}/:id`, async (request, reply) => {
    const { id } = request.params;
    const bytes = isImageId(id) ? await blobs.read(id) : null;
    if (bytes === null) return refuse(reply, 404, failure('bad_request', 'no such blob'));
    return reply.headers(BLOB_HEADERS).send(bytes);
  });
}
