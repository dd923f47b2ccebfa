/**
 * Images over HTTP (issue #12) and the encrypted pictures of DMs (issue #15, blob-routes.ts):
 * the upload routes and the serving routes, in a context of their own, so that their body parser (any Content-Type, taken as bytes) and their error
 * answers (the protocol's Failure) apply to them alone. Sweeps the store while the server runs.
 */
import type { FastifyInstance, FastifyError } from 'fastify';
import { failure } from '../../protocol/index.ts';
import type { Config } from '../config.ts';
import { StoreUnavailableError, type Stores } from '../stores/types.ts';
import { refuse } from './http-answers.ts';
import { blobRoutes } from './blob-routes.ts';
import { createBlobStore, type BlobStore } from './blob-store.ts';
import { serveRoutes } from './serve-routes.ts';
import type { ImageStore } from './types.ts';
import { uploadBudgets } from './upload-budgets.ts';
import { uploadRoute } from './upload-route.ts';
import { WorkQueue } from './work-queue.ts';

export interface ImagesOptions {
  config: Config;
  stores: Stores;
  images: ImageStore;
  /** Where DMs' encrypted pictures are kept; by default the one the configuration asks for. */
  blobs?: BlobStore;
  now?: () => number;
}

/** How often the store is swept for images past their age (and, with several nodes, the size bound). */
const SWEEP_MS = 5 * 60_000;

export default async function images(
  fastify: FastifyInstance,
  { config, stores, images: store, blobs = createBlobStore(config), now = Date.now }: ImagesOptions,
) {
  // Their request lines hold room keys and image ids, and an id is what lets one see an image:
  // Fastify's per-request lines (info) stay out of the log; warnings and errors still go in.
  fastify.addHook('onRoute', (route) => {
    route.logLevel = 'warn';
  });
  // The body is whatever the client sends; its type is read from the bytes, never from the header.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  fastify.addHook('onRequest', async (_request, reply) => {
    reply.header('Access-Control-Allow-Origin', '*').header('Access-Control-Expose-Headers', 'Retry-After');
  });
  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return refuse(reply, 413, failure('bad_request', `the image is over ${config.imageMaxBytes} bytes`));
    }
    if (error instanceof StoreUnavailableError) {
      request.log.warn({ err: error }, 'image store unavailable');
      return refuse(reply, 503, failure('unavailable', 'images cannot be kept or read right now; try again'));
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return refuse(reply, 400, failure('bad_request', error.message));
    }
    request.log.error({ err: error }, 'image request failed');
    return refuse(reply, 500, failure('internal', 'the image request failed'));
  });

  // Pictures and encrypted pictures draw on the same budgets: one person's uploads, either way.
  const charge = uploadBudgets(config, stores);
  uploadRoute(fastify, {
    stores,
    images: store,
    charge,
    queue: new WorkQueue(config.imageConcurrency, config.imageQueue),
    maxBytes: config.imageMaxBytes,
    maxPixels: config.imageMaxPixels,
  });
  serveRoutes(fastify, store);
  blobRoutes(fastify, {
    stores,
    blobs,
    charge,
    maxImageBytes: config.imageMaxBytes,
    now,
    // `to` is the id the uploader was shown in that room (ids per room): the relay maps it back.
    personIn: async (room, to) => {
      const owner = (await stores.aliases.owners([to], now())).get(to);
      return owner?.room === room ? owner.person : null;
    },
  });

  // One sweep at a time (a large shared directory may take a while), and none left running after close.
  let sweeping: Promise<void> | null = null;
  const sweep = (): void => {
    sweeping ??= Promise.all([store.sweep(), blobs.sweep()])
      .then(() => undefined)
      .catch((error: unknown) => fastify.log.warn({ err: error }, 'image sweep failed'))
      .finally(() => (sweeping = null));
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_MS);
  timer.unref();
  fastify.addHook('onClose', async () => {
    clearInterval(timer);
    await sweeping;
  });
}
