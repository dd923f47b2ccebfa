/**
 * Bounds the uploads this process decodes and encodes at once: that work is CPU-heavy (and
 * each waiting upload holds its bytes in memory), so a burst of uploads waits its turn in a
 * bounded line, and one more than the line holds is refused at once rather than queued
 * without end.
 */

/** The line is full: answered 503, try again shortly. */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

export class WorkQueue {
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {}

  /** Runs `work` once fewer than `concurrency` run; throws QueueFullError if the line is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      if (this.#waiting.length >= this.maxWaiting) throw new QueueFullError('too many images are being processed');
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line, so a newcomer cannot overtake it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }

  /** Uploads being processed and waiting: a test's window onto the bounds. */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }
}
