/**
 * How the image routes refuse: the protocol's Failure as JSON, with the HTTP status that says
 * the same to a plain HTTP client, and, when it says when to try again, `Retry-After`.
 */
import type { FastifyReply } from 'fastify';
import type { Failure } from '../../protocol/index.ts';

export type RefusalStatus = 400 | 401 | 403 | 404 | 413 | 415 | 422 | 429 | 500 | 503;

export function refuse(reply: FastifyReply, status: RefusalStatus, answer: Failure): FastifyReply {
  const { retryAfterMs } = answer.error;
  if (retryAfterMs !== undefined) reply.header('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
  return reply.code(status).type('application/json; charset=utf-8').send(answer);
}
