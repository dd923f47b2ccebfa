/**
 * The handshake (PROTOCOL.md, "Handshake"): a connection is admitted only with a supported
 * protocol version, a well-formed token and a valid name; a refusal is a `connect_error`
 * whose message is the error code and whose data explains it.
 */
import { failure, normalizeName, PROTOCOL_VERSIONS, type ProtocolError } from '../../protocol/index.ts';
import { HandshakeAuth } from '../../protocol/schemas.ts';
import { userIdFromToken } from '../identity.ts';
import type { ChatSocket } from './types.ts';
import { compile } from './validate.ts';

const validAuth = compile(HandshakeAuth);

/** A handshake middleware's continuation: no argument admits, an error refuses. */
export type Next = (error?: Error) => void;

/**
 * Refuses a connection: `error` goes out as its `connect_error` (message: the code, data: the
 * error), then its engine connection is closed. Socket.IO writes the refusal on the next tick
 * and would then keep the engine connection open with no deadline (its connectTimeout ends
 * with the first namespace request), so a client that ignores refusals would hold one for
 * good; closing after the refusal is written still delivers it.
 */
export function refuse(socket: ChatSocket, next: Next, error: ProtocolError): void {
  next(Object.assign(new Error(error.code), { data: error }));
  setImmediate(() => socket.conn.close());
}

/**
 * What the client presented, less the two fields Socket.IO's own client adds when it tries to
 * recover a dropped connection (`pid`, `offset`): they belong to the transport, not to us, and
 * a reconnect to a restarted server (which cannot recover) must still be admitted.
 */
function presented(socket: ChatSocket): unknown {
  const auth: unknown = socket.handshake.auth;
  if (typeof auth !== 'object' || auth === null || Array.isArray(auth)) return auth;
  const { pid: _pid, offset: _offset, ...ours } = auth as Record<string, unknown>;
  return ours;
}

export function authenticate(socket: ChatSocket, next: Next): void {
  const auth = presented(socket);
  const version = typeof auth === 'object' && auth !== null ? (auth as { v?: unknown }).v : undefined;
  if (!PROTOCOL_VERSIONS.includes(version as number) && (version === undefined || typeof version === 'number')) {
    const versions = PROTOCOL_VERSIONS.join(' and ');
    refuse(socket, next, failure('unsupported_version', `this server speaks protocol versions ${versions}`).error);
    return;
  }
  const problem = validAuth.problem(auth);
  if (problem !== null || !validAuth.check(auth)) {
    refuse(socket, next, failure('bad_request', `handshake auth: ${problem}`).error);
    return;
  }
  socket.data.user = { id: userIdFromToken(auth.token), name: normalizeName(auth.name) };
  socket.data.v = auth.v;
  next();
}
