/**
 * Our own small typed Socket.IO plugin (the community one is unmaintained): it attaches a
 * Server to Fastify's HTTP server, exposes it as `fastify.io`, and takes it down with Fastify,
 * disconnecting every client first so that `close()` does not wait on open websockets.
 */
import fp from 'fastify-plugin';
import { Server, type ServerOptions } from 'socket.io';
import type { ChatServer } from '../chat/types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    io: ChatServer;
  }
}

export default fp<{ options: Partial<ServerOptions> }>(
  async (fastify, { options }) => {
    const io: ChatServer = new Server(fastify.server, options);
    fastify.decorate('io', io);
    fastify.addHook('preClose', (done) => {
      io.local.disconnectSockets(true);
      done();
    });
    fastify.addHook('onClose', async () => {
      await new Promise<void>((resolve) => void io.close(() => resolve()));
    });
  },
  { name: 'socket-io', fastify: '5.x' },
);
