/**
 * The Socket.IO adapter that makes rooms and broadcasts span every node sharing one Redis
 * (Redis streams: a node that misses a moment reads on from where it was). Its client queues
 * broadcasts while Redis is down and sends them when it is back, rather than failing them.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerOptions } from 'socket.io';
import { openRedis } from '../stores/redis-client.ts';

export interface RedisAdapter {
  adapter: ServerOptions['adapter'];
  ready(): boolean;
  close(): void;
}

export function redisAdapter(url: string, log: FastifyBaseLogger): RedisAdapter {
  const client = openRedis(url, log, { queue: true });
  return {
    adapter: createAdapter(client, { streamName: 'samepage:socket.io' }) as ServerOptions['adapter'],
    ready: () => client.isReady,
    close: () => client.destroy(),
  };
}
