/**
 * The edge every request passes: a request without an acknowledgement callback is dropped;
 * a payload that does not fit its schema is answered `bad_request` before any handler runs;
 * whatever a handler throws becomes `unavailable` or `internal`, never a crash and never a
 * stack trace on the wire.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { TSchema, Static } from '@sinclair/typebox';
import { failure, type RequestAnswer, type RequestEvent } from '../../protocol/index.ts';
import { StoreUnavailableError } from '../stores/types.ts';
import type { ChatSocket } from './types.ts';
import { compile } from './validate.ts';

export type RequestHandler<E extends RequestEvent, S extends TSchema> = (
  socket: ChatSocket,
  payload: Static<S>,
) => Promise<RequestAnswer<E>>;

/** A route with its types erased, so that routes of every event fit in one list. */
export interface RequestRoute {
  event: RequestEvent;
  schema: TSchema;
  handle: (socket: ChatSocket, payload: never) => Promise<unknown>;
}

/** Declares a request route; the handler's payload and answer types follow from the event and schema. */
export function route<E extends RequestEvent, S extends TSchema>(
  event: E,
  schema: S,
  handle: RequestHandler<E, S>,
): RequestRoute {
  return { event, schema, handle };
}

type Listener = (...args: unknown[]) => void;

/** Compiles each route's validator once and returns a function that wires them on a socket. */
export function createRequestRouter(routes: readonly RequestRoute[], log: FastifyBaseLogger) {
  const compiled = routes.map((entry) => ({ ...entry, validator: compile(entry.schema) }));
  return (socket: ChatSocket): void => {
    for (const { event, validator, handle } of compiled) {
      const listener: Listener = (...args) => {
        const ack = args.at(-1);
        if (typeof ack !== 'function') return;
        const answer = (value: unknown): void => void ack(value);
        if (args.length !== 2) {
          answer(failure('bad_request', `${event} takes one payload object and an acknowledgement`));
          return;
        }
        const problem = validator.problem(args[0]);
        if (problem !== null) {
          answer(failure('bad_request', problem));
          return;
        }
        handle(socket, args[0] as never).then(answer, (error: unknown) => {
          if (error instanceof StoreUnavailableError) {
            answer(failure('unavailable', 'the server cannot reach its storage right now; try again shortly'));
            return;
          }
          log.error({ err: error, event, user: socket.data.user.id }, 'request failed');
          answer(failure('internal', 'the server failed to handle this request'));
        });
      };
      // The typed socket only accepts the contract's listener shapes; this edge deliberately
      // takes anything, because clients may send anything.
      (socket.on as (event: string, listener: Listener) => void)(event, listener);
    }
  };
}
