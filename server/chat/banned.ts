/**
 * Bans at the handshake (issue #14): a user id or an address an operator banned is refused
 * until the ban ends, with `banned` (v1: `unavailable`, the nearest code it knows), the ban's
 * words and `retryAfterMs`. It runs after `authenticate` (the user) and the connection cap
 * (the address), and before an unknown identity is recorded, so a banned visitor costs nothing.
 * While the store cannot answer, nobody is let in unchecked nor told they are banned: the
 * handshake is refused `unavailable`, which every client retries, as the identity check does.
 */
import type { FastifyBaseLogger } from 'fastify';
import { failure, V1_CODE_OF } from '../../protocol/index.ts';
import { banWords } from '../moderation/ban-words.ts';
import { StoreUnavailableError } from '../stores/types.ts';
import { refuse, type Next } from './handshake.ts';
import type { ChatDeps, ChatSocket } from './types.ts';

/** Handshake middleware: refuses a banned user or address. */
export function refuseBanned({ stores, now }: Pick<ChatDeps, 'stores' | 'now'>, log: FastifyBaseLogger) {
  return (socket: ChatSocket, next: Next): void => {
    const at = now();
    const { user, address, v } = socket.data;
    stores.moderation.banOf(user.id, address, at).then(
      (ban) => {
        if (ban === null) {
          next();
          return;
        }
        log.debug({ user: user.id, until: ban.until }, 'banned handshake refused');
        const { message, retryAfterMs } = banWords(ban, at);
        refuse(socket, next, { code: v >= 2 ? 'banned' : V1_CODE_OF.banned, message, retryAfterMs });
      },
      (error: unknown) => {
        if (error instanceof StoreUnavailableError) {
          const message = 'the server cannot reach its storage right now; try again shortly';
          refuse(socket, next, failure('unavailable', message).error);
          return;
        }
        log.error({ err: error, user: user.id }, 'ban check failed');
        refuse(socket, next, failure('internal', 'the server failed to admit this connection').error);
      },
    );
  };
}
