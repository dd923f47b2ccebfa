/**
 * A real relay server for extension tests: the hub under test talks to it over a real
 * socket.io-client connection, exactly as in the browser.
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';

export interface Relay {
  url: string;
  port: number;
  /** Disconnects every client from the server side, as a restarting server would. */
  kick(): void;
  close(): Promise<void>;
}

export async function startRelay(port = 0): Promise<Relay> {
  const app = await buildApp({ config: { ...loadConfig({}), logLevel: 'silent' }, logger: false });
  await app.listen({ port, host: '127.0.0.1' });
  const actual = (app.server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    kick: () => app.io.disconnectSockets(true),
    close: () => app.close(),
  };
}
