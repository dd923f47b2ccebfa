/**
 * The Socket.IO adapter that makes rooms and broadcasts span every node sharing one Redis
 * (Redis streams: a node that misses a moment reads on from where it was). Its client queues
 * broadcasts while Redis is down and sends them when it is back, rather than failing them.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { FastifyBaseLogger } from 'fastify';
import type { Namespace } from 'socket.io';
import type { Adapter } from 'socket.io-adapter';
import { openRedis } from '../stores/redis-client.ts';
import { withoutTransientReplay } from './recovery-adapter.ts';

export interface RedisAdapter {
  adapter: (nsp: Namespace) => Adapter;
  ready(): boolean;
  close(): void;
}

export function redisAdapter(url: string, log: FastifyBaseLogger): RedisAdapter {
  const client = openRedis(url, log, { queue: true });
  return {
    adapter: withoutTransientReplay(
      createAdapter(client, { streamName: 'samepage:socket.io' }) as (nsp: Namespace) => Adapter,
    ),
    ready: () => client.isReady,
    close: () => client.destroy(),
  };
}
