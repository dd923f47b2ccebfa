import type { Config } from '../config.ts';
import { createMemoryStores } from './memory.ts';
import { createSqliteStores } from './sqlite.ts';
import type { Stores } from './types.ts';

/** The stores the configuration asks for. */
export function createStores(config: Config): Stores {
  return config.storage === 'memory' ? createMemoryStores(config) : createSqliteStores(config);
}
