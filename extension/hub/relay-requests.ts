/**
 * The hub's requests to the relay, each bounded by a timeout, and by a bounded wait for the
 * connection when it is down. One whose connection drops (Socket.IO then rejects its
 * acknowledgement) or that times out is answered `unavailable`, so nothing waits forever and
 * nothing throws across the panel boundary.
 */
import {
  ClientEvent,
  failure,
  type ClientToServerEventsV2,
  type Failure,
  type PostRequest,
} from '../../protocol/index.ts';
import type { PendingSend } from '../lib/domain.ts';
import type { Connection, RelaySocket } from './connection.ts';
import type { SendOutcome } from './outbox.ts';

export const unavailable = (): Failure =>
  failure('unavailable', 'not connected to the samepage server; try again shortly');

/** The requests the hub makes, in protocol v2's shapes. */
type RequestEvent = Exclude<keyof ClientToServerEventsV2, typeof ClientEvent.Typing>;
type RequestPayload<E extends RequestEvent> = Parameters<ClientToServerEventsV2[E]>[0];
type RequestAnswer<E extends RequestEvent> = Parameters<Parameters<ClientToServerEventsV2[E]>[1]>[0];

export function ask<E extends RequestEvent>(
  socket: RelaySocket,
  timeoutMs: number,
  event: E,
  payload: RequestPayload<E>,
): Promise<RequestAnswer<E>> {
  const timed = socket.timeout(timeoutMs);
  // Socket.IO's typed emit resolves one literal event name at a time, not a generic one.
  const emit = timed.emitWithAck as unknown as (event: E, payload: RequestPayload<E>) => Promise<RequestAnswer<E>>;
  return emit.call(timed, event, payload).catch(unavailable);
}

/** Runs a request on the connected socket, waiting a bounded time for the connection. */
export async function whenConnected<A>(
  connection: Connection,
  timeoutMs: number,
  send: (socket: RelaySocket) => Promise<A>,
): Promise<A | Failure> {
  void connection.open();
  if (!(await connection.connected(timeoutMs))) return unavailable();
  const socket = connection.socket;
  return socket ? send(socket) : unavailable();
}

/** One attempt of a held send, with exactly the fields the contract names. */
export function sendPending(socket: RelaySocket, timeoutMs: number, send: PendingSend): Promise<SendOutcome> {
  const { room, clientId, to, kind, body } = send;
  // Taken apart, a kind and its body lose their pairing; they are the send's own, so still paired.
  const post = { room, clientId, ...(to === undefined ? {} : { to }), kind, body } as PostRequest;
  return ask(socket, timeoutMs, ClientEvent.MessagePost, post);
}
