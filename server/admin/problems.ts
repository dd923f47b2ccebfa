/**
 * How the operator API refuses: `{ ok: false, error: { code, message } }` with the HTTP
 * status that says the same, as the image routes do (the protocol's Failure shape).
 */
import type { FastifyReply } from 'fastify';
import type { ErrorCode } from '../../protocol/index.ts';
import type { Validator } from '../chat/validate.ts';

export type ProblemStatus = 400 | 401 | 404 | 409 | 429 | 500 | 503;

const CODE_OF: Record<ProblemStatus, ErrorCode> = {
  400: 'bad_request',
  401: 'bad_request',
  404: 'not_here',
  409: 'bad_request',
  429: 'rate_limited',
  500: 'internal',
  503: 'unavailable',
};

/** Thrown by a handler to answer with `status` and `message`. */
export class AdminProblem extends Error {
  constructor(
    readonly status: ProblemStatus,
    message: string,
  ) {
    super(message);
  }
}

export function answerProblem(reply: FastifyReply, status: ProblemStatus, message: string, retryAfterMs?: number) {
  if (retryAfterMs !== undefined) reply.header('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
  const error = { code: CODE_OF[status], message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  return reply.code(status).type('application/json; charset=utf-8').send({ ok: false, error });
}

/** `value` when it fits `validator`, else a 400 naming `where` (`body`, `query`, the path). */
export function parsed<T>(validator: Validator<T>, value: unknown, where: string): T {
  const problem = validator.problem(value ?? {});
  if (problem === null) return value as T;
  // The chat's validator names the whole `payload`, or a field under it.
  const named = problem.startsWith('payload') ? where + problem.slice('payload'.length) : `${where}.${problem}`;
  throw new AdminProblem(400, named);
}
