/**
 * A user's public id is derived one-way from the secret token the client presents, so it is
 * stable across reconnects and nodes without any server-side state, and nobody can claim an
 * id without holding its token. A token has at least 132 random bits, so no salt is needed.
 */
import { createHash } from 'node:crypto';

/** 22 base64url characters: 132 bits of SHA-256, within the contract's 16..43. */
export function userIdFromToken(token: string): string {
  return createHash('sha256').update(`samepage:v1:user:${token}`).digest('base64url').slice(0, 22);
}
