/**
 * `GET /healthz`: 200 `{ ok: true }` once the server accepts connections (PROTOCOL.md), and
 * 503 `{ ok: false, ... }` while a service it depends on is unreachable, so that a load
 * balancer sends new clients to another node meanwhile.
 */
import fp from 'fastify-plugin';

export default fp<{ ready: () => boolean }>(
  async (fastify, { ready }) => {
    fastify.get('/healthz', async (_request, reply) => {
      if (ready()) return { ok: true };
      return reply.code(503).send({ ok: false, error: 'storage unreachable' });
    });
  },
  { name: 'health', fastify: '5.x' },
);
