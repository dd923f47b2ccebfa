/**
 * Error codes of the wire contract. Every refused request is answered with one of these
 * inside `{ ok: false, error }`, and a refused handshake carries one as its message.
 */

export const ERROR_CODES = [
  'bad_request',
  'unsupported_version',
  'not_joined',
  'not_here',
  'rate_limited',
  'room_full',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What a refused request carries. `retryAfterMs` comes with `rate_limited`. */
export interface ProtocolError {
  code: ErrorCode;
  message: string;
  retryAfterMs?: number;
}

export interface Failure {
  ok: false;
  error: ProtocolError;
}

export function failure(code: ErrorCode, message: string, retryAfterMs?: number): Failure {
  return retryAfterMs === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, retryAfterMs } };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
