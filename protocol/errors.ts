/**
 * Error codes of the wire contract. Every refused request is answered with one of these
 * inside `{ ok: false, error }`, and a refused handshake carries one as its message.
 */

/**
 * The codes of PROTOCOL.md (v1). A v1 connection is only ever answered with one of these: the
 * codes v2 added reach it as the nearest v1 code (V1_CODE_OF).
 */
export const V1_ERROR_CODES = [
  'bad_request',
  'unsupported_version',
  'not_joined',
  'not_here',
  'rate_limited',
  'room_full',
  'unavailable',
  'internal',
] as const;

export const ERROR_CODES = [
  ...V1_ERROR_CODES,
  /** v2 (issue #14): an operator banned this user or address; the handshake is refused and a live connection is closed. */
  'banned',
  /** v2 (issue #14): an operator made the room read-only. */
  'read_only',
  /** v2 (issue #14): this DM cannot be delivered (the addressee's consent setting or block list; which is not said). */
  'undeliverable',
] as const;

/** How a v2-only code reads to a v1 connection. */
export const V1_CODE_OF = {
  banned: 'unavailable',
  read_only: 'bad_request',
  undeliverable: 'not_here',
} as const satisfies Record<Exclude<ErrorCode, (typeof V1_ERROR_CODES)[number]>, (typeof V1_ERROR_CODES)[number]>;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The budgets a relay may refuse a request against (an extension of v1, see docs/protocol.md):
 * a `rate_limited` error names the one it hit in `limit`, so a client can say which in words.
 */
export const LIMIT_NAMES = [
  /** `message:send` and `dm:send` together, per user. */
  'send',
  /** The slower send rate of an identity the relay first saw minutes ago. */
  'newcomer_send',
  /** An identity the relay first saw minutes ago may not post links yet. */
  'newcomer_links',
  /** Reactions given and taken back, per user (protocol v2). */
  'react',
  /** `user:rename`, per user. */
  'rename',
  /** `room:join` and `room:leave` together, per user. */
  'rooms',
  /** `room:history` pages, per user. */
  'history',
  /** `dm:status` requests, per user (protocol v2, issue #13). */
  'dm_status',
  /** `report:send`, per user (protocol v2, issue #14). */
  'reports',
  /** `privacy:set`, per user (protocol v2, issue #14). */
  'privacy',
  /** A room's slow mode, set by an operator or switched on by itself while the room is hot (issue #14). */
  'slow_mode',
  /** The same text sent more than REPEAT_MAX times within REPEAT_WINDOW_MS (issue #14). */
  'repeated_text',
  /** Requests one connection has sent and not yet had answered. */
  'in_flight',
  /** Connections open at once from one network address (handshake). */
  'connections_per_address',
  /** Identities this relay has not seen before, per network address per 10 minutes (handshake). */
  'new_identities_per_address',
  /** Image uploads (HTTP), per user. */
  'uploads',
  /** Bytes of image uploads (HTTP), per user. */
  'upload_bytes',
] as const;

export type LimitName = (typeof LIMIT_NAMES)[number];

/**
 * What a refused request carries. `retryAfterMs` comes with `rate_limited`, and so does
 * `limit` when the relay names the budget (clients of plain v1 ignore it).
 */
export interface ProtocolError {
  code: ErrorCode;
  message: string;
  retryAfterMs?: number;
  limit?: LimitName;
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

/** A `rate_limited` refusal that names the budget it hit. */
export function rateLimited(limit: LimitName, message: string, retryAfterMs: number): Failure {
  return {
    ok: false,
    error: { code: 'rate_limited', message, retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)), limit },
  };
}

export function isLimitName(value: unknown): value is LimitName {
  return typeof value === 'string' && (LIMIT_NAMES as readonly string[]).includes(value);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
