/**
 * Builds the extension pointed at a relay on a free port, starts that relay (the real
 * server, embedded defaults) and the test site, and hands their addresses to the tests.
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { startSite } from './support/site.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    relayUrl: string;
    sitePort: number;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort();
  const relayUrl = `http://127.0.0.1:${port}`;
  execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit', env: { ...process.env, WXT_SERVER_URL: relayUrl } });
  const relay = await buildApp({ config: { ...loadConfig({}), logLevel: 'silent' }, logger: false });
  await relay.listen({ port, host: '127.0.0.1' });
  const site = await startSite();
  project.provide('relayUrl', relayUrl);
  project.provide('sitePort', site.port);
  return async () => {
    await site.close();
    await relay.close();
  };
}
