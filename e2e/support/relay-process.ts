/**
 * The relay as the end-to-end suite runs it: a real server process on a fixed port with a
 * durable data directory, which tests can kill and start again (a crash, a deploy) through a
 * small control endpoint, because tests run in other processes than the global set-up.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { healthy, spawnServer, type ServerProcess } from '../../server/tests/process.ts';

export interface RelayControl {
  controlUrl: string;
  close(): Promise<void>;
}

export async function startRelayProcess(port: number, dataDir: string): Promise<RelayControl> {
  // Every e2e person is a new identity from 127.0.0.1 and the scenarios send many messages:
  // the relay's newcomer slow mode and per-address limits (issue #11) are off here, and the
  // tests of those limits start a relay of their own (support/own-relay.ts).
  const env = {
    PORT: String(port),
    STORAGE: 'sqlite',
    DATA_DIR: dataDir,
    NEWCOMER_MINUTES: '0',
    NEW_IDENTITIES_PER_IP: '0',
    MAX_CONNECTIONS_PER_IP: '0',
  };
  const cleanups: Array<() => void> = [];
  let relay: ServerProcess | null = null;

  async function start(): Promise<void> {
    if (relay) return;
    relay = await spawnServer(env, (cleanup) => cleanups.push(cleanup));
    await healthy(relay);
  }

  async function kill(): Promise<void> {
    if (!relay) return;
    relay.child.kill('SIGKILL');
    await relay.exited;
    relay = null;
  }

  await start();
  const control: Server = createServer((request, response) => {
    const action = request.url === '/start' ? start : request.url === '/kill' ? kill : null;
    if (request.method !== 'POST' || !action) {
      response.writeHead(404).end();
      return;
    }
    action().then(
      () => response.writeHead(204).end(),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  return {
    controlUrl: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
    async close() {
      await new Promise((resolve) => control.close(resolve));
      await kill();
      for (const cleanup of cleanups) cleanup();
    },
  };
}
