import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFile, openDatabase } from './sqlite.ts';
import { startCheckpointer } from './sqlite-checkpointer.ts';
import type { SqliteDatabase } from './sqlite-driver.ts';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function database(): { db: SqliteDatabase; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-checkpoint-'));
  const db = openDatabase(dir);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => db.close());
  return { db, file: databaseFile(dir) };
}

/** Commits `n` transactions of a few pages each, as a busy relay would. */
function write(db: SqliteDatabase, n: number, from = 0): void {
  const insert = db.prepare('INSERT INTO messages (room, id, at, message, lane) VALUES (?, ?, ?, ?, ?)');
  for (let i = from; i < from + n; i++)
    insert.run(`room${i % 50}`, String(i).padStart(12, '0'), i, 'x'.repeat(2000), 'trusted');
}

const walPages = (file: string): number => statSync(`${file}-wal`).size / 4096;
const until = async (done: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('the checkpoint thread', () => {
  it('takes the checkpoints off the relay connection and keeps the WAL from growing', { timeout: 60_000 }, async () => {
    const { db, file } = database();
    const failures: Error[] = [];
    const checkpointer = startCheckpointer(db, file, { intervalMs: 20, onFailure: (error) => failures.push(error) });
    cleanups.push(() => checkpointer.stop());
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // Each round writes far more than SQLite's own 1000-page threshold, which nobody on this
    // connection checks any more; the thread's checkpoints let the WAL start over after each.
    // Unchecked, five rounds would make it five times as long as one.
    let oneRound = 0;
    for (let round = 0; round < 5; round++) {
      write(db, 3000, round * 3000);
      if (round === 0) oneRound = walPages(file);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 15_000 });
    expect(walPages(file)).toBeLessThan(2 * oneRound);
    expect(failures).toEqual([]);
  });

  it('hands the checkpoints back to the relay connection when the thread fails', async () => {
    const { db } = database();
    const failures: Error[] = [];
    const checkpointer = startCheckpointer(db, '/nonexistent/samepage.db', {
      onFailure: (error) => failures.push(error),
    });
    cleanups.push(() => checkpointer.stop());
    await until(() => failures.length > 0);
    expect(failures[0]?.message).toMatch(/unable to open|cannot open|no such/i);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('stops, closing its connection, and may be stopped twice', async () => {
    const { db, file } = database();
    const checkpointer = startCheckpointer(db, file, { onFailure: () => undefined });
    await checkpointer.stop();
    await checkpointer.stop();
    write(db, 10);
  });
});
