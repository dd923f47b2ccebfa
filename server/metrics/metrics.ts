/**
 * What the relay tells Prometheus (docs/configuration.md, "Metrics"). One registry per app,
 * never prom-client's global one, because tests run many servers in one process and each
 * must count only its own. Every label comes from a closed set (protocol versions, request
 * events, error codes, limit names, store names): a room key, user id, address or token never
 * becomes a label, so the number of series stays bounded whatever clients send.
 *
 * Connections, users, rooms and room sizes are read from this node's Socket.IO state at each
 * scrape rather than kept in step on every join and leave: nothing can drift, and the chat
 * pays nothing between scrapes. With Redis each node counts its own connections; summing over
 * the nodes gives the relay's.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ClientEvent, ServerEvent, isLimitName, type RequestEvent } from '../../protocol/index.ts';
import { joinedRooms } from '../chat/channels.ts';
import type { ChatServer, ChatSocket } from '../chat/types.ts';

export type StoreName = 'sqlite' | 'memory' | 'redis';

export interface Metrics {
  readonly registry: Registry;
  /** Counts a request's answer (before it is put in a v1 connection's codes). */
  answered(event: RequestEvent, answer: unknown): void;
  /** Counts the messages the relay hands this connection. */
  follow(socket: ChatSocket): void;
  /** Starts timing one store operation; call what it returns when the operation is done. */
  time(store: StoreName, operation: 'history_append' | 'command'): () => void;
}

export interface MetricSources {
  io: ChatServer;
  /** With Redis: whether the stores and the adapter reach it now. Null: no Redis, no gauge. */
  redisUp: (() => boolean) | null;
}

/** Room sizes from two people up to the largest MAX_MEMBERS_PER_ROOM default. */
const MEMBER_BUCKETS = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 5000];
/** A SQLite commit takes well under a millisecond on a quiet disk; a Redis round trip a few. */
const STORE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5];

const SENT_BY_EVENT: Partial<Record<RequestEvent, true>> = {
  [ClientEvent.MessageSend]: true,
  [ClientEvent.DmSend]: true,
  [ClientEvent.MessagePost]: true,
};

/** The `message` of an accepted send or post: a DM names its addressee in `to`. */
function channelOfSent(answer: { message?: unknown }): 'room' | 'dm' {
  const message = answer.message as { to?: unknown } | undefined;
  return message?.to === undefined ? 'room' : 'dm';
}

export function createMetrics({ io, redisUp }: MetricSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'samepage_connections',
    help: 'Chat connections open on this node, by protocol version.',
    labelNames: ['version'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const version of [1, 2, 3]) this.set({ version: String(version) }, 0);
      for (const socket of io.of('/').sockets.values()) this.inc({ version: String(socket.data.v) });
    },
  });
  new Gauge({
    name: 'samepage_users_online',
    help: 'People with at least one connection open on this node.',
    registers: [registry],
    collect() {
      const users = new Set<string>();
      for (const socket of io.of('/').sockets.values()) users.add(socket.data.user.id);
      this.set(users.size);
    },
  });
  const membersPerRoom = (): Map<string, Set<string>> => {
    const rooms = new Map<string, Set<string>>();
    for (const socket of io.of('/').sockets.values()) {
      for (const room of joinedRooms(socket)) {
        const members = rooms.get(room) ?? new Set<string>();
        members.add(socket.data.user.id);
        rooms.set(room, members);
      }
    }
    return rooms;
  };
  new Gauge({
    name: 'samepage_rooms',
    help: 'Rooms with at least one member connected to this node.',
    registers: [registry],
    collect() {
      this.set(membersPerRoom().size);
    },
  });
  new Histogram({
    name: 'samepage_room_members',
    help: "Rooms by their members on this node, as of this scrape (a snapshot: don't rate() it).",
    buckets: MEMBER_BUCKETS,
    registers: [registry],
    collect() {
      this.reset();
      for (const members of membersPerRoom().values()) this.observe(members.size);
    },
  });

  const sent = new Counter({
    name: 'samepage_messages_sent_total',
    help: 'Messages and changes the relay accepted, in rooms and as DMs.',
    labelNames: ['channel'] as const,
    registers: [registry],
  });
  const delivered = new Counter({
    name: 'samepage_messages_delivered_total',
    help: 'Messages and changes handed to a connection on this node (one per recipient connection).',
    labelNames: ['channel'] as const,
    registers: [registry],
  });
  const requests = new Counter({
    name: 'samepage_requests_total',
    help: 'Requests answered, by event and outcome (ok, or the error code).',
    labelNames: ['event', 'outcome'] as const,
    registers: [registry],
  });
  const limits = new Counter({
    name: 'samepage_limits_hit_total',
    help: 'Requests refused rate_limited, by the budget they hit.',
    labelNames: ['limit'] as const,
    registers: [registry],
  });
  const storeSeconds = new Histogram({
    name: 'samepage_store_seconds',
    help: 'Time of a store operation: a history append (its commit on SQLite), or one Redis command.',
    labelNames: ['store', 'operation'] as const,
    buckets: STORE_BUCKETS,
    registers: [registry],
  });
  if (redisUp !== null) {
    new Gauge({
      name: 'samepage_redis_up',
      help: 'Whether this node reaches Redis now (1) or not (0).',
      registers: [registry],
      collect() {
        this.set(redisUp() ? 1 : 0);
      },
    });
  }

  return {
    registry,
    answered(event, answer) {
      const { ok, error } = answer as { ok?: boolean; error?: { code?: unknown; limit?: unknown } };
      if (ok === true) {
        requests.inc({ event, outcome: 'ok' });
        if (SENT_BY_EVENT[event]) sent.inc({ channel: channelOfSent(answer as { message?: unknown }) });
        return;
      }
      const code = typeof error?.code === 'string' ? error.code : 'internal';
      requests.inc({ event, outcome: code });
      if (code === 'rate_limited' && isLimitName(error?.limit)) limits.inc({ limit: error.limit });
    },
    follow(socket) {
      socket.onAnyOutgoing((event: string, payload: unknown) => {
        if (event === ServerEvent.MessagePosted)
          delivered.inc({ channel: (payload as { to?: unknown }).to === undefined ? 'room' : 'dm' });
        else if (event === ServerEvent.MessageNew) delivered.inc({ channel: 'room' });
        else if (event === ServerEvent.DmNew) delivered.inc({ channel: 'dm' });
      });
    },
    time(store, operation) {
      return storeSeconds.startTimer({ store, operation });
    },
  };
}
