/**
 * `GET /metrics` in Prometheus's text format, served two ways, each only when asked for:
 * with METRICS_TOKEN on the main port to whoever presents `Authorization: Bearer <token>`
 * (checked like ADMIN_TOKEN: constant time, failures budgeted per address), and with
 * METRICS_PORT on a listener of its own bound to 127.0.0.1, where no token is asked because
 * only this machine can reach it. With neither, `/metrics` answers 404 like any unknown path.
 */
import { createServer, type Server } from 'node:http';
import fp from 'fastify-plugin';
import { adminAuth } from '../admin/auth.ts';
import type { Config } from '../config.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { clientAddressResolver } from '../net/client-address.ts';
import { MemoryRateLimiter } from '../stores/memory-rate-limit.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The METRICS_PORT listener once the app is ready; null without METRICS_PORT. */
    metricsServer: Server | null;
  }
}

export interface MetricsOptions {
  config: Config;
  metrics: Metrics;
}

export default fp<MetricsOptions>(
  async (fastify, { config, metrics }) => {
    const { registry } = metrics;
    if (config.metricsToken !== null) {
      // This node's own failure budget, not the shared store's: metrics must answer while Redis is
      // down, and a misconfigured scraper must not spend the operator's `/admin` budget.
      const auth = adminAuth(config.metricsToken, config.adminFailuresPerHour, {
        limiter: (_name, shape) => new MemoryRateLimiter(shape),
      });
      const resolve = clientAddressResolver(config.trustProxy);
      fastify.get('/metrics', async (request, reply) => {
        const address = resolve(request.socket.remoteAddress, request.headers['x-forwarded-for']);
        const outcome = await auth.check(request.headers.authorization, address);
        reply.header('Cache-Control', 'no-store');
        if (outcome.ok) return reply.type(registry.contentType).send(await registry.metrics());
        if (outcome.status === 429) {
          reply.header('Retry-After', String(Math.ceil(outcome.retryAfterMs / 1000)));
          return reply.code(429).type('text/plain').send('too many failed attempts from this address; wait\n');
        }
        reply.header('WWW-Authenticate', 'Bearer');
        return reply.code(401).type('text/plain').send('this needs Authorization: Bearer <METRICS_TOKEN>\n');
      });
    }

    fastify.decorate('metricsServer', null);
    if (config.metricsPort === null) return;
    const port = config.metricsPort;
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
        return;
      }
      registry.metrics().then(
        (text) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
        (error: unknown) => {
          fastify.log.error({ err: error }, 'metrics failed');
          response.writeHead(500, { 'Content-Type': 'text/plain' }).end('metrics failed\n');
        },
      );
    });
    fastify.metricsServer = server;
    // On ready, not at registration, so a port already taken fails the start like the main port does.
    fastify.addHook('onReady', async () => {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
    });
    fastify.addHook('onClose', async () => {
      if (!server.listening) return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
  },
  { name: 'metrics', fastify: '5.x', dependencies: ['socket-io'] },
);
