/**
 * A real redis-server for the multi-node tests: Debian's binary on a free port with a
 * temporary directory and no automatic persistence. `stop` saves first (SHUTDOWN SAVE), so
 * that `start` brings the same data back: an outage, not a data loss.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './process.ts';

const BINARY = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export interface TestRedis {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open and nothing answers, as when Redis hangs. */
  freeze(): void;
  thaw(): void;
  /** One command through redis-cli; its reply as redis-cli prints it. */
  command(args: string[]): Promise<string>;
  /** Stops it for good and removes its directory. */
  dispose(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'samepage-redis-'));
  let child: ChildProcess | null = null;

  async function start(): Promise<void> {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
    const started = spawn(BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      started.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      started.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
    });
  }

  async function stop(): Promise<void> {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    const socket = connect(port, '127.0.0.1', () => socket.write('SHUTDOWN SAVE\r\n'));
    socket.on('error', () => undefined);
    await exited;
    socket.destroy();
  }

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
    command: (args) =>
      new Promise((resolve, reject) => {
        execFile(BINARY.replace(/redis-server$/, 'redis-cli'), ['-p', String(port), ...args], (error, stdout) =>
          error ? reject(error) : resolve(stdout),
        );
      }),
    async dispose() {
      child?.kill('SIGCONT');
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
