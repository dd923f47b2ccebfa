import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, Member, ServerToClientEvents } from '../../protocol/index.ts';
import type { Config } from '../config.ts';
import type { IdGenerator } from '../ids.ts';
import type { Stores } from '../stores/types.ts';

/** What the server keeps on each connection: who it is. Plain data, as Socket.IO requires. */
export interface SocketData {
  user: Member;
}

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Everything a handler may use, passed in so tests can build a server with real stores. */
export interface ChatDeps {
  io: ChatServer;
  config: Config;
  stores: Stores;
  nextId: IdGenerator;
  now: () => number;
}
