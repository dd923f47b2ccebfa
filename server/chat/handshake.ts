/**
 * The handshake (PROTOCOL.md, "Handshake"): a connection is admitted only with a supported
 * protocol version, a well-formed token and a valid name; a refusal is a `connect_error`
 * whose message is the error code and whose data explains it.
 */
import { failure, normalizeName, PROTOCOL_VERSION, type ErrorCode } from '../../protocol/index.ts';
import { HandshakeAuth } from '../../protocol/schemas.ts';
import { userIdFromToken } from '../identity.ts';
import type { ChatSocket } from './types.ts';
import { compile } from './validate.ts';

const validAuth = compile(HandshakeAuth);

function refusal(code: ErrorCode, message: string): Error & { data: unknown } {
  return Object.assign(new Error(code), { data: failure(code, message).error });
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

export function authenticate(socket: ChatSocket, next: (error?: Error) => void): void {
  const auth = presented(socket);
  const version = typeof auth === 'object' && auth !== null ? (auth as { v?: unknown }).v : undefined;
  if (version !== PROTOCOL_VERSION && (version === undefined || typeof version === 'number')) {
    next(refusal('unsupported_version', `this server speaks protocol version ${PROTOCOL_VERSION}`));
    return;
  }
  const problem = validAuth.problem(auth);
  if (problem !== null || !validAuth.check(auth)) {
    next(refusal('bad_request', `handshake auth: ${problem}`));
    return;
  }
  socket.data.user = { id: userIdFromToken(auth.token), name: normalizeName(auth.name) };
  next();
}
