/**
 * Builds the extension pointed at a relay on a free port, starts that relay (the real
 * server process, embedded defaults, its data in a temporary directory) and the test site, and hands their addresses to the tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../server/tests/process.ts';
import { startRelayProcess } from './support/relay-process.ts';
import { startSite } from './support/site.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** POST /kill stops the relay as a crash would; POST /start starts it again on the same data. */
    relayControlUrl: string;
    /** The relay the build connects to by default (`WXT_SERVER_URL`). */
    relayUrl: string;
    sitePort: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort();
  const relayUrl = `http://127.0.0.1:${port}`;
  execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit', env: { ...process.env, WXT_SERVER_URL: relayUrl } });
  const dataDir = mkdtempSync(join(tmpdir(), 'samepage-e2e-data-'));
  const relay = await startRelayProcess(port, dataDir);
  const site = await startSite();
  project.provide('relayControlUrl', relay.controlUrl);
  project.provide('relayUrl', relayUrl);
  project.provide('sitePort', site.port);
  return async () => {
    await site.close();
    await relay.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
