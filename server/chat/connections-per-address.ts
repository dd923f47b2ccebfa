/**
 * MAX_CONNECTIONS_PER_IP (issue #11): how many connections one address (an IPv6 /64) may hold
 * open at once, so that one machine cannot take every socket, file descriptor and byte of
 * memory the relay has. Every engine connection counts from the moment it opens until its TCP
 * socket is gone, whether or not it ever connects to the chat: a connection that is refused or
 * never finishes its handshake holds as much as any other while it lasts.
 *
 * One over the cap is refused at the handshake with `rate_limited` (`connections_per_address`),
 * which the client can explain in words; a flood that goes on regardless (twice the cap) is
 * refused earlier and cheaper, at the websocket upgrade, before any Socket.IO state exists.
 */
import type { IncomingMessage } from 'node:http';
import { rateLimited } from '../../protocol/index.ts';
import type { Config } from '../config.ts';
import { clientAddressResolver, type ClientAddressOf } from '../net/client-address.ts';
import { refuse, type Next } from './handshake.ts';
import type { ChatServer, ChatSocket } from './types.ts';

type EngineServer = ChatServer['engine'];
type EngineSocket = ChatSocket['conn'];

/**
 * What a refused client is told to wait: no budget refills here, a place frees up when one of
 * the address's connections closes, so this only paces its retries.
 */
const RETRY_AFTER_MS = 30_000;

export class ConnectionsPerAddress {
  /** Open connections by address; an address is here only while it has one, so the map is bounded by the sockets open. */
  readonly #open = new Map<string, number>();
  readonly #cap: number;
  readonly #addressOf: ClientAddressOf;

  constructor(config: Pick<Config, 'maxConnectionsPerIp' | 'trustProxy'>) {
    this.#cap = config.maxConnectionsPerIp === 0 ? Number.POSITIVE_INFINITY : config.maxConnectionsPerIp;
    this.#addressOf = clientAddressResolver(config.trustProxy);
  }

  /** Engine.IO's `allowRequest`: refuses a new connection at the upgrade once its address holds twice the cap. */
  readonly allowRequest = (request: IncomingMessage, answer: (error: string | null, allowed: boolean) => void) => {
    const address = this.#addressOf(request.socket.remoteAddress, request.headers['x-forwarded-for']);
    const flooding = this.count(address) >= 2 * this.#cap;
    answer(flooding ? 'too many connections from this address' : null, !flooding);
  };

  /** Counts every connection `engine` opens until its TCP socket closes. */
  track(engine: EngineServer): void {
    if (this.#cap === Number.POSITIVE_INFINITY) return;
    engine.on('connection', (conn: EngineSocket) => {
      const tcp = conn.request.socket;
      if (tcp.destroyed) return;
      const address = this.#addressOf(conn.remoteAddress, conn.request.headers['x-forwarded-for']);
      this.#open.set(address, this.count(address) + 1);
      tcp.once('close', () => {
        const left = this.count(address) - 1;
        if (left > 0) this.#open.set(address, left);
        else this.#open.delete(address);
      });
    });
  }

  /**
   * Handshake middleware: puts the connection's address on `socket.data.address` (the other
   * per-address budgets use it) and refuses the connection when its address is over the cap.
   */
  readonly admit = (socket: ChatSocket, next: Next): void => {
    const address = this.#addressOf(socket.handshake.address, socket.handshake.headers['x-forwarded-for']);
    socket.data.address = address;
    if (this.count(address) <= this.#cap) {
      next();
      return;
    }
    const message = `too many connections from your network (at most ${this.#cap} at once); try again later`;
    refuse(socket, next, rateLimited('connections_per_address', message, RETRY_AFTER_MS).error);
  };

  /** Connections open from `address` now. */
  count(address: string): number {
    return this.#open.get(address) ?? 0;
  }
}
