/**
 * The server as a real process (`server/main.ts`), for tests of what only a process shows:
 * start-up from the environment, signals, and crashes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CONFIG_VARIABLES } from '../config.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A port that was free a moment ago: a server that restarts must listen on a known one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `server/main.ts` with `env` on top of a clean environment: no configuration variable
 * and no DEBUG (Socket.IO's own tracing would print packets) leak in from the test runner.
 * Like the in-process servers (harness.ts, TEST_DEFAULTS), it runs with the per-address budgets
 * the newcomer hold-back and the automatic slow mode off unless `env` sets them: every test user is new and comes from
 * 127.0.0.1. The process is killed when the test finishes, if it is still running.
 */
export async function spawnServer(
  env: Record<string, string>,
  onTestFinished: (fn: () => void) => void,
): Promise<ServerProcess> {
  const scrubbed = new Set([...CONFIG_VARIABLES.map(({ env: name }) => name), 'DEBUG']);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !scrubbed.has(name)));
  const port = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...inherited,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      STORAGE: 'memory',
      PORT: port,
      MAX_CONNECTIONS_PER_IP: '0',
      NEW_IDENTITIES_PER_IP: '0',
      NEWCOMER_MINUTES: '0',
      AUTO_SLOW_MODE_PER_SECOND: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, url: `http://127.0.0.1:${port}`, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Polls `/healthz` until it answers; fails early if the process exits. */
export async function healthy(server: ServerProcess, timeoutMs = 30_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      return await fetch(`${server.url}/healthz`);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`server not healthy; stderr:\n${server.stderr()}`);
}
