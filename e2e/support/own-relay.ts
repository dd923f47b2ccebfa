/**
 * A relay of a test file's own, for settings the shared relay (support/relay-process.ts) runs
 * without: the real server in this process, memory storage, the real defaults but for `config`.
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';

export interface OwnRelay {
  url: string;
  close(): Promise<void>;
}

export async function startOwnRelay(config: Partial<Config>): Promise<OwnRelay> {
  const app = await buildApp({
    config: { ...loadConfig({ STORAGE: 'memory' }), logLevel: 'silent', ...config },
    logger: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() };
}
