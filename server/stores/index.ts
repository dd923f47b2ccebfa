import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import { createMemoryStores } from './memory.ts';
import { createRedisStores } from './redis.ts';
import { createSqliteStores } from './sqlite.ts';
import type { Stores } from './types.ts';

/** The stores the configuration asks for: Redis when several nodes share it, else STORAGE. */
export function createStores(config: Config, log: FastifyBaseLogger): Stores {
  const { redisUrl } = config;
  if (redisUrl !== null) return createRedisStores({ ...config, redisUrl }, log);
  return config.storage === 'memory' ? createMemoryStores(config) : createSqliteStores(config, log);
}
