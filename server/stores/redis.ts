import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import { openRedis, StoreRedis } from './redis-client.ts';
import { RedisAliasStore } from './redis-aliases.ts';
import { RedisGrantStore } from './redis-grants.ts';
import { RedisHistoryStore } from './redis-history.ts';
import { RedisIdempotencyStore } from './redis-idempotency.ts';
import { RedisIdentityStore } from './redis-identities.ts';
import { mailboxLimits } from './mailbox-limits.ts';
import { RedisMailboxStore } from './redis-mailbox.ts';
import { RedisModerationStore } from './redis-moderation.ts';
import { RedisPresenceStore } from './redis-presence.ts';
import { RedisRateLimiter } from './redis-rate-limit.ts';
import type { Stores } from './types.ts';

const SWEEP_MS = 60_000;

/**
 * The shared stores: everything several nodes must agree on, in one Redis. Each node gets a
 * random id for its presence records; a restarted node is a new node, and its old records
 * are swept like a dead node's.
 */
export function createRedisStores(config: Config & { redisUrl: string }, log: FastifyBaseLogger): Stores {
  const client = openRedis(config.redisUrl, log);
  const redis = new StoreRedis(client, config.redisCommandTimeoutMs);
  const presence = new RedisPresenceStore(redis, randomBytes(9).toString('base64url'));
  const mailbox = new RedisMailboxStore(redis, mailboxLimits(config));
  // Every node sweeps; a sweep that finds nothing due costs one command.
  const timer = setInterval(() => void mailbox.sweep(Date.now()).catch(() => undefined), SWEEP_MS);
  timer.unref();
  return {
    history: new RedisHistoryStore(redis, config),
    presence,
    idempotency: new RedisIdempotencyStore(redis, config.idempotencyTtlMs),
    identities: new RedisIdentityStore(redis),
    grants: new RedisGrantStore(redis),
    moderation: new RedisModerationStore(redis),
    aliases: new RedisAliasStore(redis),
    mailbox,
    limiter: (name, shape) => new RedisRateLimiter(redis, name, shape),
    liveness: presence,
    ready: () => redis.ready(),
    timeCommands(start) {
      redis.timer = start;
    },
    async close() {
      clearInterval(timer);
      // Hand this node's connections back now rather than after the timeout; if Redis is
      // down, the other nodes sweep them later.
      await presence.retire().catch(() => undefined);
      client.destroy();
    },
  };
}
