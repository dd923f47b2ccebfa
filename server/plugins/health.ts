/** `GET /healthz`: 200 `{ ok: true }` once the server accepts connections (PROTOCOL.md). */
import fp from 'fastify-plugin';

export default fp(
  async (fastify) => {
    fastify.get('/healthz', async () => ({ ok: true }));
  },
  { name: 'health', fastify: '5.x' },
);
