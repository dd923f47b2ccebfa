/**
 * NEW_IDENTITIES_PER_IP (issue #11): a token costs nothing to make, so an identity this relay
 * has never seen costs its network address a token of `budgets.newIdentities` (a bucket that
 * refills over 10 minutes), and one over it is refused at the handshake with `rate_limited`
 * (`new_identities_per_address`). A known identity is always admitted. An identity is recorded
 * only once admitted, so a refused one stays new and pays when it asks again.
 */
import type { FastifyBaseLogger } from 'fastify';
import { failure, rateLimited } from '../../protocol/index.ts';
import { StoreUnavailableError } from '../stores/types.ts';
import { refuse, type Next } from './handshake.ts';
import type { ChatDeps, ChatSocket } from './types.ts';
import { inWords } from './wait-words.ts';

type Admission = { admitted: true; firstSeenAt: number } | { admitted: false; waitMs: number };

/**
 * Handshake middleware, after `authenticate` (which knows the user) and the connection cap
 * (which knows the address): admits or refuses, and puts `socket.data.firstSeenAt` on every
 * admitted connection. The id secret (aliases.ts) is read here first, once per process.
 */
export function admitNewIdentities({ stores, budgets, aliases, now }: ChatDeps, log: FastifyBaseLogger) {
  async function admission(socket: ChatSocket): Promise<Admission> {
    // Every id a connection is shown is derived with the id secret: it is read before any is.
    await aliases.load();
    const { id } = socket.data.user;
    const known = await stores.identities.firstSeen(id, now());
    if (known !== null) return { admitted: true, firstSeenAt: known };
    const waitMs = await budgets.newIdentities.take(socket.data.address);
    if (waitMs > 0) return { admitted: false, waitMs };
    return { admitted: true, firstSeenAt: await stores.identities.record(id, now()) };
  }

  return (socket: ChatSocket, next: Next): void => {
    admission(socket).then(
      (answer) => {
        if (answer.admitted) {
          socket.data.firstSeenAt = answer.firstSeenAt;
          next();
          return;
        }
        const message = `too many new visitors from your network; try again in ${inWords(answer.waitMs)}`;
        refuse(socket, next, rateLimited('new_identities_per_address', message, answer.waitMs).error);
      },
      (error: unknown) => {
        if (error instanceof StoreUnavailableError) {
          const message = 'the server cannot reach its storage right now; try again shortly';
          refuse(socket, next, failure('unavailable', message).error);
          return;
        }
        log.error({ err: error, user: socket.data.user.id }, 'identity check failed');
        refuse(socket, next, failure('internal', 'the server failed to admit this connection').error);
      },
    );
  };
}
