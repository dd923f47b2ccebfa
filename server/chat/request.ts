/**
 * The edge every request passes: a request without an acknowledgement callback is dropped;
 * one past the connection's requests in flight is answered `rate_limited` at once; a payload
 * that does not fit its schema is answered `bad_request`, and one over its route's budget
 * `rate_limited`, before any handler runs; whatever a handler throws becomes `unavailable` or
 * `internal`, never a crash and never a stack trace on the wire. A v1 connection is answered
 * only v1's codes (version-codes.ts).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { TSchema, Static } from '@sinclair/typebox';
import { failure, rateLimited, type LimitName, type RequestAnswer, type RequestEvent } from '../../protocol/index.ts';
import { inVersion } from './version-codes.ts';
import { StoreUnavailableError } from '../stores/types.ts';
import type { Budget } from './budgets.ts';
import type { ChatSocket } from './types.ts';
import { inWords } from './wait-words.ts';
import { compile } from './validate.ts';

export type RequestHandler<E extends RequestEvent, S extends TSchema> = (
  socket: ChatSocket,
  payload: Static<S>,
) => Promise<RequestAnswer<E>>;

/** What a request of a route costs: one token of `budget`, per user; `what` names it in the refusal. */
export interface Charge {
  limit: LimitName;
  budget: Budget;
  what: string;
}

/** A route with its types erased, so that routes of every event fit in one list. */
export interface RequestRoute {
  event: RequestEvent;
  schema: TSchema;
  handle: (socket: ChatSocket, payload: never) => Promise<unknown>;
  charge: Charge | null;
}

/** Declares a request route; the handler's payload and answer types follow from the event and schema. */
export function route<E extends RequestEvent, S extends TSchema>(
  event: E,
  schema: S,
  handle: RequestHandler<E, S>,
  charge: Charge | null = null,
): RequestRoute {
  return { event, schema, handle, charge };
}

/** Takes a token for `socket`'s user, or answers the refusal to send instead. */
async function refusalOf(charge: Charge | null, socket: ChatSocket) {
  if (charge === null) return null;
  const waitMs = await charge.budget.take(socket.data.user.id);
  if (waitMs === 0) return null;
  return rateLimited(charge.limit, `too many ${charge.what}; try again in ${inWords(waitMs)}`, waitMs);
}

type Listener = (...args: unknown[]) => void;

/**
 * Compiles each route's validator once and returns a function that wires them on a socket.
 * `maxInFlight` (0: no cap) bounds the requests of one connection being handled at once, so a
 * client that never waits for its answers cannot make the server hold any number of them.
 */
export function createRequestRouter(
  routes: readonly RequestRoute[],
  log: FastifyBaseLogger,
  maxInFlight: number,
  /** Told every answer, as the handler gave it (server/metrics): the one place all requests pass. */
  onAnswer: (event: RequestEvent, answer: unknown) => void = () => undefined,
) {
  const compiled = routes.map((entry) => ({ ...entry, validator: compile(entry.schema) }));
  const cap = maxInFlight === 0 ? Number.POSITIVE_INFINITY : maxInFlight;
  return (socket: ChatSocket): void => {
    let inFlight = 0;
    for (const { event, validator, handle, charge } of compiled) {
      const listener: Listener = (...args) => {
        const ack = args.at(-1);
        if (typeof ack !== 'function') return;
        if (inFlight >= cap) {
          const refusal = rateLimited('in_flight', `at most ${cap} requests may wait for an answer at once`, 100);
          onAnswer(event, refusal);
          void ack(refusal);
          return;
        }
        inFlight++;
        const answer = (value: unknown): void => {
          inFlight--;
          onAnswer(event, value);
          void ack(inVersion(socket.data.v, value));
        };
        if (args.length !== 2) {
          answer(failure('bad_request', `${event} takes one payload object and an acknowledgement`));
          return;
        }
        const problem = validator.problem(args[0]);
        if (problem !== null) {
          answer(failure('bad_request', problem));
          return;
        }
        const payload = args[0] as never;
        refusalOf(charge, socket)
          .then((refusal) => refusal ?? handle(socket, payload))
          .then(answer, (error: unknown) => {
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
