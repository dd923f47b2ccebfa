/**
 * WAL checkpoints off the event loop (issue #16). A commit that crosses SQLite's automatic
 * checkpoint threshold copies the WAL into the database file and syncs both, right there in the
 * committing call: on the relay's only thread, that stalls every delivery behind it for tens of
 * milliseconds on a busy disk. So the relay's connection checkpoints nothing itself, and a worker
 * thread with a connection of its own does it in the background (passive checkpoints never block
 * writers). Should that thread fail, the relay's connection takes checkpoints back, as before:
 * the WAL never grows without bound.
 */
import { Worker } from 'node:worker_threads';
import type { SqliteDatabase } from './sqlite-driver.ts';

/** SQLite's own default threshold, in pages, restored when the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

export interface Checkpointer {
  /** Resolves once the worker stopped, its connection closed. */
  stop(): Promise<void>;
}

export function startCheckpointer(
  db: SqliteDatabase,
  file: string,
  { intervalMs = 100, onFailure }: { intervalMs?: number; onFailure: (error: Error) => void },
): Checkpointer {
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(new URL('./sqlite-checkpoint-worker.mjs', import.meta.url), {
    workerData: { file, intervalMs },
  });
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const fallBack = (error: Error): void => {
    if (stopping) return;
    stopping = true;
    db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    onFailure(error);
  };
  worker.once('error', fallBack);
  worker.once('exit', (code) => fallBack(new Error(`the checkpoint thread exited (${code})`)));
  worker.unref();
  return {
    async stop() {
      if (stopping) return exited;
      stopping = true;
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
