import type { FastifyReply, FastifyRequest } from 'fastify';
import { failure, ROOM_KEY_PATTERN, TOKEN_PATTERN, type RoomKey, type UserId } from '../../protocol/index.ts';
import { userIdFromToken } from '../identity.ts';
import { refuse } from './http-answers.ts';

const BEARER = new RegExp(`^Bearer (${TOKEN_PATTERN.slice(1, -1)})$`);
const ROOM_KEY = new RegExp(ROOM_KEY_PATTERN);

/**
 * Who uploads (their bearer credential) and to which room (`?room=`), read before the body is:
 * a picture's upload and a DM blob's share these first checks. Answers the refusal it sent otherwise.
 */
export function uploadCaller(
  request: FastifyRequest,
  reply: FastifyReply,
): { user: UserId; room: RoomKey } | { refused: FastifyReply } {
  const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
  if (token === undefined) {
    reply.header('WWW-Authenticate', 'Bearer');
    return { refused: refuse(reply, 401, failure('bad_request', 'an upload needs Authorization: Bearer <token>')) };
  }
  const { room } = request.query as { room?: unknown };
  if (typeof room !== 'string' || !ROOM_KEY.test(room)) {
    return {
      refused: refuse(reply, 400, failure('bad_request', 'room: must be a room key (64 lowercase hex characters)')),
    };
  }
  return { user: userIdFromToken(token), room };
}

/** The CORS preflight of an upload: extension pages post from their own origin with a bearer credential. */
export function uploadPreflight(reply: FastifyReply): FastifyReply {
  return reply
    .code(204)
    .header('Access-Control-Allow-Methods', 'POST')
    .header('Access-Control-Allow-Headers', 'Authorization, Content-Type')
    .header('Access-Control-Max-Age', '86400')
    .send();
}
