/**
 * Group commit for the SQLite stores (issue #16). The SQLite driver is synchronous, and every write
 * transaction of its own costs a WAL commit (the frames of every page it touched, and the lock
 * taken and given back). Writes that arrive in the same moment are collected instead: each is
 * queued (`add`), and once the event loop's turn is over (`setImmediate`; or `windowMs` after
 * the first, COMMIT_WINDOW_MS), or as soon as `maxBatch` are queued, they all run in ONE
 * transaction, in the order they came. Each write's promise settles only once that transaction
 * has committed (with what the write returned) or failed (every write of the batch then fails
 * with a `BatchError`, and none of it was kept).
 * Whoever acknowledges a send after awaiting its write has it on disk first, with the same
 * durability the database promises (WAL, `synchronous = NORMAL`: survives a killed process).
 *
 * A write nobody waits for (a send's confirmation: the acknowledgement needs only its message
 * kept) goes with `later`: it rides in the next batch that commits anyway, or in one of its own
 * once `laterMs` have passed with none. A crash before then leaves what it would have changed
 * as it was, which its store must find harmless.
 *
 * Stores that keep a little work for the end of the batch (history's per-room counts and
 * trims) register a `beforeCommit` hook, run inside the transaction after the batch's writes, and
 * an `afterBatch` hook, told whether it committed.
 */
import type { SqliteDatabase } from './sqlite-driver.ts';

export class BatchError extends Error {
  override name = 'BatchError';
}

interface Queued {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export interface BatchHooks {
  /** Runs inside the batch's transaction, after its writes; throwing fails the batch. */
  beforeCommit(): void;
  /** After the batch committed (`true`) or was rolled back (`false`). */
  afterBatch(committed: boolean): void;
}

export class GroupCommit {
  /** In the order queued, whether by `add` or `later`. */
  #queue: Queued[] = [];
  /** Cancels the flush that is scheduled, if one is. */
  #scheduled: (() => void) | null = null;
  #laterTimer: NodeJS.Timeout | null = null;
  #closed = false;
  readonly #hooks: BatchHooks[] = [];
  readonly #run: (queue: Queued[]) => unknown[];
  /** Batches committed, and writes in them: for tests and the curious. */
  readonly stats = { batches: 0, writes: 0 };

  constructor(
    db: SqliteDatabase,
    private readonly maxBatch = 512,
    private readonly laterMs = 250,
    private readonly windowMs = 0,
  ) {
    this.#run = db.transaction((queue: Queued[]) => {
      const results = queue.map(({ write }) => write());
      for (const hooks of this.#hooks) hooks.beforeCommit();
      return results;
    });
  }

  hook(hooks: BatchHooks): void {
    this.#hooks.push(hooks);
  }

  /** Queues `write` for the next batch; settles once the transaction holding it committed or failed. */
  add<T>(write: () => T): Promise<T> {
    return this.#enqueue(write, () => {
      this.#scheduled ??= this.#schedule();
    });
  }

  /**
   * Queues `write` to go with the next batch, which may be up to `laterMs` away; settles as `add`
   * does, once that batch committed or failed.
   */
  later<T>(write: () => T): Promise<T> {
    return this.#enqueue(write, () => {
      if (this.#scheduled === null) this.#laterTimer ??= setTimeout(() => this.flush(), this.laterMs);
    });
  }

  /** Queues `write`, then flushes a full batch at once or leaves `schedule` to set when. */
  #enqueue<T>(write: () => T, schedule: () => void): Promise<T> {
    if (this.#closed) return Promise.reject(new BatchError('the database is closed'));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (this.#queue.length >= this.maxBatch) this.flush();
      else schedule();
    });
  }

  #schedule(): () => void {
    if (this.windowMs === 0) {
      const immediate = setImmediate(() => this.flush());
      return () => clearImmediate(immediate);
    }
    const timer = setTimeout(() => this.flush(), this.windowMs);
    return () => clearTimeout(timer);
  }

  /** Commits what is queued now. */
  flush(): void {
    this.#scheduled?.();
    if (this.#laterTimer !== null) clearTimeout(this.#laterTimer);
    this.#scheduled = null;
    this.#laterTimer = null;
    const queue = this.#queue;
    if (queue.length === 0) return;
    this.#queue = [];
    let results: unknown[];
    try {
      results = this.#run(queue);
    } catch (error) {
      for (const hooks of this.#hooks) hooks.afterBatch(false);
      const reason = error instanceof Error ? error.message : String(error);
      const failed = new BatchError(
        `the database did not keep a batch of ${queue.length} write${queue.length === 1 ? '' : 's'}, none of which was kept: ${reason}`,
        { cause: error },
      );
      for (const { reject } of queue) reject(failed);
      return;
    }
    this.stats.batches++;
    this.stats.writes += queue.length;
    for (const hooks of this.#hooks) hooks.afterBatch(true);
    queue.forEach(({ resolve }, index) => resolve(results[index]));
  }

  /** Commits what is queued and refuses any later write. */
  close(): void {
    this.flush();
    this.#closed = true;
  }
}
