/**
 * A fresh idempotency key for one message (PROTOCOL.md: 8–64 characters of [A-Za-z0-9_-]).
 * The same key goes with every retry of that message, so the server delivers it once.
 */
export function newClientId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}
