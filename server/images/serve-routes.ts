/**
 * `GET /images/<id>` and `/images/<id>/thumb`: the image as WebP, to whoever knows its id.
 * The bytes are the relay's own encoding, never what was uploaded, and the headers make sure
 * nothing but an image can come of them: no sniffing into another type, no script even if
 * opened as a page, and cacheable for good, as an id never changes its image.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { failure, IMAGES_PATH } from '../../protocol/index.ts';
import { refuse } from './http-answers.ts';
import { isImageId } from './image-id.ts';
import type { ImageStore, ImageVariant } from './types.ts';

const IMAGE_HEADERS = {
  'Content-Type': 'image/webp',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cache-Control': 'public, max-age=31536000, immutable',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

export function serveRoutes(fastify: FastifyInstance, images: ImageStore) {
  async function serve(id: string, variant: ImageVariant, reply: FastifyReply): Promise<FastifyReply> {
    const bytes = isImageId(id) ? await images.read(id, variant) : null;
    if (bytes === null) return refuse(reply, 404, failure('bad_request', 'no such image'));
    return reply.headers(IMAGE_HEADERS).send(bytes);
  }

  fastify.get<{ Params: { id: string } }>(`${IMAGES_PATH}/:id`, (request, reply) =>
    serve(request.params.id, 'full', reply),
  );
  fastify.get<{ Params: { id: string } }>(`${IMAGES_PATH}/:id/thumb`, (request, reply) =>
    serve(request.params.id, 'thumb', reply),
  );
}
