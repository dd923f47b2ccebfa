/**
 * The operator console and API (issue #14, docs/moderation.md), only when ADMIN_TOKEN is
 * set: without it nothing is registered, so `/admin` and `/admin/api/*` answer 404 like any
 * unknown path. The console page and its files are served to anyone (they hold nothing); every
 * API call needs the token (auth.ts), and an unknown API path answers 401 before 404, so the
 * routes cannot be mapped without it.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { createIdGenerator } from '../ids.ts';
import type { ImageStore } from '../images/types.ts';
import { clientAddressResolver } from '../net/client-address.ts';
import { StoreUnavailableError, type Stores } from '../stores/types.ts';
import { apiRoutes } from './api-routes.ts';
import { adminAuth } from './auth.ts';
import { consoleRoutes } from './console-routes.ts';
import { AdminProblem, answerProblem } from './problems.ts';

export interface AdminOptions {
  config: Config;
  stores: Stores;
  images: ImageStore;
  now?: () => number;
}

/** Every API body is a few fields. */
const BODY_LIMIT_BYTES = 16_384;

export default async function admin(
  fastify: FastifyInstance,
  { config, stores, images, now = Date.now }: AdminOptions,
) {
  if (config.adminToken === null) return;
  const auth = adminAuth(config.adminToken, config.adminFailuresPerHour, stores);
  const resolve = clientAddressResolver(config.trustProxy);
  const addressOf = (request: { socket: { remoteAddress?: string | undefined }; headers: Record<string, unknown> }) =>
    resolve(request.socket.remoteAddress, request.headers['x-forwarded-for'] as string | string[] | undefined);

  fastify.addHook('onRequest', async (_request, reply) => {
    reply
      .header('Cache-Control', 'no-store')
      .header('X-Frame-Options', 'DENY')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer');
  });
  await fastify.register(consoleRoutes);

  await fastify.register(
    async (api) => {
      api.addHook('onRoute', (route) => {
        route.bodyLimit = BODY_LIMIT_BYTES;
      });
      api.addHook('onRequest', async (request, reply) => {
        const outcome = await auth.check(request.headers.authorization, addressOf(request));
        if (outcome.ok) return;
        if (outcome.status === 429)
          return answerProblem(reply, 429, 'too many failed attempts from this address; wait', outcome.retryAfterMs);
        reply.header('WWW-Authenticate', 'Bearer');
        return answerProblem(reply, 401, 'this needs Authorization: Bearer <ADMIN_TOKEN>');
      });
      api.setNotFoundHandler((request, reply) =>
        answerProblem(reply, 404, `no such call: ${request.method} ${request.url}`),
      );
      api.setErrorHandler((error: FastifyError, request, reply) => {
        if (error instanceof AdminProblem) return answerProblem(reply, error.status, error.message);
        if (error instanceof StoreUnavailableError)
          return answerProblem(reply, 503, 'a store is unavailable; try again');
        if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
          return answerProblem(reply, 400, error.message);
        request.log.error({ err: error }, 'admin call failed');
        return answerProblem(reply, 500, 'the call failed');
      });
      apiRoutes(api, { io: fastify.io, stores, images, nextId: createIdGenerator(now), now, addressOf });
    },
    { prefix: '/api' },
  );
}
