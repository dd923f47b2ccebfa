import type { Server, Socket } from 'socket.io';
import type { Member, RelayClientEvents, ServerToClientEvents } from '../../protocol/index.ts';
import type { Config } from '../config.ts';
import type { IdGenerator } from '../ids.ts';
import type { ImageStore } from '../images/types.ts';
import type { Stores } from '../stores/types.ts';
import type { Aliases } from './aliases.ts';
import type { Budgets } from './budgets.ts';

/** What the server keeps on each connection: who it is. Plain data, as Socket.IO requires. */
export interface SocketData {
  /** The person, by their own id: only their own connections are told it; a room is shown its id per room (aliases.ts). */
  user: Member;
  /** The protocol version the connection asked for in its handshake. */
  v: 1 | 2 | 3;
  /** The network address the connection counts against (server/net/client-address.ts). */
  address: string;
  /** When this relay first saw the user's identity, in epoch ms: how new it is. */
  firstSeenAt: number;
  /** The public keys this connection published (protocol v3), by room (room-keys.ts). */
  keys?: Record<string, string>;
}

/** Events between nodes sharing Redis, never on the wire to clients. */
export const InterServerEvent = {
  /** A user renamed on one node: every node updates that user's connections it holds. */
  UserRenamed: 'user:renamed',
} as const;

export interface InterServerEvents {
  [InterServerEvent.UserRenamed]: (self: Member) => void;
}

export type ChatServer = Server<RelayClientEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ChatSocket = Socket<RelayClientEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Everything a handler may use, passed in so tests can build a server with real stores. */
export interface ChatDeps {
  io: ChatServer;
  config: Config;
  stores: Stores;
  /** Uploaded images: what an image message refers to (exists, the sender's, that room's). */
  images: ImageStore;
  budgets: Budgets;
  /** Ids per room: the person's id in a room going out, the person an id coming in stands for. */
  aliases: Aliases;
  nextId: IdGenerator;
  now: () => number;
}
