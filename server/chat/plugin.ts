/**
 * The chat: wires the per-connection budgets, the handshake, the request routes and the
 * presence clean-up onto every connection. Handlers get their stores from `deps`, so a test or a deployment picks them.
 */
import fp from 'fastify-plugin';
import { EDIT_WINDOW_MS, ServerEvent } from '../../protocol/index.ts';
import type { Config } from '../config.ts';
import { createIdGenerator } from '../ids.ts';
import type { ImageStore } from '../images/types.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Stores } from '../stores/types.ts';
import { refuseBanned } from './banned.ts';
import { createAliases } from './aliases.ts';
import { createBudgets } from './budgets.ts';
import { userChannelsOf } from './channels.ts';
import type { ConnectionsPerAddress } from './connections-per-address.ts';
import { dmMailbox } from './dm-mailbox.ts';
import { authenticate } from './handshake.ts';
import { acceptedKinds, messageRoutes } from './messages.ts';
import { consent as consentOf } from './consent.ts';
import { admitNewIdentities } from './new-identities.ts';
import { profileRoutes } from './profile.ts';
import { reachability } from './reach.ts';
import { repeatGuard } from './repeats.ts';
import { reportRoutes } from './reports.ts';
import { roomModes } from './room-modes.ts';
import { startLiveness } from './liveness.ts';
import { createRequestRouter } from './request.ts';
import { roomRoutes } from './rooms.ts';
import type { ChatDeps } from './types.ts';
import { typingRelay } from './typing.ts';
import { enforceWriteBudget } from './write-budget.ts';

export interface ChatOptions {
  config: Config;
  stores: Stores;
  images: ImageStore;
  /** Counts connections per address; built with the Socket.IO server, whose allowRequest it answers. */
  connections: ConnectionsPerAddress;
  /** What the chat counts for `/metrics`; null when metrics are off. */
  metrics?: Metrics | null;
  /** The clock; by default the system's. */
  now?: () => number;
}

export default fp<ChatOptions>(
  async (fastify, { config, stores, images, connections, metrics = null, now = Date.now }) => {
    const deps: ChatDeps = {
      io: fastify.io,
      config,
      stores,
      images,
      budgets: createBudgets(config, stores),
      aliases: createAliases(stores.aliases, now),
      nextId: createIdGenerator(),
      now,
    };
    // Read now when the store answers (Redis may still be connecting: then the first handshake reads it).
    await deps.aliases.load().catch(() => undefined);
    const modes = roomModes(deps);
    fastify.addHook('onClose', async () => modes.close());
    const consent = consentOf(deps);
    const rooms = roomRoutes(deps, modes);
    const kinds = acceptedKinds(deps);
    const profile = profileRoutes(deps);
    const reach = reachability(deps, consent);
    const guards = { consent, modes, repeats: repeatGuard(deps) };
    const mailbox = dmMailbox(deps);
    const wireRequests = createRequestRouter(
      [
        ...rooms.routes,
        ...messageRoutes(deps, reach, guards, mailbox).routes,
        ...mailbox.routes,
        ...profile.routes,
        ...reach.routes,
        ...consent.routes,
        ...reportRoutes(deps, reach).routes,
      ],
      fastify.log,
      config.maxInFlightPerConnection,
      metrics?.answered,
    );
    const wireTyping = typingRelay(deps, reach, consent);
    const log = fastify.log;

    if (stores.liveness) {
      const stop = startLiveness(fastify.io, deps.aliases, stores.liveness, config.redisNodeTimeoutMs, log);
      fastify.addHook('onClose', async () => stop());
    }

    connections.track(fastify.io.engine);
    enforceWriteBudget(fastify.io.engine, config.maxQueuedBytesPerConnection, log);
    // Cheapest first: the address's count, then the auth presented, then the bans and the identity store.
    fastify.io.use(connections.admit);
    fastify.io.use(authenticate);
    fastify.io.use(refuseBanned(deps, log));
    fastify.io.use(admitNewIdentities(deps, log));
    fastify.io.on('connection', (socket) => {
      const self = socket.data.user.id;
      void socket.join(userChannelsOf(self, socket.data.v));
      if (socket.data.v >= 2) {
        socket.emit(ServerEvent.SessionWelcome, {
          v: socket.data.v,
          kinds: socket.data.v >= 3 ? kinds : kinds.filter((kind) => kind !== 'sealed'),
          editWindowMs: EDIT_WINDOW_MS,
          user: socket.data.user,
        });
      }
      wireRequests(socket);
      metrics?.follow(socket);
      wireTyping(socket);
      profile.followRenames(socket);
      if (socket.recovered) {
        rooms.onRecovered(socket).catch((error: unknown) => log.error({ err: error }, 'presence recovery failed'));
      }
      log.debug({ user: socket.data.user.id, connection: socket.id }, 'connected');
      socket.on('disconnecting', (reason) => {
        log.debug({ user: socket.data.user.id, connection: socket.id, reason }, 'disconnected');
        rooms.onDisconnecting(socket).catch((error: unknown) => log.error({ err: error }, 'presence clean-up failed'));
      });
    });
  },
  { name: 'chat', fastify: '5.x', dependencies: ['socket-io'] },
);
