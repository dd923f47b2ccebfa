/**
 * The checkpointer's thread (sqlite-checkpointer.ts, entered through sqlite-checkpoint-worker.mjs): its own connection to the database, which
 * copies what the WAL holds back into the database file, passively (never waiting for, nor
 * blocking, the relay's writes), every `intervalMs`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from './sqlite-driver.ts';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = openSqlite(file);
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // A busy database is tried again next time; anything else is the relay's to hear.
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
  }
}, intervalMs);
parentPort?.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
parentPort?.postMessage('ready');
