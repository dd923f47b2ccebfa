/**
 * Builds the server as a Fastify app: the Socket.IO plugin, health, the chat, then the image
 * routes (upload and serving over HTTP; the chat gets the same image store), then, with
 * ADMIN_TOKEN, the operator console and API, and with METRICS_TOKEN or METRICS_PORT the
 * Prometheus metrics. Used by
 * main.ts and by tests, which pass their own config and stores. With REDIS_URL, rooms span
 * every node sharing that Redis, and the stores keep what they must share there.
 */
import Fastify, { type FastifyServerOptions } from 'fastify';
import admin from './admin/plugin.ts';
import { ConnectionsPerAddress } from './chat/connections-per-address.ts';
import chat from './chat/plugin.ts';
import type { Config } from './config.ts';
import { createImageStore } from './images/create-store.ts';
import images from './images/plugin.ts';
import type { ImageStore } from './images/types.ts';
import { createMetrics, type Metrics, type StoreName } from './metrics/metrics.ts';
import { timedHistory } from './metrics/timed-history.ts';
import health from './plugins/health.ts';
import metricsPlugin from './plugins/metrics.ts';
import { redisAdapter } from './plugins/redis-adapter.ts';
import { boundedRecoveryAdapter } from './plugins/recovery-adapter.ts';
import socketIo from './plugins/socket-io.ts';
import { createStores } from './stores/index.ts';
import type { Stores } from './stores/types.ts';

export interface AppOptions {
  config: Config;
  stores?: Stores;
  /** Where uploaded images are kept; by default the one the configuration asks for. */
  images?: ImageStore;
  logger?: FastifyServerOptions['logger'];
  /** The chat's clock (message times, the edit window); tests move it instead of waiting. */
  now?: () => number;
}

/**
 * How long a new engine connection may take to connect to the chat (Socket.IO's default is
 * 45 s): one that never does holds a socket and memory for nothing meanwhile.
 */
const CONNECT_TIMEOUT_MS = 10_000;

export async function buildApp({ config, stores: given, images: givenImages, logger, now }: AppOptions) {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    return503OnClosing: true,
  });
  const untimed = given ?? createStores(config, app.log);
  const imageStore = givenImages ?? createImageStore(config);
  const cluster = config.redisUrl === null ? null : redisAdapter(config.redisUrl, app.log);
  const connections = new ConnectionsPerAddress(config);
  await app.register(socketIo, {
    options: {
      transports: ['websocket'],
      maxHttpBufferSize: config.maxPayloadBytes,
      pingInterval: config.pingIntervalMs,
      serveClient: false,
      connectTimeout: CONNECT_TIMEOUT_MS,
      allowRequest: connections.allowRequest,
      // The fast path after a short drop: rooms and missed events come back by themselves.
      // Clients still resync through room:history, as recovery is not guaranteed. The adapter
      // bounds what is kept for it and keeps no presence or typing.
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
      adapter: cluster ? cluster.adapter : boundedRecoveryAdapter(config.recoveryMaxPackets),
    },
  });
  const ready = () => (untimed.ready?.() ?? true) && (cluster?.ready() ?? true);
  let stores = untimed;
  let metrics: Metrics | null = null;
  if (config.metricsToken !== null || config.metricsPort !== null) {
    metrics = createMetrics({ io: app.io, redisUp: config.redisUrl === null ? null : ready });
    const store: StoreName = config.redisUrl === null ? config.storage : 'redis';
    const { time } = metrics;
    stores = { ...untimed, history: timedHistory(untimed.history, () => time(store, 'history_append')) };
    untimed.timeCommands?.(() => time('redis', 'command'));
    await app.register(metricsPlugin, { config, metrics });
  }
  await app.register(health, { ready });
  await app.register(chat, { config, stores, images: imageStore, connections, metrics, ...(now ? { now } : {}) });
  await app.register(images, { config, stores, images: imageStore, ...(now ? { now } : {}) });
  await app.register(admin, { prefix: '/admin', config, stores, images: imageStore, ...(now ? { now } : {}) });
  app.addHook('onClose', async () => {
    await untimed.close();
    cluster?.close();
  });
  return app;
}
